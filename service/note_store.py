"""Notes on a case's persons (Aleph's notes, i2's annotations), written by investigators and prosecutors:
a small SQLite file beside the users', the plans' and the views'.

A note about a victim is sealed like her other values (AES-GCM under the victim-data key, graph/sealing.py):
the file never holds it in clear; the caller opens it for a reader with a purpose, and audits that.
Need-to-know is the caller's: only a case's own users reach its notes (web/context.py).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.sealing import Sealer
from service import private_db

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    note_id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    text TEXT NOT NULL,
    sealed INTEGER NOT NULL,
    author TEXT NOT NULL,
    written_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notes_subject ON notes(case_id, subject_id);
"""


@dataclass(frozen=True)
class Note:
    note_id: int
    case_id: str
    subject_id: str  # a real id (never a pseudonym)
    text: str  # sealed when `sealed`
    sealed: bool
    author: str
    written_at: str

    def opened(self, sealer: Sealer) -> str:
        return sealer.open(self.text, record=self.subject_id, field=_field(self.case_id)) if self.sealed else self.text


def _field(case_id: str) -> str:
    return f"note in {case_id}"


class NoteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        private_db.create(path, SCHEMA)

    def _db(self) -> AbstractContextManager[sqlite3.Connection]:
        return private_db.connect(self.path)

    def add(self, case_id: str, subject_id: str, text: str, author: str, sealer: Sealer | None) -> Note:
        """A note; sealed with `sealer` (given for a victim), in clear otherwise."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        stored = sealer.seal(text, record=subject_id, field=_field(case_id)) if sealer else text
        with self._db() as db:
            cur = db.execute("INSERT INTO notes (case_id, subject_id, text, sealed, author, written_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (case_id, subject_id, stored, int(bool(sealer)), author, now))
        return Note(int(cur.lastrowid or 0), case_id, subject_id, stored or "", bool(sealer), author, now)

    def list(self, case_id: str, subject_id: str) -> list[Note]:
        with self._db() as db:
            rows = db.execute("SELECT note_id, case_id, subject_id, text, sealed, author, written_at FROM notes "
                              "WHERE case_id = ? AND subject_id = ? ORDER BY note_id", (case_id, subject_id)).fetchall()
        return [Note(i, c, s, t, bool(x), a, w) for i, c, s, t, x, a, w in rows]


def note_store(home: Path) -> NoteStore:
    return NoteStore(home / "notes.sqlite3")
