"""Scores of pairs already compared, kept on disk: a `match list` on a graph that has not changed
since the last one does not start nomenklatura at all (its name tables cost 10-60 s to build).

A score is a pure function of the two records and of the matching libraries' versions, so each
pair is filed under a digest of exactly those. A record that changes gets a new digest: its pairs
are scored afresh. Victims' values are part of what is digested, so the digest is keyed (the
sealer's blind index): the file says nothing of them, and its reasons say `[sealed]` where they
would quote one. The file is the operator's, like the audit log (mode 600 in THBGRAPH_HOME).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import closing
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from resolve.candidates import ALGORITHM, MAX_BLOCK, Candidate, Record, candidates, score

FILE = "match-scores.sqlite3"
#: Scores read from the file, by digest: (score, reasons, features).
Stored = tuple[float, tuple[str, ...], dict[str, float]]


@cache
def _versions() -> str:
    found = []
    for package in ("nomenklatura", "rigour", "followthemoney"):
        try:
            found.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            found.append(f"{package}=?")
    return ",".join(found)


def _text(record: Record) -> str:
    return json.dumps([record.id, record.kind, sorted(record.cases), record.name, record.birth_date, record.country,
                       [[i.kind, i.key, i.shown] for i in record.identifiers], record.sealed])


class ScoreFile:
    """The scores of one THBGRAPH_HOME. `digest` keys the file (the sealer's blind index when victims
    are compared; a plain SHA-256 otherwise)."""

    def __init__(self, path: Path, digest: Callable[[str], str] | None = None,
                 scorer: Callable[[Record, Record], Candidate] = score) -> None:
        self.path = path
        self.digest = digest or (lambda text: hashlib.sha256(text.encode()).hexdigest())
        self.scorer = scorer  # the service scores in a process of its own (service/match_process.py)
        self.stored: dict[str, Stored] = self._read()
        self.used: dict[str, Stored] = {}
        self.missed = 0

    def _read(self) -> dict[str, Stored]:
        if not self.path.exists():
            return {}
        try:
            with closing(sqlite3.connect(self.path)) as db:
                rows = db.execute("SELECT key, score, reasons, features FROM scores").fetchall()
        except sqlite3.Error:
            return {}  # a damaged or older file: scored afresh, and rewritten
        return {k: (s, tuple(json.loads(r)), json.loads(f)) for k, s, r, f in rows}

    def key(self, a: Record, b: Record) -> str:
        return self.digest(f"{ALGORITHM}\x1f{_versions()}\x1f{_text(a)}\x1f{_text(b)}")

    def score(self, a: Record, b: Record) -> Candidate:
        """`candidates.score`, from the file when this pair was scored before."""
        a, b = (a, b) if a.id < b.id else (b, a)
        key = self.key(a, b)
        found = self.stored.get(key)
        if found is None:
            self.missed += 1
            c = self.scorer(a, b)
            found = (c.score, c.reasons, c.features)
        self.used[key] = found
        value, reasons, features = found
        return Candidate(a, b, value, reasons, ALGORITHM, features)

    def save(self) -> None:
        """Keep the pairs of this run only (a changed record's old pairs go), if any was new."""
        if not self.missed and len(self.used) == len(self.stored):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Several service workers may save at once: each its own draft, the last one moved in wins.
        draft = self.path.with_name(f"{self.path.name}.{os.getpid()}.{threading.get_ident()}.new")
        draft.unlink(missing_ok=True)
        os.close(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with closing(sqlite3.connect(draft)) as db, db:
            db.execute("CREATE TABLE scores (key TEXT PRIMARY KEY, score REAL, reasons TEXT, features TEXT)")
            db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?)",
                           ((k, s, json.dumps(list(r)), json.dumps(f)) for k, (s, r, f) in self.used.items()))
        os.replace(draft, self.path)
        self.stored = dict(self.used)


def scored(records: Iterable[Record], file: ScoreFile, threshold: float, max_block: int = MAX_BLOCK) -> list[Candidate]:
    """`candidates.candidates`, scoring through the file, which is saved afterwards."""
    found = list(candidates(records, threshold, max_block, score_pair=file.score))
    file.save()
    return found
