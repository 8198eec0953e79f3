"""The persons shown fetched while the ranking runs (`queries.key_persons.shown_fetch`), and the
structure of an unchanged graph taken from THBGRAPH_HOME (`queries.key_persons.central_cache`): the same
ranking and reasons, word for word, as the full path and as fetching after the ranking, on
generated networks; used only for the very ids the ranking asks for, never after a write."""

from __future__ import annotations

import json

import pytest

from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons.rank import rank_key_persons
from queries.key_persons.rank_all import rank_whole_database
from queries.key_persons.warm_up import SHOWN_FILE
from queries.network.projection import Projector
from queries.network.whole_cache import FILE, graph_version

EARLY = "fetching the persons shown last while ranking"
STRUCTURE = "structure taken from"
USED = "(fetched while ranking)"


def run(driver, home, top: int) -> tuple[dict, list[str]]:
    said: list[str] = []
    result = rank_whole_database(driver, top=top, kept=home / FILE, progress=said.append, fetch_early=True).to_dict()
    return result, said


def early(said: list[str]) -> tuple[bool, bool]:
    """Whether the early fetch started, and whether its network was used."""
    return any(line.startswith(EARLY) for line in said), any(line.endswith(USED) for line in said)


@pytest.mark.parametrize("seed", [5, 12])
def test_the_early_fetch_ranks_as_the_full_path_on_generated_networks(driver, tmp_path, seed):
    bundle = tmp_path / "bundle"
    generate_bundle(bundle, persons=2_000, seed=seed)
    load_bundle(driver, bundle)
    home = tmp_path / "home"
    reference = {top: rank_key_persons(Projector(driver).everything(), top=top).to_dict() for top in (25, 5)}
    assert len(reference[25]["victim_offenders"]) > 10  # the fetch reaches well beyond the top
    assert rank_whole_database(driver, top=25).to_dict() == reference[25]  # no home: fetched after the ranking

    first, said = run(driver, home, 25)
    assert first == reference[25] and early(said) == (False, False)  # nothing noted yet
    note = json.loads((home / SHOWN_FILE).read_text())
    assert note["version"] == graph_version(driver) and note["inputs"]["links_into"]

    second, said = run(driver, home, 25)
    assert second == reference[25] and early(said) == (True, True)  # the note's ids: fetched while ranking
    assert any(line.startswith(STRUCTURE) for line in said)  # igraph's measures of this graph, kept

    # Other ids asked for (a shorter top): the early network is not used, the note is rewritten.
    shorter, said = run(driver, home, 5)
    assert shorter == reference[5] and early(said) == (True, False)
    again, said = run(driver, home, 5)
    assert again == reference[5] and early(said) == (True, True)

    # By default (as the CLI runs it) the fetch waits for the ranking; the structure is still kept.
    said = []
    assert rank_whole_database(driver, top=5, kept=home / FILE, progress=said.append).to_dict() == reference[5]
    assert early(said) == (False, False) and any(line.startswith(STRUCTURE) for line in said)


def test_no_early_fetch_after_a_write(sample_loaded, tmp_path):
    driver = sample_loaded
    run(driver, tmp_path, 10)
    said = run(driver, tmp_path, 10)[1]
    assert early(said) == (True, True) and any(line.startswith(STRUCTURE) for line in said)
    # A write that changes no count: the arrays are read again, and the note is not trusted.
    driver.execute_query("MATCH ()-[r:PAID]->() WITH r LIMIT 1 SET r.amount = r.amount * 1000 + 1")
    after, said = run(driver, tmp_path, 10)
    assert early(said) == (False, False) and not any(line.startswith(STRUCTURE) for line in said)
    assert after == rank_key_persons(Projector(driver).everything(), top=10).to_dict()
    assert early(run(driver, tmp_path, 10)[1]) == (True, True)
