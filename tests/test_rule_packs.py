"""Every bundled pack loads, cites, and speaks only the indicator vocabulary; broken packs say where."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from queries.network.model import CaseNetwork, Evidence, Link, Person, Role
from queries.options.engine import evaluate_option, protection_flags
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


# -- corrections of the legal review (legal-review.md section 1) pinned -------------------------

#: The smuggling offence and the benefit-fraud offence of each pack.
SMUGGLING = {"NO": "utl_108_smuggling", "US": "usc8_1324", "CA": "irpa_117", "GB": "ia71_25"}
BENEFIT_FRAUD = {"NO": ["strl_371", "strl_372"], "US": ["usc18_641"], "CA": ["cc_380"], "GB": ["fraud_act_1"]}


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_confirmed_rule_names_the_source_that_confirms_it(packs, jurisdiction):
    for rule in _rules(packs[jurisdiction]):
        if rule.source.status == "confirmed":
            reference = rule.source.reference.strip()
            assert reference and not reference.startswith("general knowledge"), rule


def test_norway_penalties_and_paragraphs_follow_the_review(packs):
    no = packs["NO"]
    assert no.offence("strl_337").max_penalty.years == 2  # not 3 (old § 317)
    aggravated = no.offence("strl_338")
    # 6 years: the 15-year limb needs proceeds of *grov* menneskehandel, a § 258 count (review 3 P12).
    assert aggravated.max_penalty.years == 6 and "§ 258" in aggravated.max_penalty.text
    assert aggravated.category == "alternative"
    assert no.offence("strl_337").source.status == "confirmed"
    labour = no.offence("utl_108_illegal_labour")
    assert "third paragraph letter a" in labour.citation and labour.max_penalty.years == 2
    assert {no.offence(c).citation[-len("letter b"):] for c in ("utl_108_exploitation", "utl_108_luring")} == {
        "letter b", "letter c"}
    smuggling = no.offence("utl_108_smuggling")
    assert "fourth paragraph letter a" in smuggling.citation
    assert "no gain is required" in smuggling.elements[0].description.lower()
    for code in ("strl_378", "strl_379", "strl_380"):
        assert no.offence(code).source.status == "confirmed", code
    assert "§ 122" in no.measure("expulsion").citation and "§ 122" in no.offence("strl_257").consequences[0].citation
    assert "ch. 14" in no.measure("tax_audit").citation
    assert "letter b" in no.protection("victims_counsel").citation
    assert no.protection("witness_permit_indictment").held_when.secured  # granted after the testimony
    control = no.flag_basis["CONTROL_MAY_CONTINUE"]
    assert "kontaktforbud" in control.explanation and "besøksforbud" in control.explanation
    assert "§ 122" in control.explanation
    assert {"kontaktforbud", "besoksforbud"} <= {m.code for m in no.measures}
    claim = no.protection("civil_claim")
    assert claim.depends_on_trafficking_charge and not claim.kept_by and claim.source.status == "unverified"


def test_us_corrections(packs):
    us = packs["US"]
    documents = next(n for n in us.non_punishment if n.code == "np_false_documents")
    assert documents.source.status == "unverified" and "usc18_1546" in documents.offences
    assert "only from § 1592" in documents.defence  # § 1592(b) is no defence to § 1546
    u_visa = us.protection("u_visa")
    assert u_visa.survives_alternative_charges and u_visa.source.check  # the QCA investigated, not the count
    # § 2429 exists (Pub. L. 115-392, 2018), confirmed in review 3 (P7, review 2 #16); unverified
    # until its text is quoted in the pack.
    assert any(c.citation.startswith("18 U.S.C. § 2429") and "P7: existence and scope C" in c.source.reference
               for c in us.offence("usc18_2421").consequences)
    assert "finding" in us.flag_basis["CRIMINALISES_VICTIMS"].citation
    for code in ("usc18_1581", "usc18_1584", "usc18_1594"):
        assert us.offence(code).category == "trafficking", code  # chapter 77 keeps § 1593
    for code in ("cvra_3771", "civil_remedy_1595", "confidentiality_1367"):
        assert us.protection(code).survives_alternative_charges, code
    assert "§ 1514" in us.flag_basis["CONTROL_MAY_CONTINUE"].explanation


def test_canada_corrections(packs):
    ca = packs["CA"]
    renewal = ca.protection("vtip_trp_renewal")
    assert renewal.source.status == "unverified"
    # Only a TRP holder can renew (legal-review-3.md P4); she is told she may not obtain the
    # renewal (medium), not that she "would lose" a permit (a practice, not escalated).
    assert renewal.holders_only and renewal.held_when.immigration_status == ["vtip_trp"]
    holder = _victims_case("CA", "forced_labour", status="vtip_trp")
    (flag,) = [f for f in protection_flags(holder, ca, ["V"], charges=["ita_239"]) if f.protection_code == "vtip_trp_renewal"]
    assert flag.status == "would_not_obtain" and flag.severity == "medium"
    other = _victims_case("CA", "forced_labour", status="irregular")
    assert not [f for f in protection_flags(other, ca, ["V"], charges=["ita_239"]) if f.protection_code == "vtip_trp_renewal"]
    assert "out of status" in ca.protection("vtip_trp").explanation
    permit = ca.protection("vulnerable_worker_permit")
    assert permit.source.status == "confirmed" and "207.1" in permit.citation
    sex_work = next(n for n in ca.non_punishment if n.code == "np_sex_work_status")
    assert {"vtip_trp", "vulnerable_worker_owp", "visitor", "student", "work_permit"} <= set(sex_work.victim_statuses)
    assert [c.kind for c in ca.offence("ita_239").consequences] == ["expulsion"]
    assert any(i == "minor_exploited" for e in ca.offence("cc_279_011").elements for i in e.indicators)
    assert "s. 810" in ca.flag_basis["CONTROL_MAY_CONTINUE"].explanation


def _victims_case(jurisdiction: str, indicator: str, *, status: str = "irregular", about_victim: str | None = None):
    """A foreign suspect S transports and controls one identified victim V."""
    victim = Role("C", "victim", identified_on=date(2026, 3, 1), cooperation="willing")
    persons = {
        "S": Person("S", "Suspect", nationality="AL", roles=[Role("C", "suspect")]),
        "V": Person("V", "Victim", nationality="AL", immigration_status=status, roles=[victim]),
    }
    evidence = [Evidence("E1", "C", "S", indicator, "record", True)]
    if about_victim:
        evidence.append(Evidence("E2", "C", "V", about_victim, "record", True))
    links = [Link("S", "TRANSPORTED", "V", "C"), Link("S", "CONTROLS", "V", "C")]
    return CaseNetwork(["C"], jurisdiction, persons, {}, links, evidence)


def _criminalising(option):
    return [f for f in option.flags if f.code == "CRIMINALISES_VICTIMS"]


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_a_smuggling_charge_criminalises_an_irregular_victim_in_every_pack(packs, jurisdiction):
    pack, code = packs[jurisdiction], SMUGGLING[jurisdiction]
    entries = [n for n in pack.non_punishment if code in n.offences]
    assert [n.code for n in entries] == ["np_smuggling"], entries
    assert "irregular" in entries[0].victim_statuses
    option = evaluate_option(_victims_case(jurisdiction, "smuggling_facilitation"), pack, "S", code)
    assert option.applicable
    assert [(f.rule_code, f.victim_ids) for f in _criminalising(option)] == [("np_smuggling", ["V"])]
    # A victim with a permit shows no sign of the risk.
    settled = evaluate_option(_victims_case(jurisdiction, "smuggling_facilitation", status="resident"), pack, "S", code)
    assert not _criminalising(settled)


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_every_pack_pairs_benefit_fraud_with_non_punishment(packs, jurisdiction):
    pack = packs[jurisdiction]
    for code in BENEFIT_FRAUD[jurisdiction]:
        offence = pack.offence(code)
        assert offence.area == "fraud" and "benefit_fraud" in offence.elements[0].indicators, code
    (entry,) = [n for n in pack.non_punishment if n.code == "np_benefit_fraud"]
    assert "benefit_fraud" in entry.victim_indicators
    assert all(entry.covers(c, "fraud") for c in BENEFIT_FRAUD[jurisdiction])
    case = _victims_case(jurisdiction, "benefit_fraud", status="resident", about_victim="benefit_fraud")
    option = evaluate_option(case, pack, "S", BENEFIT_FRAUD[jurisdiction][0])
    assert [(f.rule_code, f.victim_ids) for f in _criminalising(option)] == [("np_benefit_fraud", ["V"])]


def test_gb_special_measures_follow_yjcea_s17_4(packs):
    gb = packs["GB"]
    special = gb.protection("special_measures")
    assert "s. 17(4)" in special.citation and special.kept_by == ["soa_52", "soa_53"]
    assert gb.offence("msa_4").category == "alternative"  # so that it need not keep special measures
    # An asylum seeker has no leave to remain: s. 65 leave is hers to lose (E3: not for a holder).
    case = _victims_case("GB", "sexual_exploitation", status="asylum_seeker")

    def lost(*charges):
        return {f.protection_code for f in protection_flags(case, gb, ["V"], charges=charges)}

    assert "special_measures" in lost("msa_4")  # complainants of MSA ss. 1-2 only
    assert "special_measures" not in lost("soa_53") and "special_measures" not in lost("soa_52")
    assert "special_measures" not in lost("msa_2")
    # MSA s. 4 keeps what Schedule 1 and s. 8 give it, and s. 65(2)(c) leave (same exploitation).
    assert not {"reparation_order", "stpo_on_sentencing", "leave_cooperation"} & lost("msa_4")
    assert not {"leave_cooperation"} & lost("soa_53") and not {"leave_cooperation"} & lost("gla_12")
    assert {"reparation_order", "stpo_on_sentencing", "leave_cooperation", "special_measures"} <= lost("tma_106a")
    stpo = gb.protection("stpo_on_sentencing")
    assert stpo.depends_on_trafficking_charge and stpo.source.status == "confirmed"
    assert gb.measure("stpo_on_application").citation == "Modern Slavery Act 2015 s. 15"


def test_gb_prostitution_entry_spares_a_controller_charged_under_ss_52_53(packs):
    gb = packs["GB"]
    entry = next(n for n in gb.non_punishment if n.code == "np_prostitution")
    assert entry.offences == ["soa59_1"] and not entry.areas  # the women's own offence only
    case = _victims_case("GB", "profits_from_prostitution", status="citizen", about_victim="sexual_exploitation")
    case.evidence.append(Evidence("E3", "C", "S", "movement_control", "record", True))
    controlling = evaluate_option(case, gb, "S", "soa_53")
    assert controlling.strength == 1.0 and not _criminalising(controlling)


def test_gb_schedule4_entry_no_longer_denies_the_defence_for_a_whole_area(packs):
    entry = next(n for n in packs["GB"].non_punishment if n.code == "np_schedule4")
    assert not entry.defence.startswith("None") and "unless" in entry.defence
    assert "Illegal Migration Act 2023" in packs["GB"].currency  # NABA s. 63 amendments


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
    from rules import vocabulary

    no_data["offences"][3]["elements"][1]["indicators"][0] = "foo"
    packs_dir = tmp_path / "rules" / "packs"
    packs_dir.mkdir(parents=True)
    path = _write(packs_dir, no_data, "no.yaml")
    monkeypatch.setattr(vocabulary, "RULES_DIR", tmp_path / "rules")
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


# -- legal review 3: pack errors P1-P17 and the 7 partly fixed errors of review 2 ----------------------
# (shared/research/legal-review-3.md § 0 and § 2). Each is pinned: fixed in the data, or marked
# for counsel with what must be checked.


def _moot(jurisdiction, protection, status, nationality="AL"):
    from queries.options.scope import CaseScope
    from queries.options.protection_loss import moot_reason

    pack = pack_for(jurisdiction)
    case = _victims_case(jurisdiction, "forced_labour", status=status)
    case.persons["V"].nationality = nationality
    return moot_reason(CaseScope(case, pack, None, True), case.persons["V"], pack.protection(protection))


def test_p1_gb_s65_leave_is_moot_for_a_victim_who_has_leave():
    for protection in ("leave_cooperation", "leave_recovery_compensation"):
        assert "already holds leave to remain" in _moot("GB", protection, "work_permit")
        assert _moot("GB", protection, "irregular") is None and _moot("GB", protection, "asylum_seeker") is None


def test_p2_ca_279_011_under_18_is_met_by_age(packs):
    (under_18,) = [e for e in packs["CA"].offence("cc_279_011").elements if e.id == "under_18"]
    assert under_18.met_for_minors


def test_p3_no_258_aggravation_has_its_under_18_limb_and_says_grov_and_betydelig(packs):
    offence = packs["NO"].offence("strl_258")
    (aggravation,) = [e for e in offence.elements if e.id == "aggravation"]
    assert aggravation.met_for_minors and "grov" in aggravation.description and "betydelig" in aggravation.description
    assert "var under 18 år" in offence.source.reference  # the statute quoted, with its source


def test_p4_ca_trp_renewal_is_for_holders_only():
    assert "only a holder" in _moot("CA", "vtip_trp_renewal", "irregular")
    assert _moot("CA", "vtip_trp_renewal", "vtip_trp") is None


def test_p5_ca_sex_work_status_exposes_and_names_the_inadmissibility(packs):
    entry = next(n for n in packs["CA"].non_punishment if n.code == "np_sex_work_status")
    assert entry.effect == "exposes" and "183(1)(b.1)" in entry.victim_exposure and "124(1)(a)" in entry.victim_exposure


@pytest.mark.parametrize(("jurisdiction", "code"), [
    ("NO", "licence_revocation"), ("NO", "health_inspection"), ("US", "licence_revocation"),
    ("US", "health_inspection"), ("CA", "licence_revocation"), ("GB", "closure_order"),
])
def test_p6_closures_fall_on_the_victims_who_work_or_live_there(packs, jurisdiction, code):
    assert packs[jurisdiction].measure(code).falls_on_workers


def test_p7_us_2429_exists_and_is_mandatory_but_stays_unverified_until_quoted(packs):
    (restitution,) = [c for c in packs["US"].offence("usc18_2421").consequences if c.kind == "restitution"]
    assert "Pub. L. 115-392" in restitution.citation and "Mandatory restitution for any chapter 117" in restitution.description
    check = restitution.source.check
    assert restitution.source.status == "unverified" and check.startswith("Counsel must check: the text of 18 U.S.C. § 2429")
    assert "value of the victim's labour" in check  # what is still unverified is said
    # The protection that cites it no longer calls § 2429 confirmed while its text is unquoted.
    assert "§ 2429, confirmed" not in packs["US"].protection("restitution_1593").explanation


def test_p8_p9_permits_moot_for_holders_of_a_better_status():
    assert "lawful status" in _moot("US", "continued_presence", "t_status")
    assert "lawful status" in _moot("US", "continued_presence", "u_status")
    assert "§ 8-4" in _moot("NO", "limited_permit", "utf_8_4_permit")
    assert _moot("NO", "limited_permit", "irregular") is None


def test_p10_eea_workers_are_not_reached_by_an_illegal_work_case(packs):
    no = packs["NO"]
    entry = next(n for n in no.non_punishment if n.code == "np_illegal_work")
    assert {"RO", "BG"} <= set(entry.exempt_nationality_codes) == set(no.expulsion_limit.nationality_codes)
    for nationality, flagged in (("RO", False), ("UA", True)):
        case = _victims_case("NO", "no_work_permit")
        case.persons["V"].nationality = nationality
        option = evaluate_option(case, no, "S", "utl_108_illegal_labour")
        assert bool(_criminalising(option)) == flagged


def test_p11_norwegian_non_punishment_cites_the_criminal_procedure_act(packs):
    entry = next(n for n in packs["NO"].non_punishment if n.code == "np_illegal_work")
    assert "straffeprosessloven §§ 62 a and 69" in entry.citation
    assert "no relevant straffeloven § 62a" in entry.source.check


def test_p12_no_338_fifteen_years_only_with_258(packs):
    penalty = packs["NO"].offence("strl_338").max_penalty
    assert penalty.years == 6 and "grov" in penalty.text and "§ 258" in penalty.text


def test_p13_no_aml_19_1_is_not_proven_by_underpayment(packs):
    assert all("underpayment" not in e.indicators for e in packs["NO"].offence("aml_19_1").elements)


def test_p14_gb_stpo_on_application_needs_a_relevant_offender(packs):
    stpo = packs["GB"].measure("stpo_on_application")
    assert "relevant offender" in stpo.requires_record
    case = _victims_case("GB", "forced_labour")
    option = evaluate_option(case, packs["GB"], "S", "stpo_on_application")
    assert not option.applicable and "relevant offender" in option.notes[0]


def test_p15_gb_schedule4_and_msa_1_2_is_marked_for_counsel(packs):
    entry = next(n for n in packs["GB"].non_punishment if n.code == "np_schedule4")
    assert "MSA ss. 1-2" in entry.source.check and "OAPA ss. 4, 16, 18, 20, 21" in entry.source.check


def test_p16_us_1594_needs_an_agreement_not_the_completed_offences_acts(packs):
    us = packs["US"]
    (step,) = [e for e in us.offence("usc18_1594").elements if e.id == "step"]
    assert step.indicators == ["organised_crime_group"]
    case = _victims_case("US", "sexual_exploitation")
    case.evidence.append(Evidence("E3", "C", "S", "advertises_sexual_services", "record", True))
    assert evaluate_option(case, us, "S", "usc18_1594").strength < 1.0


def test_p17_us_2423a_added_and_the_rest_left_for_counsel(packs):
    offence = packs["US"].offence("usc18_2423a")
    assert "not less than 10 years or for life" in offence.source.reference and offence.max_penalty.life
    assert any(e.met_for_minors for e in offence.elements)
    assert offence.source.status == "unverified" and offence.source.check.startswith("Counsel must check: the elements")


#: P17's missing rules (and P13's, P16's), as legal-review-3.md names them: all unverified there.
P17_MISSING = {
    "NO": ["§§ 271-274", "§ 251", "§ 254", "§ 263", "§ 309", "allmenngjøringsloven"],
    "US": ["§ 1589(b)", "§ 2422(b)", "§ 1594(a)", "Dixon v. United States, 548 U.S. 1 (2006)"],
    "CA": ["s. 486.4", "s. 486.31", "s. 486.2", "ss. 279.01(1), 279.011(1)"],
    "GB": [],
}


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_p17_missing_rules_are_listed_for_counsel_not_modelled(packs, jurisdiction):
    pack = packs[jurisdiction]
    citations = [m.citation for m in pack.missing_rules]
    assert len(citations) == len(P17_MISSING[jurisdiction])
    for wanted in P17_MISSING[jurisdiction]:
        assert any(wanted in c for c in citations), (wanted, citations)
    modelled = {r.citation for r in [*pack.offences, *pack.measures, *pack.protections]}
    for missing in pack.missing_rules:
        assert missing.source.status == "unverified" and missing.source.check.startswith("Counsel must check: ")
        assert missing.citation not in modelled and missing.why.strip()


def test_a_confirmed_missing_rule_is_refused(tmp_path, no_data):
    no_data["missing_rules"][0]["source"] = {"status": "confirmed", "reference": "lovdata.no"}
    path = _write(tmp_path, no_data)
    with pytest.raises(RulePackInvalid, match=re.escape(f"{path}: missing_rules[0]: ") + ".*belongs in the pack"):
        load_pack(path)


def _np(pack, code):
    return next(n for n in pack.non_punishment if n.code == code)


#: Every item of legal-review-3.md that the packs leave to counsel, with the rule that says what to check.
FOR_COUNSEL = {
    "P3-NO-258-degree": lambda p: p["NO"].offence("strl_258").source.check,
    "P5-CA-286.5": lambda p: _np(p["CA"], "np_sex_work_status").source.check,
    "P7-US-2429": lambda p: next(c for c in p["US"].offence("usc18_2421").consequences if c.kind == "restitution").source.check,
    "P10-NO-108-employer": lambda p: p["NO"].offence("utl_108_illegal_labour").source.check,
    "P11-NO-amended-paragraph": lambda p: _np(p["NO"], "np_illegal_work").source.check,
    "P13-NO-aml_19_1": lambda p: p["NO"].offence("aml_19_1").source.check,
    "P14-GB-STPO-relevant-offender": lambda p: p["GB"].measure("stpo_on_application").source.check,
    "P15-GB-Schedule-4": lambda p: _np(p["GB"], "np_schedule4").source.check,
    "P16-US-1594": lambda p: p["US"].offence("usc18_1594").source.check,
    "P17-US-2423a-elements": lambda p: p["US"].offence("usc18_2423a").source.check,
    "review2-8-NO-counsel": lambda p: p["NO"].protection("victims_counsel").source.check,
    "review2-11-NO-315": lambda p: p["NO"].offence("strl_315").source.check,
    "review2-12-NO-257": lambda p: p["NO"].offence("strl_257").source.check,
    "review2-15-US-U-visa": lambda p: p["US"].protection("u_visa").source.check,
    "review2-28-GB-FA-1968-s5": lambda p: _np(p["GB"], "np_schedule4").source.check,
}


@pytest.mark.parametrize("item", sorted(FOR_COUNSEL))
def test_items_left_to_counsel_say_what_counsel_must_check(packs, item):
    check = FOR_COUNSEL[item](packs) or ""
    assert "Counsel must check: " in check, check


def test_review2_15_u_visa_names_the_case_never_investigated_as_a_qca(packs):
    assert "never investigated as a qualifying crime" in packs["US"].protection("u_visa").source.check


@pytest.mark.parametrize("jurisdiction", ["NO", "GB"])
def test_removal_of_a_victim_is_confirmed_from_the_convention_text(packs, jurisdiction):
    basis = packs[jurisdiction].flag_basis["REMOVAL_OF_VICTIM"]
    assert basis.source.status == "confirmed"
    assert "shall not be removed from its territory until the identification process" in basis.source.reference
    assert "it shall not be possible to enforce any expulsion order against him or her" in basis.source.reference


def test_review2_8_identification_is_not_an_appointment_of_counsel(packs):
    counsel = packs["NO"].protection("victims_counsel")
    assert counsel.held_when is None and "§§ 271-274" in counsel.explanation


def test_review2_11_12_15_28_are_marked_for_counsel(packs):
    no, us, gb = packs["NO"], packs["US"], packs["GB"]
    assert "old § 202" in no.offence("strl_315").max_penalty.text  # #11: the 2005 maximum
    assert "second paragraph" in no.offence("strl_257").source.check  # #12: recruiters and transporters
    assert us.protection("u_visa").source.check  # #15: a case never investigated as a QCA
    assert "fa68_5" in next(n for n in gb.non_punishment if n.code == "np_schedule4").source.check  # #28


def test_review2_16_19_fixed(packs):
    assert any("believed" not in c.description.lower() for c in packs["US"].offence("usc18_2421").consequences
               if c.kind == "restitution")  # #16: no longer "believed", only its text left to quote
    trp = packs["CA"].protection("vtip_trp")  # #19: the out-of-status rule is data now
    assert trp.not_applicable_when and "work_permit" in trp.not_applicable_when.statuses


def test_source_counts_count_the_missing_rules_apart(packs):
    from rules.source_counts import source_counts

    counts = source_counts(packs["NO"])
    assert counts["missing"] == len(P17_MISSING["NO"]) and counts["confirmed"] and counts["unverified"]
