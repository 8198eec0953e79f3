"""The side-by-side rows of a candidate pair (web/matches_side.py), in memory: a name in another
script is "alike", never "differs"; a victim's values stay sealed until a reveal."""

from __future__ import annotations

from resolve.candidates import Identifier, Record
from web.matches_side import SEALED, rows


def _person(pid: str, name: str, born: str = "1985-11-20", sealed: bool = False) -> Record:
    return Record(pid, "Person", frozenset({"X"}), name, born, "RO", (Identifier("phone", "k1", None if sealed else "+4073"),),
                  sealed=sealed)


def _row(out: list[dict], label: str) -> dict:
    return next(r for r in out if r["label"] == label)


def test_one_name_in_two_scripts_is_alike_not_differs() -> None:
    name = _row(rows(_person("K001", "Йон Дима"), _person("P003", "Ion Dima"), open_=True), "Name")
    assert name["alike"] and name["same"] is None


def test_another_name_differs_and_the_same_is_same() -> None:
    out = rows(_person("K001", "Ivan Dima"), _person("P003", "Ion Dima", born="1985-11-21"), open_=True)
    assert _row(out, "Name")["same"] is False and not _row(out, "Name")["alike"]
    assert _row(out, "Birth date")["same"] is False and _row(out, "Country")["same"] is True
    assert _row(out, "phone")["same"] is True


def test_a_victims_values_are_sealed_and_not_compared_before_a_reveal() -> None:
    out = rows(_person("V1", "Олена Ковальчук", sealed=True), _person("P9", "Olena Kovalchuk"), open_=False)
    name = _row(out, "Name")
    assert name["left"] == SEALED and name["same"] is None and not name["alike"] and name["hidden"]


def test_identifiers_shared_in_part_are_not_called_the_same() -> None:
    # The sample's K001 has one phone and P003 two, one of them K001's: "same" would tell a
    # reviewer the records agree on every phone.
    one = _person("K001", "Йон Дима")
    two = Record("P003", "Person", frozenset({"X"}), "Ion Dima", "1985-11-20", "RO",
                 (Identifier("phone", "k1", "+4073"), Identifier("phone", "k2", "+4746")))
    phone = _row(rows(one, two, open_=True), "phone")
    assert phone["same"] is None and phone["common"] == 1
    assert _row(rows(one, _person("P9", "Ion Dima"), open_=True), "phone")["same"] is True
