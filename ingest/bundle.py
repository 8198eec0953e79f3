"""Read and validate a case bundle: a directory of CSV files or one JSON file.

Validation is one streaming pass (`ingest.checker`) that keeps only ids (never the rows),
checks every row and every reference, and reports all problems at once (the first
`MAX_PROBLEMS` of them, and how many more): a bundle loads whole or not at all. The rows that
passed wait on disk (`ingest.spill`) for the writer (`Bundle.records()`), so a bundle of 100k
persons is never held in memory and no row is parsed twice; `Bundle.rows()` re-reads the files
(`ingest.sources`) as models.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ingest.checker import Checker, KnownIds, row_error
from ingest.errors import BundleInvalid, RowError
from ingest.models import INDICATORS, ROW_MODELS
from ingest.sources import MANDATORY_TABLES, TABLES, RawRow, raw_rows, source
from ingest.spill import Spill

__all__ = ["TABLES", "MANDATORY_TABLES", "KnownIds", "Bundle", "RawRow", "raw_rows", "read_bundle"]


@dataclass
class Bundle:
    """A validated bundle; `rows()` streams its rows again from disk."""

    path: Path
    #: Rows per table (0 for an absent optional table).
    counts: dict[str, int]
    #: Every person/business id in the bundle or referenced from the graph -> "Person" | "Business".
    kinds: dict[str, str]
    _context: dict[str, Any] = field(default_factory=dict, repr=False)
    _spill: Spill | None = field(default=None, repr=False)

    def records(self, table: str) -> Iterator[dict[str, Any]]:
        """The table's validated rows as dicts (`model_dump`), as the validation left them."""
        if self._spill is None:
            yield from (row.model_dump() for row in self.rows(table))
        else:
            yield from self._spill.rows(table)

    def close(self) -> None:
        """Remove the validated rows kept on disk (also done when the bundle is collected)."""
        if self._spill is not None:
            self._spill.close()

    def rows(self, table: str) -> Iterator[BaseModel]:
        """The table's rows as validated models, read lazily from disk."""
        if table not in ROW_MODELS:
            raise ValueError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")
        found = source(self.path)
        model = ROW_MODELS[table]
        problems: list[RowError] = []
        for line, raw in found.rows(table, problems):
            try:
                yield model.model_validate(raw, context=self._context)
            except ValidationError as e:  # the file changed since it was validated
                errors = [row_error(found.file(table), table, line, err) for err in e.errors(include_url=False)]
                raise BundleInvalid(errors) from e
        if problems:
            raise BundleInvalid(problems)


def read_bundle(
    path: Path, *, known_ids: KnownIds | None = None, indicators: frozenset[str] | None = None
) -> Bundle:
    """Validate the bundle at `path` and return it; raise BundleInvalid listing every problem.

    `known_ids` is asked, once, about the ids the bundle refers to without defining them;
    `indicators` replaces the evidence vocabulary (default: `ingest.vocabulary.INDICATORS`).
    """
    path = Path(path)
    context: dict[str, Any] = {"indicators": indicators or INDICATORS}
    checker = Checker(source(path), known_ids, context)
    try:
        checker.run()
    except BaseException:
        checker.spill.close()
        raise
    if checker.problems:
        checker.spill.close()
        raise BundleInvalid(list(checker.problems), more=checker.problems.more)
    counts = {table: checker.counts.get(table, 0) for table in TABLES}
    return Bundle(path=path, counts=counts, kinds=checker.kinds, _context=context, _spill=checker.spill)
