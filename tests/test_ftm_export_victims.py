"""The pseudonymised FtM export keeps no victim's identity, from any side (probe 3, finding 5; mutation 3, #5).

A partner's file describes a victim from her Person and from the entities around her: the
Passport she holds, her Address, a Family link naming her alias, a Payment or a Note whose text
gives her ID number, birthplace and phone in another spelling. Each profile below puts every
value in every such place; the export without identities must hold none of them, in any
spelling, and still say what can be said (a payment of an amount, to a pseudonym).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from neo4j import Driver

from service.redact import VICTIM_PREFIX
from ingest.ftm_load import load_ftm
from ingest.writer import load_bundle
from tests.test_ftm_neo4j import _entity as _e

pytestmark = pytest.mark.neo4j
CASE = "FTM-PARTNER"

#: Two victims, each with every value a partner's file may give, and the other spellings of them.
PROFILES = [
    {"id": "v-12", "name": "Amaya Quispe", "first": "Amaya", "last": "Quispe", "alias": "Maya Q.",
     "birth": "2002-07-19", "birth_other": ["19/07/2002", "19.07.2002"], "place": "Huancayo", "nr": "QX772104",
     "passport": "PE4410987", "father": "Teodoro Quispe", "email": "amaya.q@example.org",
     "phone": "+51987654321", "phone_other": ["0051 987 654 321", "987-654-321"], "street": "Jiron Lima 455"},
    {"id": "4a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b", "name": "Dilnoza Rahimova", "first": "Dilnoza", "last": "Rahimova", "alias": "Dilya",
     "birth": "1999-01-30", "birth_other": ["30.01.1999"], "place": "Namangan", "nr": "UZ5566771",
     "passport": "FA1234567", "father": "Rustam Rahimov", "email": "dilya.r@example.net",
     "phone": "+998901234567", "phone_other": ["00998 90 123 45 67", "(90) 123-45-67"], "street": "Navoi ko'chasi 12"},
]


def _file(path: Path, v: dict) -> Path:
    vid, sid = v["id"], "sus-1"
    other_phone, other_birth = v["phone_other"], v["birth_other"]
    rows = [
        _e("Person", vid, name=v["name"], firstName=v["first"], lastName=v["last"], alias=v["alias"],
           birthDate=v["birth"], birthPlace=v["place"], idNumber=v["nr"], passportNumber=v["passport"],
           fatherName=v["father"], email=v["email"], phone=v["phone"], nationality="pe", gender="female",
           addressEntity="addr-v", notes=f"lives with {v['alias']}"),
        _e("Person", sid, name="Bruno Falk", birthDate="1975-03-03", nationality="se", phone="+46701112233"),
        _e("Person", "sus-2", name="Carl Ek", nationality="se"),
        _e("Company", "co-1", name="Falk Frakt AB", jurisdiction="se"),
        _e("Address", "addr-v", full=f"{v['street']}, {v['place']}", street=v["street"], city=v["place"]),
        _e("Passport", "pass-v", holder=vid, number=v["passport"], givenName=v["first"], surname=v["last"],
           birthDate=v["birth"], birthPlace=v["place"], personalNumber=v["nr"], authority="Consulate"),
        _e("Family", "fam-v", person=sid, relative=vid, relationship=f"cousin of {v['alias']}, child of {v['father']}"),
        _e("Payment", "pay-v", payer=sid, beneficiary=vid, amount="500", currency="EUR", date="2024-02-01",
           purpose=f"advance for {v['last']}, ID {v['nr']}, born {other_birth[0]} in {v['place']}, "
                   f"tel {other_phone[0]}"),
        _e("Note", "note-v", entity=vid, description=f"{v['alias']} ({v['nr']}) mail {v['email'].upper()}"),
        _e("Trip", "trip-v", involved=vid, startDate="2024-01-10", summary=f"{v['place']} to Oslo with {v['alias']}"),
        # Entities that do not touch her, whose text does.
        _e("Payment", "pay-s", payer=sid, beneficiary="sus-2", amount="90", currency="EUR", date="2024-02-03",
           purpose=f"sim card for {v['alias']}, tel {other_phone[-1]}, born {other_birth[-1]}, "
                   f"from {v['street']}, passport {v['passport']}, {v['father']}'s daughter, ref {vid}"),
        _e("Ownership", "own-1", owner=sid, asset="co-1", startDate="2019-01"),
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _values(v: dict) -> list[str]:
    return [v["id"], v["name"], v["first"], v["last"], v["alias"], v["birth"], *v["birth_other"], v["place"], v["nr"],
            v["passport"], v["father"], v["email"], v["email"].upper(), v["phone"], *v["phone_other"], v["street"],
            v["phone"].lstrip("+")]


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THBGRAPH_SECRET_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_PSEUDONYM_KEY", secrets.token_urlsafe(32))
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path))


@pytest.mark.parametrize("v", PROFILES, ids=lambda v: v["id"])
def test_no_value_of_a_victim_leaves_in_a_pseudonymised_export(driver: Driver, cli, keys, tmp_path: Path,
                                                               v: dict) -> None:
    roles = tmp_path / "roles.csv"
    roles.write_text(f"id,role\n{v['id']},victim\nsus-1,suspect\nsus-2,suspect\n", encoding="utf-8")
    load_ftm(driver, _file(tmp_path / "p.ftm.json", v), CASE, roles=roles, title="Partner", jurisdiction="NO")
    code, out, err = cli("export", "--case", CASE, "--format", "ftm")
    assert code == 0, err
    low = out.casefold()
    found = [x for x in _values(v) if x.casefold() in low]
    assert not found, (found, out)
    lines = {e["id"]: e for e in map(json.loads, out.splitlines())}
    alias = next(i for i, e in lines.items() if e["schema"] == "Person" and i.startswith(VICTIM_PREFIX))
    assert lines[alias]["properties"] == {"name": [alias], "nationality": ["pe"], "gender": ["female"]}
    # What touches her keeps what cannot say who she is; what identifies her is left out.
    assert "pass-v" not in lines and "addr-v" not in lines
    assert lines["pay-v"]["properties"] == {"payer": ["sus-1"], "beneficiary": [alias], "amount": ["500"],
                                            "currency": ["EUR"], "date": ["2024-02-01"]}
    assert lines["fam-v"]["properties"] == {"person": ["sus-1"], "relative": [alias]}
    assert "Bruno Falk" in out and "1975-03-03" in out  # a suspect is not withheld
    assert lines["pay-s"]["properties"]["amount"] == ["90"]


def test_a_victim_of_another_case_is_a_pseudonym_in_this_ones_export(driver: Driver, cli, keys,
                                                                      tmp_path: Path) -> None:
    """Mutation 3, #5: a suspect here who is a victim elsewhere is exported as a `V-...` alias and nothing else."""
    bundle = {
        "cases": [{"case_id": "XA-ONE", "title": "One", "jurisdiction": "NO"},
                  {"case_id": "XB-TWO", "title": "Two", "jurisdiction": "NO"}],
        "persons": [{"person_id": "Q7", "name": "Ilona Varga", "birth_date": "1994-11-02", "nationality": "HU"},
                    {"person_id": "Q8", "name": "Gabor Toth", "nationality": "HU"}],
        "roles": [{"case_id": "XA-ONE", "person_id": "Q7", "role": "victim"},
                  {"case_id": "XB-TWO", "person_id": "Q7", "role": "suspect"},
                  {"case_id": "XB-TWO", "person_id": "Q8", "role": "suspect"}],
        "links": [{"source_id": "Q8", "type": "ASSOCIATE_OF", "target_id": "Q7", "case_id": "XB-TWO"}],
        "identifiers": [{"owner_id": "Q7", "kind": "phone", "value": "+36 30 123 4567"},
                        {"owner_id": "Q7", "kind": "passport", "value": "HU9988776"}],
    }
    path = tmp_path / "two.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    load_bundle(driver, path)
    code, out, err = cli("export", "--case", "XB-TWO", "--format", "ftm")
    assert code == 0, err
    for value in ("Ilona", "Varga", "1994-11-02", "+36301234567", "HU9988776", '"Q7"'):
        assert value not in out, (value, out)
    people = [e for e in map(json.loads, out.splitlines()) if e["schema"] == "Person"]
    alias = [e for e in people if e["id"].startswith(VICTIM_PREFIX)]
    assert len(alias) == 1 and alias[0]["properties"] == {"name": [alias[0]["id"]], "nationality": ["hu"]}
    assert "Gabor Toth" in out
    link = next(e for e in map(json.loads, out.splitlines()) if e["schema"] == "Associate")
    assert link["properties"]["associate"] == [alias[0]["id"]]
