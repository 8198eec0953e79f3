"""Pairs scored once are not scored again (resolve/scores.py): a `match list` on an unchanged graph
does not start nomenklatura; a changed record's pairs are scored afresh; the file says nothing of
victims' values and is the operator's alone."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

import resolve.scores
from graph.sealing import Sealer, new_key, parse_key
from resolve.candidates import Identifier, Record, candidates
from resolve.scores import FILE, ScoreFile, scored

SEALER = Sealer.from_key(parse_key(new_key()))
VICTIM = "Oksana Kravchenko"


def _records(phone: str = "+380501234567") -> list[Record]:
    return [
        Record("A1", "Person", frozenset({"C-A"}), "Oleksandr Melnyk", "1985-03-02", "UA",
               (Identifier("phone", f"phone:{phone}", phone),)),
        Record("B1", "Person", frozenset({"C-B"}), "Олександр Мельник", "1985-03-02", "UA",
               (Identifier("phone", f"phone:{phone}", phone),)),
        Record("A2", "Person", frozenset({"C-A"}), VICTIM, "1999-07-11", "UA", (), sealed=True),
        Record("B2", "Person", frozenset({"C-B"}), "Oksana Kravchenko", "1999-07-11", "UA", (), sealed=True),
        Record("B3", "Person", frozenset({"C-B"}), "Ion Popescu", "1970-01-01", "RO"),
    ]


def _file(path: Path) -> ScoreFile:
    return ScoreFile(path / FILE, lambda text: SEALER.blind("match-score", text))


def _fail(*_: object) -> None:
    raise AssertionError("scored with nomenklatura although the pair was in the file")


def test_an_unchanged_graph_is_listed_from_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = scored(_records(), _file(tmp_path), 0.7)
    assert [c.pair for c in first] == [c.pair for c in candidates(_records(), 0.7)]
    assert {c.pair for c in first} >= {("A1", "B1"), ("A2", "B2")}
    monkeypatch.setattr(resolve.scores, "score", _fail)
    again = _file(tmp_path)
    second = scored(_records(), again, 0.7)
    assert again.missed == 0
    assert [(c.pair, c.score, c.reasons) for c in second] == [(c.pair, c.score, c.reasons) for c in first]


def test_a_changed_record_is_scored_afresh(tmp_path: Path) -> None:
    scored(_records(), _file(tmp_path), 0.7)
    changed = _file(tmp_path)
    found = scored(_records(phone="+380507654321"), changed, 0.7)
    assert changed.missed == 1  # A1 / B1, whose phone changed; the victims' pair came from the file
    pair = next(c for c in found if c.pair == ("A1", "B1"))
    assert any("+380507654321" in reason for reason in pair.reasons), pair.reasons
    assert len(_file(tmp_path).stored) == len(changed.used)  # the old pair's score is gone from the file


def test_the_file_says_nothing_of_victims_and_is_the_operators(tmp_path: Path) -> None:
    scored(_records(), _file(tmp_path), 0.7)
    path = tmp_path / FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    raw = path.read_bytes()
    assert b"Oleksandr Melnyk" in raw or b"+380501234567" in raw  # a suspect's values are quoted in reasons
    assert VICTIM.encode() not in raw and b"1999-07-11" not in raw and b"Kravchenko" not in raw
