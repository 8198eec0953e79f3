"""The per-value Python work of `load --initial` over the machine's cores.

What polars cannot compute is done value by value in Python: sealing victims' values (an HMAC
and AES-GCM each), link ids (SHA-1), identifier ids (HMAC) and phone numbers (phonenumbers).
At a million persons that is millions of calls, one core's work for most of a minute; here it
is spread over worker processes (started fresh, never forked from a process running polars'
threads). Small loads stay in this process: starting workers costs more than it saves.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from graph.runtime import die_with_parent
from graph.sealing import Sealer, spelling_record
from ingest.identifiers import normalise

__all__ = ["Workers"]

#: Below this many values the work is done here, without workers.
PARALLEL_FROM = 50_000
_CHUNKS_PER_WORKER = 4

_sealer: Sealer | None = None


def _start(parts: tuple[str, bytes, bytes, bytes] | None, loader: int) -> None:
    global _sealer  # one sealer per worker process, made once
    die_with_parent()  # a load killed with SIGKILL leaves no worker holding victims' values
    if os.getppid() != loader:
        # The load died while this worker was starting, before it could ask to die with it: an
        # orphan would wait on its queue for ever (it holds the queue's other end), key in hand.
        os._exit(1)
    _sealer = Sealer.from_parts(*parts) if parts else None


def _seal(rows: list[tuple[Any, str, str]]) -> list[str | None]:
    assert _sealer is not None
    return [_sealer.seal(value, record=record, field=name) for value, record, name in rows]


def _blind(rows: list[tuple[str, str]]) -> list[str]:
    assert _sealer is not None
    return [_sealer.blind(kind, value) for kind, value in rows]


def _link_id(keys: list[str]) -> list[str]:
    # As writer.link_id: the SHA-1 of the link's ends, type, case and start, 20 hex digits.
    return [hashlib.sha1(key.encode()).hexdigest()[:20] for key in keys]


def _normalise(rows: list[tuple[str, str, str | None]]) -> list[str | None]:
    """Each identifier's normal form, or None where it is not valid (the row pass says why)."""
    out: list[str | None] = []
    for kind, value, region in rows:
        try:
            out.append(normalise(kind, value, region))
        except ValueError:
            out.append(None)
    return out


def _listed(values: Sequence[Any]) -> list[Any]:
    to_list = getattr(values, "to_list", None)  # a polars Series: one conversion, not one per value
    return to_list() if to_list is not None else list(values)


class Workers:
    """Worker processes for one load, started on first need; a context manager."""

    def __init__(self, sealer: Sealer | None, processes: int | None = None) -> None:
        self.sealer = sealer
        self.processes = processes or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def _map(self, task: Callable[[list[Any]], list[Any]], items: Sequence[Any]) -> list[Any]:
        global _sealer  # here: this load's sealer, for the task done in this process
        if self.processes < 2 or len(items) < PARALLEL_FROM:
            _sealer = self.sealer
            try:
                return task(list(items))
            finally:
                _sealer = None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start,
                                             initargs=(self.sealer.parts() if self.sealer else None, os.getpid()))
        size = -(-len(items) // (self.processes * _CHUNKS_PER_WORKER))
        chunks = [list(items[i:i + size]) for i in range(0, len(items), size)]
        return [value for done in self._pool.map(task, chunks) for value in done]

    def seal(self, values: Sequence[Any], records: Sequence[str], field: str) -> list[str | None]:
        return self._map(_seal, [(v, r, field) for v, r in zip(_listed(values), _listed(records), strict=True)])

    def seal_spellings(self, values: Sequence[str], owners: Sequence[str], ids: Sequence[str]) -> list[str | None]:
        records = [spelling_record(owner, iid) for owner, iid in zip(_listed(owners), _listed(ids), strict=True)]
        return self.seal(values, records, "raw_value")

    def blind(self, kinds: Sequence[str], values: Sequence[str]) -> list[str]:
        return self._map(_blind, list(zip(_listed(kinds), _listed(values), strict=True)))

    def link_ids(self, keys: Sequence[str]) -> list[str]:
        return self._map(_link_id, keys)

    def normalise(self, kinds: Sequence[str], values: Sequence[str], region: str | None) -> list[str | None]:
        return self._map(_normalise, [(k, v, region) for k, v in zip(_listed(kinds), _listed(values), strict=True)])
