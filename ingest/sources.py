"""Where a bundle's raw rows come from: a directory of CSV files, or one JSON file.

Each source yields (line, {column: value}) per row of a table and reports file-level
problems (a missing mandatory file, a header without rows, text that is not UTF-8);
the checks on the rows are `ingest.checker`'s.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ingest.errors import BundleInvalid, RowError
from ingest.models import ROW_MODELS

#: Load order: every table only refers to tables before it (links' evidence_id aside).
TABLES = ("cases", "persons", "businesses", "roles", "links", "evidence", "identifiers")
MANDATORY_TABLES = ("cases", "persons")

# Validation order: roles before evidence (a victim's testimony is never independent of
# the victim) and evidence before links (links cite evidence).
CHECK_ORDER = ("cases", "persons", "businesses", "roles", "evidence", "links", "identifiers")
MISSING_COLUMN = "missing required column"


class CsvSource:
    """A directory with one `<table>.csv` per table."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def file(self, table: str) -> str:
        return f"{table}.csv"

    def rows(self, table: str, problems: list[RowError]) -> Iterator[tuple[int, Any]]:
        """(line, {column: cell}) per non-blank row; file-level problems go to `problems`."""
        file = self.file(table)
        path = self.path / file
        if not path.is_file():
            if table in MANDATORY_TABLES:
                problems.append(RowError(file, None, None, "mandatory file is missing", table))
            return
        required = [name for name, f in ROW_MODELS[table].model_fields.items() if f.is_required()]
        rows = 0
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader, None)
                if header is None:
                    problems.append(RowError(file, None, None, "file is empty (expected a header row)", table))
                    return
                columns = [name.strip().lower() for name in header]
                for name in required:
                    if name not in columns:
                        problems.append(RowError(file, 1, name, MISSING_COLUMN, table))
                last = reader.line_num
                for record in reader:
                    # line_num counts physical lines: a quoted cell may span several.
                    line, last = last + 1, reader.line_num
                    if not "".join(record).strip():
                        continue
                    rows += 1
                    if len(record) > len(columns):
                        problems.append(
                            RowError(
                                file,
                                line,
                                None,
                                f"{len(record)} cells but the header has {len(columns)} columns "
                                "(a comma inside a value needs quotes)",
                                table,
                            )
                        )
                    yield line, dict(zip(columns, record))
            except UnicodeDecodeError as e:
                problems.append(RowError(file, None, None, f"not UTF-8 text ({e.reason})", table))
            except csv.Error as e:
                problems.append(RowError(file, reader.line_num, None, f"unreadable CSV: {e}", table))
        if rows == 0 and table in MANDATORY_TABLES:
            problems.append(RowError(file, None, None, "no rows (a header alone is not a bundle)", table))


class JsonSource:
    """One JSON file `{"cases": [...], "persons": [...], ...}`, parsed once per pass."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._document: dict[str, Any] | None = None
        self._problem: RowError | None = None

    def file(self, table: str) -> str:
        return self.path.name

    def _load(self) -> dict[str, Any] | None:
        if self._document is None and self._problem is None:
            try:
                document = json.loads(self.path.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError as e:
                self._problem = RowError(self.path.name, None, None, f"not UTF-8 text ({e.reason})")
            except json.JSONDecodeError as e:
                message = f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
                self._problem = RowError(self.path.name, None, None, message)
            except ValueError as e:  # an integer of more than 4,300 digits
                self._problem = RowError(self.path.name, None, None, f"not valid JSON: {e}")
            except RecursionError:
                self._problem = RowError(self.path.name, None, None, "not a bundle: JSON nested too deeply")
            else:
                if isinstance(document, dict):
                    self._document = document
                else:
                    message = "a JSON bundle must be an object with one list of rows per table"
                    self._problem = RowError(self.path.name, None, None, message)
        return self._document

    def rows(self, table: str, problems: list[RowError]) -> Iterator[tuple[int, Any]]:
        document = self._load()
        if document is None:
            # Report a broken file once, with the first table asked for.
            if self._problem is not None and table == CHECK_ORDER[0]:
                problems.append(self._problem)
            return
        file = self.path.name
        rows = document.get(table)
        if rows is None:
            if table in MANDATORY_TABLES:
                problems.append(RowError(file, None, None, f"mandatory table {table!r} is missing", table))
            return
        if not isinstance(rows, list):
            problems.append(RowError(file, None, None, f"table {table!r} must be a list of rows", table))
            return
        if not rows and table in MANDATORY_TABLES:
            problems.append(RowError(file, None, None, f"table {table!r} has no rows", table))
        yield from enumerate(rows, start=1)


Source = CsvSource | JsonSource


def source(path: Path) -> Source:
    if path.is_dir():
        return CsvSource(path)
    if path.is_file() and path.suffix.lower() == ".json":
        return JsonSource(path)
    if path.exists():
        message = "not a bundle: expected a directory of CSV files or one .json file"
    else:
        message = "no such file or directory"
    raise BundleInvalid([RowError(str(path), None, None, message)])


class RawRow(NamedTuple):
    """A row as read, before any check."""

    table: str
    file: str
    line: int
    values: dict[str, Any]


def raw_rows(path: Path) -> Iterator[RawRow]:
    """Every row of every table as read, unchecked, in file order: for checks that must come before
    validation and see each row, valid or not (the API's upload scope). Rows that are not objects,
    and files that cannot be read, are left to `read_bundle` to report."""
    found = source(Path(path))
    for table in TABLES:
        for line, raw in found.rows(table, []):
            if isinstance(raw, dict):
                yield RawRow(table, found.file(table), line, raw)
