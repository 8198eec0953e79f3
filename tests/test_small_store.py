"""The small stores of a case's work (service/small_store.py): plans, network views and notes, each a private
SQLite file of one table; notes on persons, businesses and links by their subject keys, a victim's sealed."""

from __future__ import annotations

import stat

from graph.sealing import Sealer
from service.note_store import note_store, subject_key, subject_of
from service.plan_store import plan_store
from service.view_store import view_store


def test_the_three_stores_write_and_read_back_in_the_order_written(tmp_path) -> None:
    plans, views = plan_store(tmp_path), view_store(tmp_path)
    first = plans.save("C1", {"title": "One", "actions": []}, "kari")
    second = plans.save("C1", {"title": "Two", "actions": []}, "ola")
    plans.save("C2", {"title": "Elsewhere", "actions": []}, "kari")
    assert [p.title for p in plans.list("C1")] == ["One", "Two"] and second.plan_id == first.plan_id + 1
    assert plans.get("C1", first.plan_id) == first and plans.get("C2", first.plan_id) is None
    saved = views.save("C1", "Hearing", {"shown": ["P1"]}, "kari")
    again = views.save("C1", "Hearing", {"shown": ["P1", "P2"]}, "kari")  # replaced, keeping its number
    assert again.view_id == saved.view_id and [v.body for v in views.list("C1")] == [{"shown": ["P1", "P2"]}]
    assert views.get("C1", saved.view_id) == again and views.get("C2", saved.view_id) is None
    for name in ("plans.sqlite3", "views.sqlite3"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_notes_by_subject_and_a_victims_sealed(tmp_path) -> None:
    notes, sealer = note_store(tmp_path), Sealer.from_key(b"k" * 32)
    keys = [subject_key("person", "P2"), subject_key("business", "B1"), subject_key("link", "P2|CONTROLS|P11")]
    assert keys == ["P2", "business:B1", "link:P2|CONTROLS|P11"]
    assert [subject_of(k) for k in keys] == [("person", "P2"), ("business", "B1"), ("link", "P2|CONTROLS|P11")]
    notes.add("C1", keys[0], "on a person", "kari", None)
    notes.add("C1", keys[1], "on a business", "kari", None)
    sealed = notes.add("C1", keys[2], "on a link to a victim", "ola", sealer)
    notes.add("C2", keys[1], "another case", "kari", None)
    assert [n.text for n in notes.list("C1", keys[1])] == ["on a business"]
    assert [n.subject_id for n in notes.case("C1")] == keys
    assert sealed.sealed and "victim" not in sealed.text and sealed.opened(sealer) == "on a link to a victim"
    [stored] = notes.list("C1", keys[2])
    assert stored.opened(sealer) == "on a link to a victim"
