"""Charge plans saved to a case (by the web app's workbench): a small SQLite file beside the users'.

A plan holds ids, codes and the title its author gave; need-to-know is the caller's: only a case's
own users reach its plans (web/context.py checks the case before any call here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.small_store import SmallStore, now

SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    plan_id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plans_case ON plans(case_id);
"""


@dataclass(frozen=True)
class SavedPlan:
    plan_id: int
    case_id: str
    title: str
    body: dict[str, Any]  # the plan as docs/plans.md writes it (its JSON form)
    author: str
    saved_at: str


class PlanStore(SmallStore):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def save(self, case_id: str, body: dict[str, Any], author: str) -> SavedPlan:
        at = now()
        plan_id = self.write("INSERT INTO plans (case_id, title, body, author, saved_at) VALUES (?, ?, ?, ?, ?)",
                             (case_id, body["title"], json.dumps(body), author, at))
        return SavedPlan(plan_id, case_id, body["title"], body, author, at)

    def list(self, case_id: str) -> list[SavedPlan]:
        rows = self.rows("SELECT plan_id, case_id, title, body, author, saved_at FROM plans WHERE case_id = ? "
                         "ORDER BY plan_id", (case_id,))
        return [SavedPlan(i, c, t, json.loads(b), a, s) for i, c, t, b, a, s in rows]

    def get(self, case_id: str, plan_id: int) -> SavedPlan | None:
        """A plan of this case; None for another case's, as for one that does not exist."""
        return next((p for p in self.list(case_id) if p.plan_id == plan_id), None)


def plan_store(home: Path) -> PlanStore:
    return PlanStore(home / "plans.sqlite3")
