"""Victims of the bundle are sealed before their rows are sent (real Neo4j).

The proof that it changes nothing in the graph: the same loads written with every victim
sealed after the fact (read back and written again, as before) and with the bundle's own
victims sent sealed give the same graph, property for property; sealing is deterministic, so
the sealed values are the same bytes. The loads cover a victim re-stated by a later bundle
without its role, a person loaded in clear whom a later bundle makes a victim (with a phone
an earlier suspect holds in clear), and minors.
"""

from __future__ import annotations

import json
from pathlib import Path

import ingest.writer
from service.victims import read_victims
from graph.sealing import sealer_for
from graph.settings import Settings
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from tests.conftest import wipe
from tests.graph_snapshot import snapshot
from tests.paths import SAMPLE

LATER = {
    "cases": [{"case_id": "NO-LATER", "title": "A later case", "jurisdiction": "NO"}],
    # P010 is a victim by the sample's role, not by this bundle's; P005 (a witness in the
    # sample, in clear) becomes a victim here, holding the phone of P001, a suspect.
    "persons": [{"person_id": "P010", "name": "Andrei Munteanu", "birth_date": "1998-04-22"},
                {"person_id": "P005", "name": "Tone Haugland", "birth_date": "2010-01-15"},
                {"person_id": "L1", "name": "Later Victim", "birth_date": "2011-03-03"}],
    "roles": [{"case_id": "NO-LATER", "person_id": "P005", "role": "victim"},
              {"case_id": "NO-LATER", "person_id": "L1", "role": "victim"}],
    "identifiers": [{"owner_id": "P005", "kind": "phone", "value": "905 11 223"},
                    {"owner_id": "L1", "kind": "email", "value": "later@example.no"}],
}


def _load_all(driver, bundles: list[Path]) -> list[str]:
    for path in bundles:
        load_bundle(driver, path)
    return snapshot(driver)


def test_victims_sent_sealed_give_the_graph_sealing_after_the_fact_gives(driver, tmp_path, monkeypatch) -> None:
    generated = tmp_path / "generated"
    generate_bundle(generated, persons=150, seed=11)
    later = tmp_path / "later.json"
    later.write_text(json.dumps(LATER))
    bundles = [SAMPLE, generated, later]

    sent_sealed = _load_all(driver, bundles)
    wipe(driver)
    with monkeypatch.context() as m:  # no victim known before sending: every one sealed after the fact
        m.setattr(ingest.writer, "victims_and_held", lambda bundle, sealer: (set(), set()))
        after_the_fact = _load_all(driver, bundles)

    assert sent_sealed == after_the_fact
    text = "\n".join(sent_sealed)
    for clear in ("Andrei Munteanu", "Tone Haugland", "2010-01-15", "Later Victim", "later@example.no", "+4790511223",
                  "+47 905 11 223", "+47 951 22 804"):
        assert clear not in text, clear
    assert "Arvid Lunde" in text  # a suspect stays in clear: the search is not blind
    assert sum('"minor": true' in row for row in sent_sealed) >= 2 and text.count("name_enc") > 100
    victims = {v.person_id: v for v in read_victims(driver, None, sealer_for(Settings()))}
    assert victims["L1"].name == "Later Victim" and victims["L1"].birth_date == "2011-03-03"
    phones = {(value, frozenset(spellings)) for kind, value, spellings in victims["P005"].identifiers}
    assert ("+4790511223", frozenset({"+47 905 11 223", "905 11 223"})) in phones
