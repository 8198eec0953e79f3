"""Bundle validation: the sample, every class of error, the JSON form, graph ids, the schema file."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from ingest.bundle import TABLES, Bundle, read_bundle
from ingest.errors import BundleInvalid, RowError
from ingest.models import (
    LINK_ENDPOINTS,
    LINK_TYPES,
    EvidenceRow,
    IdentifierRow,
    LinkRow,
    PersonRow,
    RoleRow,
    bundle_json_schema,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "ingest" / "sample"

# A small valid bundle; each test breaks one part of it.
BASE = {
    "cases": """\
case_id,title,jurisdiction,opened_on,status
C1,Operation Test,NO,2024-01-10,open
""",
    "persons": """\
person_id,name,birth_date,nationality,immigration_status
P1,Ann Boss,1970-01-01,NO,citizen
P2,Vic Tim,1999-05-05,RO,irregular
P3,Wit Ness,1985-03-03,NO,citizen
""",
    "businesses": """\
business_id,name,registration_no,sector,country
B1,Shiny Car Wash AS,912345678,car_wash,NO
""",
    "roles": """\
case_id,person_id,role,identified_on,cooperation
C1,P1,suspect,,
C1,P2,victim,2024-02-01,willing
C1,P3,witness,,
""",
    "links": """\
source_id,type,target_id,case_id,since,until,amount,evidence_id,note
P1,OWNS,B1,C1,2020-01-01,,,,
P1,CONTROLS,P2,C1,2023-05-01,2024-01-10,,E1,
P2,WORKS_AT,B1,C1,,,,,
B1,PAID,P1,C1,,,125000.50,,
""",
    "evidence": """\
evidence_id,case_id,about_id,indicator,kind,independent_of_victim,given_by,description
E1,C1,P1,passport_withheld,seizure,true,,Passport found in P1's safe
E2,C1,P1,threats_or_violence,testimony,false,P2,
E3,C1,B1,underpayment,testimony,true,P3,The witness saw the wage slips
""",
    "identifiers": """\
