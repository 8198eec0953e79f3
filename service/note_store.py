"""Notes on a case's persons, businesses and links (Aleph's notes, i2's annotations), written by investigators
and prosecutors: a small SQLite file beside the users', the plans' and the views'.

A note's subject is a key (`subject_key`): a person's real id as it stands (the first notes were on persons
only), `business:ID`, or `link:SOURCE|TYPE|TARGET` (real ids: a link has no id of its own).

A note about a victim is sealed like her other values (AES-GCM under the victim-data key, graph/sealing.py):
the file never holds it in clear; the caller opens it for a reader with a purpose, and audits that.
Need-to-know is the caller's: only a case's own users reach its notes (web/context.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph.sealing import Sealer
from service.small_store import SmallStore, now

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
    subject_id: str  # `subject_key`: real ids (never a pseudonym)
    text: str  # sealed when `sealed`
    sealed: bool
    author: str
    written_at: str

    def opened(self, sealer: Sealer) -> str:
        return sealer.open(self.text, record=self.subject_id, field=_field(self.case_id)) if self.sealed else self.text


def _field(case_id: str) -> str:
    return f"note in {case_id}"


Kind = Literal["person", "business", "link"]


def subject_key(kind: Kind, subject_id: str) -> str:
    """The stored subject of a note on a person (their real id), a business, or a link (`SOURCE|TYPE|TARGET`)."""
    return subject_id if kind == "person" else f"{kind}:{subject_id}"


def subject_of(key: str) -> tuple[Kind, str]:
    """`subject_key` read back."""
    kind, sep, rest = key.partition(":")
    if sep and kind == "business":
        return "business", rest
    if sep and kind == "link":
        return "link", rest
    return "person", key


#: (Outside the class: its `list` method would shadow the type.)
Notes = list[Note]
COLUMNS = "SELECT note_id, case_id, subject_id, text, sealed, author, written_at FROM notes"


class NoteStore(SmallStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def add(self, case_id: str, subject_id: str, text: str, author: str, sealer: Sealer | None) -> Note:
        """A note; sealed with `sealer` (given for a victim, or a link to one), in clear otherwise."""
        at = now()
        stored = sealer.seal(text, record=subject_id, field=_field(case_id)) if sealer else text
        note_id = self.write("INSERT INTO notes (case_id, subject_id, text, sealed, author, written_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", (case_id, subject_id, stored, int(bool(sealer)), author, at))
        return Note(note_id, case_id, subject_id, stored or "", bool(sealer), author, at)

    def list(self, case_id: str, subject_id: str) -> list[Note]:
        return self._notes(f"{COLUMNS} WHERE case_id = ? AND subject_id = ? ORDER BY note_id", (case_id, subject_id))

    def case(self, case_id: str) -> Notes:
        """Every note of a case, in the order written (the court PDF's choice of notes)."""
        return self._notes(f"{COLUMNS} WHERE case_id = ? ORDER BY note_id", (case_id,))

    def _notes(self, sql: str, params: tuple[object, ...]) -> Notes:
        return [Note(i, c, s, t, bool(x), a, w) for i, c, s, t, x, a, w in self.rows(sql, params)]


def note_store(home: Path) -> NoteStore:
    return NoteStore(home / "notes.sqlite3")
