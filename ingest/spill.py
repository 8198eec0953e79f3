"""Validated rows kept on disk between validation and the write, so each row is parsed once.

The validation pass used to keep only ids and the writer re-read and re-validated every
row: at 100,000 persons that second pass cost as much as the first. Rows that passed go
here instead, pickled in batches to a private temporary file per table, so memory stays
one batch deep whatever the bundle's size. The files go when the bundle is closed or
collected; a loader killed outright cannot remove its own, so the next one removes those of
processes that are gone (`sweep_orphans`). Each batch is sealed (AES-GCM) under a key that lives only in this object: victims'
values pass through here before the loader seals them, and a crash must not leave them on disk
in clear.
"""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

#: Rows per pickled batch: large enough that pickling costs little per row.
SPILL_BATCH = 5000
_PREFIX = "thbgraph-rows-"


class Spill:
    """Per table, the validated rows (dicts, as `model_dump` gives them), in file order."""

    def __init__(self) -> None:
        # Mode 0700, and each batch sealed: victims' values pass through here before the loader seals them.
        sweep_orphans()
        self._dir = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-")
        self._pending: dict[str, list[dict[str, Any]]] = {}
        self._aead = AESGCM(AESGCM.generate_key(bit_length=256))
        self._batches: dict[str, int] = {}

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
            number = self._batches.get(table, 0)
            self._batches[table] = number + 1
            nonce = os.urandom(12)
            sealed = self._aead.encrypt(nonce, pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL),
                                        _place(table, number))
            with self.path(table).open("ab") as out:
                out.write(struct.pack(">Q", len(sealed)) + nonce + sealed)

    def rows(self, table: str) -> Iterator[dict[str, Any]]:
        self.flush(table)
        path = self.path(table)
        if not path.exists():
            return
        with path.open("rb") as handle:
            number = 0
            while header := handle.read(8):
                (size,) = struct.unpack(">Q", header)
                nonce, sealed = handle.read(12), handle.read(size)
                # Only what this object wrote, in its place, opens: so the pickle is ours to trust.
                yield from pickle.loads(self._aead.decrypt(nonce, sealed, _place(table, number)))
                number += 1

    def close(self) -> None:
        self._dir.cleanup()


def sweep_orphans(root: Path | None = None) -> list[Path]:
    """Remove the row folders of loaders that died without closing them (SIGKILL, power cut).

    Their batches are sealed under a key that died with them, so they hold nothing readable:
    this is tidiness, not secrecy. A folder counts as orphaned when the process its name
    carries no longer runs; one whose number a new process has taken stays until that ends.
    """
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir() or folder.stat().st_uid != os.getuid() or _running(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _place(table: str, number: int) -> bytes:
    """The batch's table and position, bound to its seal: no batch can be moved, repeated or swapped."""
    return f"{table}:{number}".encode()
