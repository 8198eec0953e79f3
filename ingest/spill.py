"""Validated rows kept on disk between validation and the write, so each row is parsed once.

The validation pass used to keep only ids and the writer re-read and re-validated every
row: at 100,000 persons that second pass cost as much as the first. Rows that passed go
here instead, pickled in batches to a private temporary file per table, so memory stays
one batch deep whatever the bundle's size. The files go when the bundle is closed or
collected.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Rows per pickled batch: large enough that pickling costs little per row.
SPILL_BATCH = 5000


class Spill:
    """Per table, the validated rows (dicts, as `model_dump` gives them), in file order."""

    def __init__(self) -> None:
        # Victims' values pass through here in clear before they are sealed: mode 0700, as the store.
        self._dir = tempfile.TemporaryDirectory(prefix="thbgraph-rows-")
        self._pending: dict[str, list[dict[str, Any]]] = {}

    def path(self, table: str) -> Path:
        return Path(self._dir.name) / f"{table}.pickle"

    def add(self, table: str, row: dict[str, Any]) -> None:
        batch = self._pending.setdefault(table, [])
        batch.append(row)
        if len(batch) >= SPILL_BATCH:
            self.flush(table)

    def flush(self, table: str) -> None:
        batch = self._pending.pop(table, None)
        if batch:
            with self.path(table).open("ab") as out:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        self.flush(table)
        path = self.path(table)
        if not path.exists():
            return
        with path.open("rb") as handle:
            while True:
                try:
                    batch = pickle.load(handle)
                except EOFError:
                    return
                yield from batch

    def close(self) -> None:
        self._dir.cleanup()
