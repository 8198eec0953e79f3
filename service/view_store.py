"""Network views saved to a case (by the web app's network page): named pictures of a case, shared with
the case's users, one per author and name. A small SQLite file beside the users' and the plans'.

A view holds ids (real ids: the web app maps a victim's pseudonym to her id before saving, and back
when it opens the view for a reader who sees pseudonyms), positions and the filters; its name is the
author's text. Need-to-know is the caller's: only a case's own users reach its views (web/context.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.small_store import SmallStore, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS views (
    view_id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    UNIQUE (case_id, author, name)
);
"""


@dataclass(frozen=True)
class SavedView:
    view_id: int
    case_id: str
    name: str
    body: dict[str, Any]  # {"positions": {id: [x, y]}, "shown": [id], "opened": [id], "zoom", "pan", filters}
    author: str
    saved_at: str


#: (Outside the class: its `list` method would shadow the type.)
Views = list[SavedView]
COLUMNS = "SELECT view_id, case_id, name, body, author, saved_at FROM views"


class ViewStore(SmallStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def save(self, case_id: str, name: str, body: dict[str, Any], author: str) -> SavedView:
        """Saved under this name; an author's view of the same name is replaced (keeping its number)."""
        at = now()
        self.write("INSERT INTO views (case_id, name, body, author, saved_at) VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT (case_id, author, name) DO UPDATE SET body = excluded.body, "
                   "saved_at = excluded.saved_at", (case_id, name, json.dumps(body), author, at))
        # lastrowid is not the kept row's after an update: read its number back
        [(view_id,)] = self.rows("SELECT view_id FROM views WHERE case_id = ? AND author = ? AND name = ?",
                                 (case_id, author, name))
        return SavedView(int(view_id), case_id, name, body, author, at)

    def list(self, case_id: str) -> list[SavedView]:
        return self._views(f"{COLUMNS} WHERE case_id = ? ORDER BY view_id", (case_id,))

    def get(self, case_id: str, view_id: int) -> SavedView | None:
        """A view of this case; None for another case's, as for one that does not exist."""
        return next(iter(self._views(f"{COLUMNS} WHERE case_id = ? AND view_id = ?", (case_id, view_id))), None)

    def _views(self, sql: str, params: tuple[object, ...]) -> Views:
        return [SavedView(i, c, n, json.loads(b), a, s) for i, c, n, b, a, s in self.rows(sql, params)]


def view_store(home: Path) -> ViewStore:
    return ViewStore(home / "views.sqlite3")