owner_id,kind,value
P1,phone,+47 912 34 567
P2,phone,0047 91234567
""",
}


def write(directory: Path, **tables: str | None) -> Path:
    """BASE with some tables replaced (a string) or left out (None), written as CSV files."""
    directory.mkdir(parents=True, exist_ok=True)
    for table, text in {**BASE, **tables}.items():
        if text is not None:
            (directory / f"{table}.csv").write_text(text, encoding="utf-8")
    return directory


def problems(path: Path, **kwargs: object) -> list[str]:
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(path, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"the bundle has {len(caught.value.errors)} problem(s):")
    return [str(error) for error in caught.value.errors]


def with_row(table: str, row: str) -> dict[str, str]:
    return {table: BASE[table] + row + "\n"}


# --- the sample bundle ---------------------------------------------------------------------


def test_sample_validates_clean() -> None:
    bundle = read_bundle(SAMPLE)
    assert bundle.counts == {
        "cases": 2,
        "persons": 19,
        "businesses": 4,
        "roles": 20,
        "links": 87,
        "evidence": 32,
        "identifiers": 38,
    }
    assert len(bundle.kinds) == 23
    assert bundle.kinds["P004"] == "Person" and bundle.kinds["B004"] == "Business"


def test_sample_story_facts() -> None:
    bundle = read_bundle(SAMPLE)
    roles = {(r.case_id, r.person_id): r for r in bundle.rows("roles")}  # type: ignore[attr-defined]
    assert roles["NO-GLANS", "P004"].role == roles["NO-NORDLYS", "P004"].role == "suspect"
    assert roles["NO-NORDLYS", "P024"].identified_on == date(2024, 10, 2)
    assert roles["NO-GLANS", "P013"].identified_on is None
    links = list(bundle.rows("links"))
    assert any(link.source_id == "P024" and link.type == "RECRUITED" and link.target_id == "P023" for link in links)
    # identifiers written two ways are one value
    owners: dict[str, set[str]] = {}
    for identifier in bundle.rows("identifiers"):
        owners.setdefault(f"{identifier.kind}:{identifier.value}", set()).add(identifier.owner_id)
    assert owners["phone:+4741234567"] == {"P020", "P026"}
    assert owners["bank_account:NO9386011117947"] == {"P004", "B004"}
    assert owners["address:tollbugata 14b, 0152 oslo"] == {"P021", "P022", "P023", "P024", "B004"}


def test_rows_are_typed_and_reread_lazily(tmp_path: Path) -> None:
    path = write(tmp_path)
    bundle = read_bundle(path)
    evidence = list(bundle.rows("evidence"))
    assert [type(row) for row in evidence] == [EvidenceRow] * 3
    assert evidence[0].independent_of_victim is True and evidence[1].independent_of_victim is False
    assert evidence[1].description is None  # empty cell -> None
    link = [row for row in bundle.rows("links") if isinstance(row, LinkRow) and row.type == "PAID"][0]
    assert link.amount == 125000.5 and link.since is None
    phones = [row for row in bundle.rows("identifiers") if isinstance(row, IdentifierRow)]
    assert [(p.value, p.raw_value) for p in phones] == [
        ("+4791234567", "+47 912 34 567"),
        ("+4791234567", "0047 91234567"),
    ]
    # a second pass reads the files again
    (path / "persons.csv").write_text(BASE["persons"].replace("Ann Boss", "  Ann Changed  "), encoding="utf-8")
    assert [p.name for p in bundle.rows("persons")][0] == "Ann Changed"  # type: ignore[attr-defined]
    assert bundle.counts["identifiers"] == 2
    with pytest.raises(ValueError, match="unknown table 'people'"):
        next(bundle.rows("people"))


def test_optional_tables_may_be_absent_and_other_files_are_ignored(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        roles=None,
        links=None,
        evidence=None,
        identifiers=None,
        businesses="business_id,name,colour\nB1,Shiny AS,blue\n",  # unknown column: ignored
    )
    (path / "README.md").write_text("# notes\n")
    (path / "extra.csv").write_text("not,a,table\n")
    bundle = read_bundle(path)
    assert bundle.counts == {"cases": 1, "persons": 3, "businesses": 1} | dict.fromkeys(
        ("roles", "links", "evidence", "identifiers"), 0
    )
    assert list(bundle.rows("links")) == []
    assert tuple(bundle.counts) == TABLES


# --- every problem at once ---------------------------------------------------------------


def test_every_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        persons=BASE["persons"] + "P4,,1990-13-01,Romania,citizen\nP1,Again,,,\n",
        roles=BASE["roles"] + "C1,P9,boss,,\n",
        links=BASE["links"] + "P1,OWNS,P2,C1,2024-02-01,2024-01-01,,,\n",
        evidence=BASE["evidence"] + "E4,C2,P1,made_up,financial,maybe,,\n",
    )
    assert [
        (e.file, e.line, e.field) for e in _errors(path)
    ] == [
        ("persons.csv", 5, "name"),
        ("persons.csv", 5, "birth_date"),
        ("persons.csv", 5, "nationality"),
        ("persons.csv", 6, "person_id"),
        ("roles.csv", 5, "role"),
        ("roles.csv", 5, "person_id"),
        ("links.csv", 6, "until"),
        ("links.csv", 6, "target_id"),
        ("evidence.csv", 5, "indicator"),
        ("evidence.csv", 5, "independent_of_victim"),
        ("evidence.csv", 5, "case_id"),
    ]
    assert problems(path)[:4] == [
        "persons.csv, line 5, field name: required value is missing",
        "persons.csv, line 5, field birth_date: not a date: '1990-13-01' (write YYYY-MM-DD)",
        "persons.csv, line 5, field nationality: not an ISO 3166 alpha-2 country code: 'Romania'",
        "persons.csv, line 6, field person_id: duplicate person_id 'P1' (first at persons.csv, line 2)",
    ]


def _errors(path: Path) -> list[RowError]:
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(path)
    return caught.value.errors


def test_many_problems_are_summed_up_after_fifty(tmp_path: Path) -> None:
    rows = "".join(f"P{n},Name {n},not-a-date,,\n" for n in range(10, 80))
    path = write(tmp_path, persons=BASE["persons"] + rows)
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(path)
    assert len(caught.value.errors) == 70
    text = str(caught.value)
    assert text.count("not a date") == 50
    assert text.endswith("  ... and 20 more")


# --- one class of error at a time ---------------------------------------------------------

CASES = {
    "missing required value": (
        with_row("persons", "P4,  ,,,"),
        ["persons.csv, line 5, field name: required value is missing"],
    ),
    "bad date": (
        with_row("cases", "C2,Second,NO,31.12.2024,"),
        ["cases.csv, line 3, field opened_on: not a date: '31.12.2024' (write YYYY-MM-DD)"],
    ),
    "bad enum lists the allowed values": (
        with_row("persons", "P4,Someone,,NO,tourist"),
        [
            "persons.csv, line 5, field immigration_status: 'tourist' is not one of: "
            "citizen, eea_national, resident, permit, work_permit, student, visitor, temporary_resident, "
            "asylum_seeker, irregular, overstay, undocumented, unknown, reflection_period, utf_8_3_limited_permit, "
            "utf_8_4_permit, continued_presence, t_status, u_status, vtps_recovery, vtps_compensation, "
            "vtps_cooperation, vtip_trp, vulnerable_worker_owp"
        ],
    ),
    "bad jurisdiction": (
        with_row("cases", "C2,Second,SE,,"),
        ["cases.csv, line 3, field jurisdiction: 'SE' is not one of: NO, US, CA, GB"],
    ),
    "bad status": (
        with_row("cases", "C2,Second,NO,,pending"),
        ["cases.csv, line 3, field status: 'pending' is not one of: open, closed"],
    ),
    "duplicate case id": (
        with_row("cases", "C1,Again,NO,,"),
        ["cases.csv, line 3, field case_id: duplicate case_id 'C1' (first at cases.csv, line 2)"],
    ),
    "duplicate business id": (
        with_row("businesses", "B1,Other AS,,,"),
        ["businesses.csv, line 3, field business_id: duplicate business_id 'B1' (first at businesses.csv, line 2)"],
    ),
    "duplicate evidence id": (
        with_row("evidence", "E1,C1,P1,debt_bondage,financial,true,,"),
        ["evidence.csv, line 5, field evidence_id: duplicate evidence_id 'E1' (first at evidence.csv, line 2)"],
    ),
    "an id both person and business": (
        with_row("businesses", "P2,Person Shop AS,,,"),
        [
            "businesses.csv, line 3, field business_id: 'P2' is already a person (persons.csv, line 3); "
            "an id names one person or one business"
        ],
    ),
    "unknown person in roles": (
        with_row("roles", "C1,P9,associate,,"),
        ["roles.csv, line 5, field person_id: unknown person 'P9' (not in the bundle)"],
    ),
    "a business given a role": (
        with_row("roles", "C1,B1,suspect,,"),
        ["roles.csv, line 5, field person_id: 'B1' is a business, expected a person"],
    ),
    "unknown case": (
        with_row("roles", "C9,P1,suspect,,"),
        ["roles.csv, line 5, field case_id: unknown case 'C9' (not in the bundle)"],
    ),
    "duplicate role": (
        with_row("roles", "C1,P2,victim,,"),
        ["roles.csv, line 5: duplicate role: P2 is already victim in C1 (roles.csv, line 3)"],
    ),
    "identified_on and cooperation only for victims": (
        with_row("roles", "C1,P3,associate,2024-01-01,willing"),
        [
            "roles.csv, line 5, field identified_on: only for role victim, not associate",
            "roles.csv, line 5, field cooperation: only for role victim, not associate",
        ],
    ),
    "unknown link ends": (
        with_row("links", "P1,PAID,X1,C1,,,10,,"),
        ["links.csv, line 6, field target_id: unknown person or business 'X1' (not in the bundle)"],
    ),
    "link end of the wrong kind": (
        {
            "links": BASE["links"]
            + "P1,OWNS,P2,C1,,,,,\nB1,WORKS_AT,B1,C1,,,,,\nB1,CONTROLS,P2,C1,,,,,\nB1,EMPLOYS,P2,C1,,,,,\n"
        },
        [
            "links.csv, line 6, field target_id: 'P2' is a person, expected a business (OWNS target)",
            "links.csv, line 7, field source_id: 'B1' is a business, expected a person (WORKS_AT source)",
            "links.csv, line 7, field target_id: a link from 'B1' to itself",
            "links.csv, line 8, field source_id: 'B1' is a business, expected a person (CONTROLS source)",
        ],
    ),
    "bad link type": (
        with_row("links", "P1,KNOWS,P2,C1,,,,,"),
        [
            "links.csv, line 6, field type: 'KNOWS' is not one of: CONTROLS, RECRUITED, TRANSPORTED, HOUSED, "
            "EXPLOITS, PAID, COMMUNICATED_WITH, ASSOCIATE_OF, FAMILY_OF, OWNS, DIRECTS, MANAGES, EMPLOYS, WORKS_AT"
        ],
    ),
    "since after until": (
        with_row("links", "P1,CONTROLS,P2,C1,2024-05-01,2024-04-30,,,"),
        ["links.csv, line 6, field until: 2024-04-30 is before since (2024-05-01)"],
    ),
    "bad number": (
        with_row("links", "B1,PAID,P1,C1,,,12k,,"),
        ["links.csv, line 6, field amount: not a number: '12k'"],
    ),
    "amount on a link that is not a payment": (
        with_row("links", "P1,CONTROLS,P2,C1,,,100,,"),
        ["links.csv, line 6, field amount: only PAID links carry an amount, not CONTROLS"],
    ),
    "negative amount": (
        with_row("links", "B1,PAID,P1,C1,,,-5,,"),
        ["links.csv, line 6, field amount: must not be negative: -5 (the link's direction says who paid)"],
    ),
    "unknown evidence cited by a link": (
        with_row("links", "P1,CONTROLS,P2,C1,,,,E9,"),
        ["links.csv, line 6, field evidence_id: unknown evidence 'E9' (not in the bundle)"],
    ),
    "bad boolean": (
        with_row("evidence", "E4,C1,P1,debt_bondage,financial,maybe,,"),
        ["evidence.csv, line 5, field independent_of_victim: not a boolean: 'maybe' (write true or false)"],
    ),
    "bad indicator": (
        with_row("evidence", "E4,C1,P1,bad_vibes,financial,true,,"),
        ["evidence.csv, line 5, field indicator: unknown indicator 'bad_vibes'; allowed: advertises_sexual_services, "],
    ),
    "testimony without a giver": (
        with_row("evidence", "E4,C1,P1,threats_or_violence,testimony,false,,"),
        ["evidence.csv, line 5, field given_by: required when kind is testimony (the person who gave it)"],
    ),
    "a victim's testimony is never independent": (
        with_row("evidence", "E4,C1,P1,forced_labour,testimony,true,P2,"),
        [
            "evidence.csv, line 5, field independent_of_victim: a testimony given by P2, a victim in C1, "
            "is not independent of the victim"
        ],
    ),
    "unknown evidence subject and giver": (
        with_row("evidence", "E4,C1,X1,forced_labour,testimony,false,B1,"),
        [
            "evidence.csv, line 5, field given_by: 'B1' is a business, expected a person",
            "evidence.csv, line 5, field about_id: unknown person or business 'X1' (not in the bundle)",
        ],
    ),
    "bad identifier": (
        with_row("identifiers", "P1,phone,12345678\nP9,email,not-an-address\nP1,fax,123"),
        [
            "identifiers.csv, line 4, field value: not a valid phone number: '12345678'",
            "identifiers.csv, line 5, field value: not an e-mail address: 'not-an-address'",
            "identifiers.csv, line 5, field owner_id: unknown person or business 'P9' (not in the bundle)",
            "identifiers.csv, line 6, field kind: 'fax' is not one of: "
            "phone, email, bank_account, address, vehicle, online_handle, passport",
        ],
    ),
    "missing mandatory file": ({"persons": None}, None),
    "empty file": ({"links": ""}, ["links.csv: file is empty (expected a header row)"]),
    "header without rows in a mandatory file": ({"cases": "case_id,title,jurisdiction\n"}, None),
    "missing required column, reported once": (
        {"persons": "person_id,birth_date\nP1,\nP2,\nP3,\n"},
        ["persons.csv, line 1, field name: missing required column"],
    ),
    "more cells than columns": (
        with_row("persons", "P4,Smith, John,,NO,"),
        [
            "persons.csv, line 5: 6 cells but the header has 5 columns (a comma inside a value needs quotes)",
            "persons.csv, line 5, field birth_date: not a date: 'John' (write YYYY-MM-DD)",
            "persons.csv, line 5, field immigration_status: 'NO' is not one of: ",
        ],
    ),
}


@pytest.mark.parametrize("tables, expected", CASES.values(), ids=CASES.keys())
def test_each_error(tmp_path: Path, tables: dict[str, str | None], expected: list[str] | None) -> None:
    found = problems(write(tmp_path, **tables))
    if expected is None:
        return  # checked in the tests below
    assert len(found) == len(expected), found
    for message, prefix in zip(found, expected):
        assert message.startswith(prefix), (message, prefix)


def test_missing_and_headless_mandatory_files(tmp_path: Path) -> None:
    assert problems(write(tmp_path / "a", persons=None), )[:1] == ["persons.csv: mandatory file is missing"]
    assert problems(write(tmp_path / "b", cases="case_id,title,jurisdiction\n"))[0] == (
        "cases.csv: no rows (a header alone is not a bundle)"
    )


def test_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    note = 'P1,CONTROLS,P2,C1,,,,,"a note\nover two lines"\n'
    path = write(tmp_path, links=BASE["links"] + note + "\nP1,KNOWS,P2,C1,,,,,\n")
    assert problems(path) == [
        "links.csv, line 9, field type: 'KNOWS' is not one of: CONTROLS, RECRUITED, TRANSPORTED, HOUSED, EXPLOITS, "
        "PAID, COMMUNICATED_WITH, ASSOCIATE_OF, FAMILY_OF, OWNS, DIRECTS, MANAGES, EMPLOYS, WORKS_AT"
    ]


def test_cells_are_stripped_and_headers_forgiving(tmp_path: Path) -> None:
    path = write(tmp_path, cases="\ufeff Case_ID , Title ,jurisdiction\n C1 , Operation Test , NO \n")
    bundle = read_bundle(path)
    case = next(bundle.rows("cases"))
    assert (case.case_id, case.title, case.status) == ("C1", "Operation Test", "open")  # type: ignore[attr-defined]


def test_indicator_vocabulary_can_be_extended(tmp_path: Path) -> None:
    path = write(tmp_path, **with_row("evidence", "E4,C1,P1,benefit_fraud,financial,true,,"))
    assert problems(path)[0].startswith("evidence.csv, line 5, field indicator: unknown indicator 'benefit_fraud'")
    vocabulary = frozenset({"benefit_fraud", "passport_withheld", "threats_or_violence", "underpayment"})
    read_bundle(path, indicators=vocabulary)
    bundle = read_bundle(path, indicators=vocabulary)
    assert [row.indicator for row in bundle.rows("evidence")][-1] == "benefit_fraud"  # type: ignore[attr-defined]


def test_phones_default_to_the_bundles_one_jurisdiction(tmp_path: Path) -> None:
    us = write(
        tmp_path / "us",
        cases="case_id,title,jurisdiction\nC1,Op,US\n",
        identifiers="owner_id,kind,value\nP1,phone,(212) 555-0123\n",
        roles=None,
        links=None,
        evidence=None,
    )
    assert [row.value for row in read_bundle(us).rows("identifiers")] == ["+12125550123"]  # type: ignore[attr-defined]
    mixed = write(
        tmp_path / "mixed",
        cases="case_id,title,jurisdiction\nC1,Op,US\nC2,Op,NO\n",
        identifiers="owner_id,kind,value\nP1,phone,91234567\nP1,phone,+47 91234567\n",
        roles=None,
        links=None,
        evidence=None,
    )
    assert problems(mixed) == [
        "identifiers.csv, line 2, field value: not a phone number: '91234567' (write it with + and the country code)"
    ]


def test_not_a_bundle(tmp_path: Path) -> None:
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: no such file or directory"]
    text = tmp_path / "bundle.txt"
    text.write_text("hello")
    assert problems(text) == [f"{text}: not a bundle: expected a directory of CSV files or one .json file"]


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path)
    (path / "persons.csv").write_bytes(BASE["persons"].replace("Ann", "\xc5se").encode("latin-1"))
    assert problems(path)[0].startswith("persons.csv: not UTF-8 text")


# --- the JSON form ------------------------------------------------------------------------


def to_json(directory: Path, target: Path) -> Path:
    """The same bundle as one JSON document, with native booleans and numbers."""
    document: dict[str, list[dict[str, object]]] = {}
    for table in TABLES:
        with (directory / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            rows: list[dict[str, object]] = [{k: v for k, v in row.items() if v} for row in csv.DictReader(handle)]
        for row in rows:
            if "independent_of_victim" in row:
                row["independent_of_victim"] = row["independent_of_victim"] == "true"
            if "amount" in row:
                row["amount"] = float(str(row["amount"]))
        document[table] = rows
    target.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return target


def test_json_form_is_equivalent(tmp_path: Path) -> None:
    bundle = read_bundle(to_json(SAMPLE, tmp_path / "sample.json"))
    csv_bundle = read_bundle(SAMPLE)
    assert bundle.counts == csv_bundle.counts and bundle.kinds == csv_bundle.kinds
    for table in TABLES:
        assert list(bundle.rows(table)) == list(csv_bundle.rows(table)), table


def test_json_errors_name_table_and_row(tmp_path: Path) -> None:
    document = json.loads(to_json(write(tmp_path / "csv"), tmp_path / "ok.json").read_text())
    document["persons"].append({"person_id": "P4", "name": None, "birth_date": "yesterday"})
    document["roles"].append({"case_id": "C1", "person_id": "P4", "role": "victim", "cooperation": 3})
    document["links"].append("P1 OWNS B1")
    document["evidence"][0]["independent_of_victim"] = "yes"  # strings are accepted too
    document["identifiers"] = {"P1": "+47 912 34 567"}
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document))
    assert problems(path) == [
        "bundle.json, persons row 4, field name: required value is missing",
        "bundle.json, persons row 4, field birth_date: not a date: 'yesterday' (write YYYY-MM-DD)",
        "bundle.json, roles row 4, field cooperation: 3 is not one of: willing, unwilling, undecided",
        "bundle.json, links row 5: a row must be an object of column: value",
        "bundle.json: table 'identifiers' must be a list of rows",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"cases": [', "bundle.json: not valid JSON: Expecting value (line 1, column 12)"),
        ("[]", "bundle.json: a JSON bundle must be an object with one list of rows per table"),
        (
            '{"cases": [{"case_id": "C1", "title": "T", "jurisdiction": "NO"}]}',
            "bundle.json: mandatory table 'persons' is missing",
        ),
        ('{"cases": [], "persons": []}', "bundle.json: table 'cases' has no rows"),
    ],
)
def test_broken_json(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(text)
    assert problems(path)[0] == message


# --- ids that live in the graph -----------------------------------------------------------


def test_known_ids_resolve_references_to_the_graph(tmp_path: Path) -> None:
    asked: list[set[str]] = []
    graph = {"P100": "Person", "B100": "Business", "C0": "Case", "E100": "Evidence"}

    def known_ids(ids: set[str]) -> dict[str, str]:
        asked.append(set(ids))
        return {i: graph[i] for i in ids if i in graph}

    path = write(
        tmp_path,
        roles=BASE["roles"] + "C0,P100,suspect,,\n",
        links=BASE["links"] + "P100,OWNS,B100,C0,,,,E100,\nP100,PAID,P1,C1,,,5,,\n",
        identifiers=BASE["identifiers"] + "B100,bank_account,NO93 8601 1117 947\n",
    )
    bundle = read_bundle(path, known_ids=known_ids)
    assert asked == [{"P100", "B100", "C0", "E100"}]  # asked once, about the missing ids only
    assert bundle.kinds["P100"] == "Person" and bundle.kinds["B100"] == "Business"
    assert "C0" not in bundle.kinds and "E100" not in bundle.kinds


def test_known_ids_still_reports_unknown_and_wrong_kinds(tmp_path: Path) -> None:
    path = write(tmp_path, links=BASE["links"] + "P1,OWNS,P100,C1,,,,,\nP1,OWNS,B404,C1,,,,,\n")
    assert problems(path, known_ids=lambda ids: {"P100": "Person"}) == [
        "links.csv, line 6, field target_id: 'P100' is a person in the graph, expected a business (OWNS target)",
        "links.csv, line 7, field target_id: unknown business 'B404' (not in the bundle nor in the graph)",
    ]


def test_known_ids_not_called_when_nothing_is_missing(tmp_path: Path) -> None:
    def fail(ids: set[str]) -> dict[str, str]:
        raise AssertionError(ids)

    assert isinstance(read_bundle(write(tmp_path), known_ids=fail), Bundle)


# --- the JSON Schema ----------------------------------------------------------------------


def test_the_immigration_statuses_are_the_rules_vocabulary() -> None:
    from ingest.models import IMMIGRATION_STATUSES
    from rules.load import immigration_statuses

    assert list(IMMIGRATION_STATUSES) == list(immigration_statuses())


def test_common_statuses_load() -> None:
    for status in ("visitor", "student", "work_permit", "eea_national", "vtps_recovery", "t_status", "vtip_trp"):
        PersonRow.model_validate({"person_id": "P1", "name": "X", "immigration_status": status})


def test_committed_schema_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "bundle.schema.json").read_text(encoding="utf-8"))
    assert committed == bundle_json_schema(), "regenerate: python -m ingest.models > docs/bundle.schema.json"


def test_schema_describes_the_json_form() -> None:
    schema = bundle_json_schema()
    assert schema["required"] == ["cases", "persons"]
    assert set(schema["properties"]) == set(TABLES)
    role = schema["$defs"]["RoleRow"]["properties"]["role"]
    assert role["enum"] == ["suspect", "victim", "witness", "associate"]
    assert "raw_value" not in schema["$defs"]["IdentifierRow"]["properties"]


def test_every_link_type_has_its_endpoint_rule() -> None:
    assert tuple(LINK_ENDPOINTS) == LINK_TYPES


def test_role_row_model_directly() -> None:
    row = RoleRow.model_validate({"case_id": " C1 ", "person_id": "P1", "role": "victim", "identified_on": ""})
    assert (row.case_id, row.identified_on, row.cooperation) == ("C1", None, None)
