"""Every bundled pack loads, cites, and speaks only the indicator vocabulary; broken packs say where."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rules.load import (
    PACKS_DIR,
    RulePackInvalid,
    UnknownJurisdiction,
    indicator_vocabulary,
    load_pack,
    load_packs,
    pack_for,
)

JURISDICTIONS = ["NO", "US", "CA", "GB"]
#: DOMAIN.md's minimum vocabulary.
DOMAIN_INDICATORS = {
    "forced_labour", "sexual_exploitation", "debt_bondage", "threats_or_violence", "recruitment_by_deception",
    "movement_control", "passport_withheld", "housing_control", "overcrowded_housing", "unreported_wages",
    "cash_payroll", "underpayment", "excessive_hours", "unsafe_workplace", "no_work_permit",
    "profits_from_prostitution", "rents_premises_for_prostitution", "advertises_sexual_services",
    "laundering_transfers", "structuring_deposits", "unexplained_wealth", "false_documents",
    "smuggling_facilitation", "drug_supply", "firearm_possession", "licence_breach", "health_code_breach",
}
PRIMITIVE = (str, int, float, bool)


@pytest.fixture(scope="module")
def packs():
    return load_packs()


def _rules(pack):
    yield from pack.offences
    yield from pack.measures
    yield from pack.protections
    yield from pack.non_punishment
    for offence in pack.offences:
        yield from offence.consequences
    for measure in pack.measures:
        yield from measure.consequences
    yield from pack.flag_basis.values()


def test_every_bundled_pack_loads(packs):
    assert sorted(packs) == sorted(JURISDICTIONS), sorted(packs)
    for jurisdiction in JURISDICTIONS:
        assert pack_for(jurisdiction.lower()) is packs[jurisdiction]


def test_unknown_jurisdiction_names_the_packs():
    with pytest.raises(UnknownJurisdiction, match="'SE'.*CA, GB, NO, US"):
        pack_for("SE")


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_rule_has_a_citation_and_a_source(packs, jurisdiction):
    for rule in _rules(packs[jurisdiction]):
        assert rule.citation.strip(), rule
        assert rule.source.reference.strip(), rule
        if rule.source.status == "unverified":
            assert (rule.source.check or "").strip(), rule


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_packs_use_only_the_vocabulary(packs, jurisdiction):
    vocabulary = indicator_vocabulary()
    pack = packs[jurisdiction]
    used = {i for o in pack.offences for e in o.elements for i in e.indicators}
    used |= {i for m in pack.measures for i in m.indicators}
    used |= {i for n in pack.non_punishment for i in n.victim_indicators}
    assert used <= vocabulary, used - vocabulary


def test_domain_indicators_are_in_the_vocabulary():
    assert DOMAIN_INDICATORS <= indicator_vocabulary(), DOMAIN_INDICATORS - indicator_vocabulary()


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_packs_are_unreviewed_until_counsel_signs(packs, jurisdiction):
    pack = packs[jurisdiction]
    assert pack.reviewed_by == "" and pack.reviewed_on is None
    assert pack.review_status == "unreviewed by counsel"
    assert "not legal advice" in pack.disclaimer


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_each_pack_has_trafficking_and_alternatives_and_a_charge_dependent_protection(packs, jurisdiction):
    pack = packs[jurisdiction]
    categories = {o.category for o in pack.offences}
    assert categories == {"trafficking", "alternative"}, categories
    assert any(p.depends_on_trafficking_charge for p in pack.protections)
    assert any(p.trigger == "reasonable_grounds" and p.survives_alternative_charges for p in pack.protections)
    assert pack.non_punishment
    assert any(m.requires_foreign_national for m in pack.measures)


def test_norway_core_findings_are_encoded(packs):
    no = packs["NO"]
    assert no.offence("strl_257").citation == "straffeloven (2005) § 257"
    assert no.offence("strl_257").max_penalty.years == 6
    assert no.offence("strl_258").max_penalty.years == 10
    permit = no.protection("witness_permit_indictment")
    assert permit.trigger == "trafficking_indictment" and not permit.survives_alternative_charges
    assert "§ 8-4" in permit.citation and permit.source.status == "confirmed"
    assert no.protection("reflection_period").survives_alternative_charges
    assert "6 months" in no.protection("reflection_period").duration
    assert no.protection("victims_counsel").depends_on_trafficking_charge
    assert no.protection("witness_permit_discretionary").kept_by == ["strl_315"]


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_catalogue_rows_are_primitive(packs, jurisdiction):
    rows = packs[jurisdiction].catalogue_rows()
    for kind in ("packs", "offences", "measures", "protections", "indicators", "offence_indicators",
                 "measure_indicators", "non_punishment", "non_punishment_rules"):
        assert rows[kind], kind
    for kind, items in rows.items():
        for row in items:
            for key, value in row.items():
                ok = isinstance(value, PRIMITIVE) or (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)
                )
                assert ok, (kind, key, value)


def test_catalogue_rule_ids_are_unique_and_prefixed(packs):
    seen: set[str] = set()
    for pack in packs.values():
        rows = pack.catalogue_rows()
        for kind in ("offences", "measures", "protections", "non_punishment"):
            for row in rows[kind]:
                assert row["rule_id"].startswith(f"{pack.jurisdiction}:"), row["rule_id"]
                assert row["rule_id"] not in seen, row["rule_id"]
                seen.add(row["rule_id"])
        offences = {r["rule_id"] for r in rows["offences"]}
        assert {r["rule_id"] for r in rows["offence_indicators"]} <= offences


# -- broken packs -----------------------------------------------------------------------------


def _write(tmp_path: Path, data: dict, name: str = "xx.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def no_data() -> dict:
    return yaml.safe_load((PACKS_DIR / "no.yaml").read_text(encoding="utf-8"))


def test_unknown_indicator_names_file_and_key(tmp_path, no_data):
    no_data["offences"][3]["elements"][1]["indicators"][0] = "foo"
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid) as e:
        load_pack(path)
    assert e.value.errors == [f"{path}: offences[3].elements[1].indicators[0]: unknown indicator 'foo'"], e.value.errors


def test_project_paths_read_like_the_brief(tmp_path, no_data, monkeypatch):
    # A pack inside the project reads as rules/packs/<file>: a copy of the tree under tmp_path.
    from rules import load

    no_data["offences"][3]["elements"][1]["indicators"][0] = "foo"
    packs_dir = tmp_path / "rules" / "packs"
    packs_dir.mkdir(parents=True)
    path = _write(packs_dir, no_data, "no.yaml")
    monkeypatch.setattr(load, "RULES_DIR", tmp_path / "rules")
    with pytest.raises(RulePackInvalid) as e:
        load_pack(path)
    assert e.value.errors == ["rules/packs/no.yaml: offences[3].elements[1].indicators[0]: unknown indicator 'foo'"]


def test_missing_citation_and_bad_category_are_all_reported(tmp_path, no_data):
    del no_data["offences"][0]["citation"]
    no_data["offences"][1]["category"] = "other"
    no_data["protections"][0]["citation"] = "  "
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid) as e:
        load_pack(path)
    text = "\n".join(e.value.errors)
    assert f"{path}: offences[0].citation: Field required" in text, text
    assert f"{path}: offences[1].category:" in text, text
    assert f"{path}: protections[0].citation: must not be empty" in text, text


def test_unverified_rule_must_say_what_to_check(tmp_path, no_data):
    no_data["offences"][0]["source"] = {"status": "unverified", "reference": "memory"}
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid, match=re.escape(f"{path}: offences[0].source: an unverified source")):
        load_pack(path)


def test_broken_references_and_duplicate_codes(tmp_path, no_data):
    no_data["protections"][3]["kept_by"] = ["strl_999"]
    no_data["non_punishment"][0]["measures"] = ["no_such_measure"]
    no_data["measures"][1]["code"] = no_data["offences"][0]["code"]
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid) as e:
        load_pack(path)
    assert f"{path}: protections[3].kept_by[0]: unknown offence code 'strl_999'" in e.value.errors
    assert f"{path}: non_punishment[0].measures[0]: unknown measure code 'no_such_measure'" in e.value.errors
    assert any(line.startswith(f"{path}: measures[1].code: duplicate code 'strl_257'") for line in e.value.errors)


def test_review_fields_go_together(tmp_path, no_data):
    no_data["reviewed_by"] = "A. Lawyer"
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid, match="reviewed_by and reviewed_on"):
        load_pack(path)
    no_data["reviewed_on"] = "2026-11-01"
    pack = load_pack(_write(tmp_path, no_data))
    assert pack.review_status == "reviewed by A. Lawyer on 2026-11-01"


def test_duplicate_yaml_keys_and_bad_yaml_name_the_file(tmp_path):
    dup = tmp_path / "dup.yaml"
    dup.write_text("jurisdiction: NO\njurisdiction: US\n", encoding="utf-8")
    with pytest.raises(RulePackInvalid, match=re.escape(f"{dup}: invalid YAML") + ".*duplicate key 'jurisdiction'"):
        load_pack(dup)
    bad = tmp_path / "bad.yaml"
    bad.write_text("offences: [\n", encoding="utf-8")
    with pytest.raises(RulePackInvalid, match=re.escape(f"{bad}: invalid YAML")):
        load_pack(bad)
    with pytest.raises(RulePackInvalid, match="cannot read"):
        load_pack(tmp_path / "missing.yaml")


def test_unknown_keys_are_refused(tmp_path, no_data):
    no_data["offences"][0]["penalty"] = "typo for max_penalty"
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid, match=re.escape(f"{path}: offences[0].penalty: Extra inputs are not permitted")):
        load_pack(path)
