"""The synthetic generator: valid, reproducible, and with the structure it promises."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from ingest.bundle import TABLES, read_bundle
from ingest.generate import generate_bundle
from ingest.models import RoleRow
from service.pseudonyms import WITHHELD, Pseudonyms, Victim
from service.victim_index import VictimIndex


#: What the generator wrote for seed 42, 300 persons, before the name pools grew (issue 27): every
#: table but the two that carry names.
EXPECTED_DIGESTS = {"cases.csv": "f34965af08d6d223", "evidence.csv": "84567cafadd33240",
                    "identifiers.csv": "21c20b790fce330b", "links.csv": "487bfc07f5fe9b38",
                    "roles.csv": "578397b841e5aba3"}


def files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


@pytest.fixture(scope="module")
def bundle_300(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("gen") / "bundle"
    return out, generate_bundle(out, persons=300, seed=42)


def test_generated_bundle_is_valid(bundle_300: tuple[Path, dict[str, int]]) -> None:
    out, counts = bundle_300
    bundle = read_bundle(out)
    assert bundle.counts == counts
    assert counts["persons"] == 300 and counts["cases"] == 1
    assert set(files(out)) == {f"{table}.csv" for table in TABLES}
    assert 4 <= counts["links"] / counts["persons"] <= 7  # ~5 links a person


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, bundle_300: tuple[Path, dict[str, int]]) -> None:
    out, _ = bundle_300
    generate_bundle(tmp_path / "again", persons=300, seed=42)
    generate_bundle(tmp_path / "other", persons=300, seed=43)
    assert files(tmp_path / "again") == files(out)
    assert files(tmp_path / "other")["links.csv"] != files(out)["links.csv"]
    assert files(tmp_path / "other")["persons.csv"] != files(out)["persons.csv"]


def test_planted_structure(bundle_300: tuple[Path, dict[str, int]]) -> None:
    bundle = read_bundle(bundle_300[0])
    roles = [row for row in bundle.rows("roles") if isinstance(row, RoleRow)]
    by_role = Counter(r.role for r in roles)
    assert by_role["victim"] > by_role["suspect"] > by_role["associate"] > 0
    victims = {r.person_id for r in roles if r.role == "victim"}
    identified = [r for r in roles if r.role == "victim" and r.identified_on]
    assert 0.25 < len(identified) / len(victims) < 0.55
    assert {r.cooperation for r in identified} == {"willing", "unwilling", "undecided"}

    links = list(bundle.rows("links"))
    types = Counter(link.type for link in links)  # type: ignore[attr-defined]
    assert set(types) == {
        "CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "PAID", "COMMUNICATED_WITH",
        "ASSOCIATE_OF", "FAMILY_OF", "OWNS", "DIRECTS", "MANAGES", "EMPLOYS", "WORKS_AT",
    }  # fmt: skip
    # victims who recruit other victims: the victim-offender pattern
    assert any(link.type == "RECRUITED" and link.source_id in victims for link in links)  # type: ignore[attr-defined]
    # money handlers paid by the businesses of several cells: the brokers
    paid_by: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.type == "PAID" and bundle.kinds[link.source_id] == "Business":  # type: ignore[attr-defined]
            paid_by[link.target_id].add(link.source_id)  # type: ignore[attr-defined]
    assert max(len(payers) for payers in paid_by.values()) >= 2

    indicators = Counter(row.indicator for row in bundle.rows("evidence"))  # type: ignore[attr-defined]
    for indicator in ("passport_withheld", "recruitment_by_deception", "laundering_transfers", "no_work_permit"):
        assert indicators[indicator] > 0, indicator
    testimonies = [row for row in bundle.rows("evidence") if row.kind == "testimony"]  # type: ignore[attr-defined]
    assert any(not row.independent_of_victim for row in testimonies)

    # identifiers written differently but shared after normalisation
    owners: dict[str, set[str]] = defaultdict(set)
    for row in bundle.rows("identifiers"):
        owners[f"{row.kind}:{row.value}"].add(row.owner_id)  # type: ignore[attr-defined]
    shared = {key.split(":")[0] for key, who in owners.items() if len(who) > 1}
    assert {"address", "vehicle", "bank_account"} <= shared


@pytest.mark.parametrize("jurisdiction", ["US", "CA", "GB"])
def test_other_jurisdictions(tmp_path: Path, jurisdiction: str) -> None:
    counts = generate_bundle(tmp_path, persons=120, seed=1, jurisdiction=jurisdiction)
    assert read_bundle(tmp_path).counts == counts


def test_cases_of_about_a_thousand_persons(tmp_path: Path) -> None:
    counts = generate_bundle(tmp_path, persons=2600, seed=5)
    bundle = read_bundle(tmp_path)
    assert counts["cases"] == 3
    cases = {row.case_id for row in bundle.rows("roles")}  # type: ignore[attr-defined]
    assert cases == {"GEN-0001", "GEN-0002", "GEN-0003"}


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="jurisdiction 'SE' is not one of: NO, US, CA, GB"):
        generate_bundle(tmp_path, persons=100, seed=1, jurisdiction="SE")
    with pytest.raises(ValueError, match="persons must be at least 12"):
        generate_bundle(tmp_path, persons=5, seed=1)


def test_names_collide_no_more_than_real_ones(tmp_path: Path) -> None:
    """Issue 27, the analyst review's finding 1: the old pools (12 first names and 10 surnames for five
    countries) gave 70 of GEN-0001's 145 suspects the full name of one of its 751 victims, so an
    analyst (who has each word of a victim's name withheld) saw them as "[withheld]". In a real
    population of that size a suspect shares a victim's full name rarely (the commonest Romanian
    surname is about 1 % of Romanians): here at most 2 % of suspects, and victims' names mostly distinct."""
    generate_bundle(tmp_path, persons=2000, seed=5)
    bundle = read_bundle(tmp_path)
    names = {row.person_id: row.name for row in bundle.rows("persons")}  # type: ignore[attr-defined]
    roles = [row for row in bundle.rows("roles") if isinstance(row, RoleRow) and row.case_id == "GEN-0001"]
    victims = {r.person_id for r in roles if r.role == "victim"}
    suspects = {r.person_id for r in roles if r.role == "suspect"} - victims
    victim_names = Counter(names[v] for v in victims)
    shared = sorted(s for s in suspects if names[s] in victim_names)
    assert len(victims) > 700 and len(suspects) > 100
    assert len(shared) <= 0.02 * len(suspects), shared
    assert len(victim_names) >= 0.9 * len(victims), victim_names.most_common(5)
    # What an analyst sees of each suspect's name (the service's rule, service/victim_index.py): in a
    # real population with this many compatriot victims, a suspect would have every word of his name
    # withheld a few times in a hundred (a long-tailed model: 6 % of compatriots at 190 victims); the
    # old pools gave 75 of 145. At most one in eight here: the rule's own reach is in the report.
    others = {r.person_id: names[r.person_id] for r in roles if r.person_id not in victims}
    index = VictimIndex([Victim(v, names[v]) for v in victims], Pseudonyms("k3y-for-generator-names-Lx8Qw2"),
                        others=others)
    seen = [index.scrub({"person_id": s, "name": names[s]})["name"] for s in sorted(suspects)]
    unreadable = [n for n in seen if not set(n.replace(WITHHELD, "").split()) - {""}]
    assert len(unreadable) <= len(suspects) / 8, (len(unreadable), len(suspects))


def test_names_leave_the_rest_of_a_seed_as_it_was(tmp_path: Path, bundle_300: tuple[Path, dict[str, int]]) -> None:
    """Names come from a stream of their own: ids, roles, links, identifiers and evidence of a seed
    are what they were before the pools grew (their digest then, seed 42, 300 persons)."""
    import hashlib

    digests = {name: hashlib.sha256(data).hexdigest()[:16] for name, data in files(bundle_300[0]).items()
               if name not in ("persons.csv", "businesses.csv")}
    assert digests == EXPECTED_DIGESTS
