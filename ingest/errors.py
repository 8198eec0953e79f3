"""The exceptions of ingest/: every problem names its file, line and field."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import ThbgraphError

__all__ = ["RowError", "IngestError", "BundleInvalid", "CaseExists"]

#: How many problems `str(BundleInvalid)` spells out before summing up the rest.
SHOWN_ERRORS = 50


@dataclass(frozen=True)
class RowError:
    """One problem in a bundle, located as precisely as it can be."""

    #: The file as the user knows it: "persons.csv", "bundle.json".
    file: str
    #: 1-based line in a CSV file (the header is line 1), or, in a JSON bundle, the
    #: row's index + 1 within its table; None for whole-file problems.
    line: int | None
    #: The column, or None for whole-row and whole-file problems.
    field: str | None
    message: str
    #: The table ("persons"), when the problem belongs to one.
    table: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            # A JSON bundle holds every table in one file: name the table and the row.
            if self.file.endswith(".json") and self.table:
                where.append(f"{self.table} row {self.line}")
            else:
                where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"


class IngestError(ThbgraphError):
    """Base class of the errors raised while reading or loading a bundle."""


class BundleInvalid(IngestError):
    """A bundle failed validation; `errors` holds the problems found, not just the first (up to
    `ingest.limits.MAX_PROBLEMS`), `more` counts those found past them."""

    def __init__(self, errors: list[RowError], more: int = 0) -> None:
        self.errors = errors
        self.more = more
        super().__init__(self._describe())

    @property
    def total(self) -> int:
        return len(self.errors) + self.more

    def _describe(self) -> str:
        lines = [f"the bundle has {self.total} problem(s):"]
        lines += [f"  {error}" for error in self.errors[:SHOWN_ERRORS]]
        if self.total > SHOWN_ERRORS:
            lines.append(f"  ... and {self.total - SHOWN_ERRORS} more")
        return "\n".join(lines)


class CaseExists(IngestError, ValueError):
    """`thbgraph case new` names a case the graph holds: a case is never overwritten (a bundle's
    cases.csv updates one). A ValueError too, as it was before it had a name."""
