"""Options and flags on small hand-made cases where the right answer is known.

Norway: a car wash (Glans Bilvask AS) owned by a Norwegian (S1, "the owner") and managed by a
foreign controller (S2) who controls and houses two identified victims; one victim (V1) is
irregular, unwilling to cooperate and has family at home; another identified victim (V9)
belongs to another case and has no link to anyone here.

United States: a foreign pimp (P1) running a spa with one identified victim holding Continued
Presence; a US-national twin (P2) with the same structure for the flags that must not fire.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest

from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.options.engine import (
    DISCLAIMER,
    OptionEngine,
    UnknownPerson,
    evaluate_option,
    linked_victims,
    options_for_person,
    protection_flags,
)
from rules.load import pack_for

C1, C2 = "C1", "C2"


def _ev(eid: str, about: str, indicator: str, *, independent: bool = True, given_by: str | None = None, case: str = C1):
    kind = "testimony" if given_by else "record"
    return Evidence(eid, case, about, indicator, kind, independent, given_by=given_by)


def _victim(pid, name, *, case=C1, identified=True, cooperation="willing", nationality="UA", status=None):
    role = Role(case, "victim", identified_on=date(2026, 3, 1) if identified else None, cooperation=cooperation)
    return Person(pid, name, nationality=nationality, immigration_status=status, roles=[role])


def norway_case() -> CaseNetwork:
    persons = {
        "S1": Person("S1", "Ola Eier", nationality="NO", roles=[Role(C1, "suspect")]),
        "S2": Person("S2", "Marius Kontroll", nationality="RO", roles=[Role(C1, "suspect")]),
        "V1": _victim("V1", "Ana", cooperation="unwilling", status="irregular"),
        "V2": _victim("V2", "Ioana", status="utf_8_3_limited_permit"),
        "V9": _victim("V9", "Elsewhere", case=C2),
        "F1": Person("F1", "Ana's mother", nationality="RO"),
    }
    links = [
        Link("S1", "OWNS", "B1", C1),
        Link("S2", "MANAGES", "B1", C1),
        Link("S2", "CONTROLS", "V1", C1),
        Link("S2", "HOUSED", "V2", C1),
        Link("V1", "WORKS_AT", "B1", C1),
        Link("V2", "WORKS_AT", "B1", C1),
        Link("V1", "FAMILY_OF", "F1", C1),
    ]
    evidence = [
        _ev("E1", "B1", "cash_payroll"),
        _ev("E2", "B1", "unreported_wages"),
        _ev("E3", "B1", "no_work_permit"),
        _ev("E4", "B1", "excessive_hours"),
        _ev("E5", "S2", "threats_or_violence", independent=False, given_by="V1"),
        _ev("E6", "S2", "forced_labour", independent=False, given_by="V2"),
        _ev("E7", "S2", "passport_withheld"),
        _ev("E8", "V1", "no_work_permit"),
        _ev("E90", "V9", "no_work_permit", case=C2),
    ]
    return CaseNetwork(
        case_ids=[C1, C2], jurisdiction="NO", persons=persons,
        businesses={"B1": Business("B1", "Glans Bilvask AS", sector="car wash")},
        links=links, evidence=evidence,
    )


@pytest.fixture
def no_pack():
    return pack_for("NO")


@pytest.fixture
def us_pack():
    return pack_for("US")


def _by_code(result, code, target_id=None):
    found = [o for o in result.options if o.code == code and (target_id is None or o.target_id == target_id)]
    assert len(found) == 1, (code, [o.code for o in result.options])
    return found[0]


def _flags(option, code):
    return [f for f in option.flags if f.code == code]


# -- Norway: the owner ---------------------------------------------------------------------------


def test_owner_gets_the_alternatives_his_business_evidence_supports(no_pack):
    result = options_for_person(norway_case(), no_pack, "S1", case_id=C1)
    codes = [(o.code, o.target_id) for o in result.options]
    assert codes == [
        ("aml_19_1", "S1"), ("strl_378", "S1"), ("utl_108_illegal_labour", "S1"),  # 1.0, independent
        ("strl_380", "S1"),  # grossly negligent tax fraud: 1 year, after the 2-year offences
        ("akrim_joint_inspection", "B1"), ("immigration_control", "B1"), ("labour_inspection", "B1"),
        ("tax_audit", "B1"),
        ("strl_379", "S1"),  # aggravation not shown: 0.5
    ], codes
    tax = _by_code(result, "strl_378")
    assert tax.strength == 1.0 and tax.independent_strength == 1.0
    assert tax.via == ["Glans Bilvask AS"] and tax.evidence_ids == ["E1", "E2"]
    assert tax.elements[0].independently_supported
    assert _by_code(result, "strl_379").strength == 0.5
    # No trafficking evidence about the owner or his business; expulsion needs a foreigner.
    assert not {"strl_257", "strl_258", "expulsion"} & {o.code for o in result.options}


def test_result_carries_disclaimer_review_status_and_is_json_ready(no_pack):
    result = options_for_person(norway_case(), no_pack, "S1", case_id=C1)
    assert result.disclaimer == DISCLAIMER == "Decision support, not legal advice"
    assert result.review_status == "unreviewed by counsel"
    assert result.linked_victim_ids == ["V1", "V2"]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["options"][0]["flags"][0]["code"] == "PROTECTION_LOSS"


def test_the_result_as_a_dict_is_what_dataclasses_asdict_gives_and_shares_no_list(no_pack):
    """`to_dict` is `asdict` without its deep copy of every string (the workbench's twenty persons spent
    6 s of 7 in it at 2,000 persons): the same dict, and a caller that changes a list changes no result."""
    result = options_for_person(norway_case(), no_pack, "S1", case_id=C1)
    assert result.options and any(o.flags for o in result.options)
    data = result.to_dict()
    assert data == asdict(result)
    data["options"][0]["flags"][0]["victim_ids"].append("X")
    data["linked_victim_ids"].clear()
    assert "X" not in result.options[0].flags[0].victim_ids and result.linked_victim_ids == ["V1", "V2"]


def test_alternative_charge_flags_protection_loss_lose_vs_not_obtain(no_pack):
    tax = _by_code(options_for_person(norway_case(), no_pack, "S1", case_id=C1), "strl_378")
    loss = {(f.protection_code, f.status): f.victim_ids for f in _flags(tax, "PROTECTION_LOSS")}
    assert loss == {
        ("limited_permit", "would_lose"): ["V2"],  # the data says V2 holds the § 8-3(2) permit
        ("limited_permit", "would_not_obtain"): ["V1"],
        ("witness_permit_indictment", "would_not_obtain"): ["V1", "V2"],  # needs a § 257 indictment
        ("witness_permit_discretionary", "would_not_obtain"): ["V1", "V2"],
        ("victims_counsel", "would_not_obtain"): ["V1", "V2"],  # identification is no appointment of counsel (review 2 #8)
        ("civil_claim", "would_not_obtain"): ["V1", "V2"],  # the state is the aggrieved party of a tax count
    }, loss
    flag = next(f for f in _flags(tax, "PROTECTION_LOSS") if f.protection_code == "witness_permit_indictment")
    assert "§ 8-4" in flag.citation and flag.severity == "medium"
    # V9 is an identified victim with no link to the owner: never flagged.
    assert all("V9" not in f.victim_ids for o in options_for_person(norway_case(), no_pack, "S1").options for f in o.flags)


def test_pimping_keeps_the_discretionary_witness_permit(no_pack):
    flags = protection_flags(norway_case(), no_pack, ["V1", "V2"], charges=["strl_315"])
    assert "witness_permit_discretionary" not in {f.protection_code for f in flags}
    assert "witness_permit_indictment" in {f.protection_code for f in flags}


def test_illegal_labour_charge_and_raid_criminalise_the_irregular_victim(no_pack):
    result = options_for_person(norway_case(), no_pack, "S1", case_id=C1)
    for code in ("utl_108_illegal_labour", "immigration_control", "akrim_joint_inspection"):
        (flag,) = _flags(_by_code(result, code), "CRIMINALISES_VICTIMS")
        assert flag.victim_ids == ["V1"], (code, flag)  # V2 holds a permit and shows no signal
        assert flag.rule_code == "np_illegal_work" and "Art 26" in flag.citation
    for code in ("strl_378", "tax_audit", "labour_inspection", "aml_19_1"):
        assert not _flags(_by_code(result, code), "CRIMINALISES_VICTIMS"), code


def test_owner_options_raise_no_testimony_or_control_flags(no_pack):
    for option in options_for_person(norway_case(), no_pack, "S1", case_id=C1).options:
        assert not _flags(option, "TESTIMONY_AGAINST_WISHES"), option.code
        assert not _flags(option, "CONTROL_MAY_CONTINUE"), option.code  # a Norwegian is not expelled


# -- Norway: the controller ----------------------------------------------------------------------


def test_trafficking_charge_raises_no_protection_loss(no_pack):
    result = options_for_person(norway_case(), no_pack, "S2", case_id=C1)
    for code in ("strl_257", "strl_258"):
        option = _by_code(result, code)
        assert option.category == "trafficking" and option.strength == 1.0
        assert not _flags(option, "PROTECTION_LOSS"), code
    assert protection_flags(norway_case(), no_pack, ["V1", "V2"], charges=["strl_378", "strl_257"]) == []


def test_plan_context_one_trafficking_charge_keeps_protections_for_all(no_pack):
    # Issue 5: "S1: tax evasion; S2: trafficking" keeps the victims' protections alive;
    # "S1: tax evasion; S2: illegal labour" does not.
    engine = OptionEngine(norway_case(), no_pack, case_id=C1)
    victims = set(engine.linked_victims("S1")) | set(engine.linked_victims("S2"))
    assert engine.protection_flags(victims, charges=["strl_378", "strl_257"]) == []
    alternatives_only = engine.protection_flags(victims, charges=["strl_378", "utl_108_illegal_labour"])
    assert {f.protection_code for f in alternatives_only} == {
        "limited_permit", "witness_permit_indictment", "witness_permit_discretionary", "victims_counsel", "civil_claim",
    }
    assert engine.evaluate_option("S2", "tax_audit").target_id == "B1"


def test_controller_ranking_prefers_independent_proof(no_pack):
    result = options_for_person(norway_case(), no_pack, "S2", case_id=C1)
    t257, t258 = _by_code(result, "strl_257"), _by_code(result, "strl_258")
    assert (t257.independent_strength, t258.independent_strength) == (0.5, pytest.approx(1 / 3, abs=1e-3))
    order = [o.code for o in result.options]
    assert order.index("strl_378") < order.index("strl_257") < order.index("strl_258")
    means = t257.elements[0]
    assert means.id == "means" and means.evidence_ids == ["E5", "E7"] and means.independently_supported
    # Exploitation: V2's testimony of forced labour, and three ILO indicators together (threats,
    # the passports, and the overtime at the car wash he manages); two of them are independent.
    assert set(t257.via) == {"own evidence", "Glans Bilvask AS"}
    exploitation = t257.elements[1]
    # The ILO/EC rule is met too (threats and passports as coercion, overtime and cash wages as
    # exploitative conditions), so the payroll rows count as well.
    assert exploitation.evidence_ids == ["E1", "E2", "E4", "E5", "E6", "E7"] and not exploitation.independently_supported
    assert exploitation.explanation == (
        "exploitation: 3 of the ILO indicators of forced labour (needs 3): physical and sexual violence; "
        "intimidation and threats E5; retention of identity documents E7; excessive overtime E4 at Glans Bilvask AS"
    )
    assert _by_code(result, "strl_378").via == ["Glans Bilvask AS"]  # he manages the car wash


def test_testimony_against_wishes_only_where_no_other_proof(no_pack):
    result = options_for_person(norway_case(), no_pack, "S2", case_id=C1)
    # § 257: the means rest partly on seized passports (independent); exploitation on willing V2.
    assert not _flags(_by_code(result, "strl_257"), "TESTIMONY_AGAINST_WISHES")
    # § 258: the aggravation (violence) rests only on unwilling V1's account.
    (flag,) = _flags(_by_code(result, "strl_258"), "TESTIMONY_AGAINST_WISHES")
    assert flag.element_ids == ["aggravation"] and flag.victim_ids == ["V1"] and flag.victim_names == ["Ana"]


def test_testimony_flag_disappears_with_independent_evidence(no_pack):
    network = norway_case()
    network.evidence.append(_ev("E9", "S2", "threats_or_violence"))  # CCTV of the assault
    result = options_for_person(network, no_pack, "S2", case_id=C1)
    assert not _flags(_by_code(result, "strl_258"), "TESTIMONY_AGAINST_WISHES")


def test_expelling_the_foreign_controller_may_not_end_control(no_pack):
    result = options_for_person(norway_case(), no_pack, "S2", case_id=C1)
    expulsion = _by_code(result, "expulsion")
    (flag,) = _flags(expulsion, "CONTROL_MAY_CONTINUE")
    assert flag.victim_ids == ["V1", "V2"] and flag.family_ids == ["F1"] and flag.severity == "high"
    assert "Art 28" in flag.citation
    # Offences that lead to expulsion carry the same warning.
    assert _flags(_by_code(result, "strl_378"), "CONTROL_MAY_CONTINUE")
    # Measures on the business expel no one.
    assert not _flags(_by_code(result, "tax_audit", "B1"), "CONTROL_MAY_CONTINUE")


def test_control_flag_without_family_is_medium(no_pack):
    network = norway_case()
    network.links = [l for l in network.links if l.type != "FAMILY_OF"]
    (flag,) = _flags(_by_code(options_for_person(network, no_pack, "S2", case_id=C1), "expulsion"), "CONTROL_MAY_CONTINUE")
    assert flag.family_ids == [] and flag.severity == "medium"


def test_linked_victims_and_their_reasons(no_pack):
    links = linked_victims(norway_case(), "S2", C1)
    assert links == {
        "V1": ["CONTROLS", "victim in case C1", "works at Glans Bilvask AS"],
        "V2": ["HOUSED", "victim in case C1", "works at Glans Bilvask AS"],
    }
    assert "V9" not in linked_victims(norway_case(), "S2")


def test_a_victim_as_target_is_flagged(no_pack):
    # V1's own evidence (no work permit) would "support" charging or expelling her: every such
    # option must say she is a victim first.
    result = options_for_person(norway_case(), no_pack, "V1", case_id=C1)
    assert {o.code for o in result.options} == {"utl_108_illegal_labour"}
    # Expelling her is not offered: it is barred, with the law (legal-review-3.md E4).
    assert [(b["code"], b["citation"]) for b in result.barred] == [
        ("expulsion", no_pack.flag_basis["REMOVAL_OF_VICTIM"].citation)]
    for option in result.options:
        assert any("V1" in f.victim_ids for f in _flags(option, "CRIMINALISES_VICTIMS"))
        # She controls no one: no protection-loss or control warnings about the other victims.
        assert {f.code for f in option.flags} == {"CRIMINALISES_VICTIMS"}, option.flags
    # Where the pack has a non-punishment entry for the option, its citation is the one shown.
    work = _flags(_by_code(result, "utl_108_illegal_labour"), "CRIMINALISES_VICTIMS")
    assert [(f.rule_code, f.citation) for f in work] == [("np_illegal_work", no_pack.non_punishment[0].citation)]
    assert "straffeprosessloven §§ 62 a and 69" in work[0].citation  # the domestic hook (review 3 P11)
    expel = evaluate_option(norway_case(), no_pack, "V1", "expulsion", case_id=C1)
    assert not expel.applicable and expel.notes[0].startswith("barred: the person is identified victim")
    assert not _flags(expel, "CONTROL_MAY_CONTINUE")
    assert [f.rule_code for f in _flags(expel, "CRIMINALISES_VICTIMS")] == [None]


def test_names_hidden_when_caller_may_not_see_them(no_pack):
    result = options_for_person(norway_case(), no_pack, "S2", case_id=C1, show_names=False)
    assert result.person_name is None
    flags = [f for o in result.options for f in o.flags]
    assert flags and all(f.victim_names is None for f in flags)
    assert "Ana" not in json.dumps(result.to_dict())


def test_evaluate_option_reports_unsupported_and_inapplicable(no_pack):
    network = norway_case()
    unsupported = evaluate_option(network, no_pack, "S1", "strl_257", case_id=C1)
    assert unsupported.strength == 0.0 and not unsupported.applicable
    national = evaluate_option(network, no_pack, "S1", "expulsion", case_id=C1)
    assert national.notes == ["needs a foreign national; nationality is NO"] and not national.applicable
    on_business = evaluate_option(network, no_pack, "S1", "tax_audit", case_id=C1)
    assert on_business.target_id == "B1" and on_business.strength == 1.0


def test_errors_name_the_culprit(no_pack, us_pack):
    network = norway_case()
    with pytest.raises(UnknownPerson, match="unknown person 'S404'"):
        options_for_person(network, no_pack, "S404")
    with pytest.raises(ValueError, match="unknown offence or measure code 'strl_999'"):
        evaluate_option(network, no_pack, "S1", "strl_999")
    with pytest.raises(ValueError, match="unknown offence or measure code 'nope'"):
        protection_flags(network, no_pack, ["V1"], charges=["nope"])
    with pytest.raises(ValueError, match="in NO, the rule pack is for US"):
        options_for_person(network, us_pack, "S1")


# -- United States -------------------------------------------------------------------------------


def us_case() -> CaseNetwork:
    persons = {
        "P1": Person("P1", "Foreign Pimp", nationality="MX", roles=[Role(C1, "suspect")]),
        "P2": Person("P2", "Domestic Pimp", nationality="US", roles=[Role(C2, "suspect")]),
        "W1": _victim("W1", "Rosa", cooperation="unwilling", nationality="MX", status="continued_presence"),
        "W2": _victim("W2", "Lucy", case=C2, cooperation="unwilling", nationality="MX", status="continued_presence"),
        "M1": Person("M1", "Rosa's son", nationality="MX"),
    }
    links = [
        Link("P1", "OWNS", "SPA1", C1), Link("P1", "CONTROLS", "W1", C1), Link("W1", "WORKS_AT", "SPA1", C1),
        Link("W1", "FAMILY_OF", "M1", C1),
        Link("P2", "OWNS", "SPA2", C2), Link("P2", "CONTROLS", "W2", C2), Link("W2", "WORKS_AT", "SPA2", C2),
    ]
    evidence = []
    for case, pimp, spa, victim, n in ((C1, "P1", "SPA1", "W1", 1), (C2, "P2", "SPA2", "W2", 2)):
        evidence += [
            _ev(f"A{n}", spa, "advertises_sexual_services", case=case),
            _ev(f"B{n}", pimp, "profits_from_prostitution", case=case),
            _ev(f"T{n}", pimp, "threats_or_violence", independent=False, given_by=victim, case=case),
            _ev(f"X{n}", pimp, "sexual_exploitation", independent=False, given_by=victim, case=case),
            _ev(f"V{n}", victim, "sexual_exploitation", independent=False, given_by=victim, case=case),
        ]
    businesses = {"SPA1": Business("SPA1", "Lotus Spa"), "SPA2": Business("SPA2", "Orchid Spa")}
    return CaseNetwork([C1, C2], "US", persons, businesses, links, evidence)


def test_us_sex_trafficking_needs_the_unwilling_victim(us_pack):
    result = options_for_person(us_case(), us_pack, "P1", case_id=C1)
    ch77 = _by_code(result, "usc18_1591")
    assert ch77.strength == 1.0 and ch77.independent_strength == pytest.approx(1 / 3, abs=1e-3)
    assert not _flags(ch77, "PROTECTION_LOSS")
    (flag,) = _flags(ch77, "TESTIMONY_AGAINST_WISHES")
    assert flag.element_ids == ["means", "commercial_sex"] and flag.victim_ids == ["W1"]
    # The Travel Act case is proved from adverts and bank records alone: it ranks first.
    assert result.options[0].code == "usc18_1952" and result.options[0].independent_strength == 1.0


def test_us_travel_act_plea_costs_restitution_and_continued_presence(us_pack):
    travel = _by_code(options_for_person(us_case(), us_pack, "P1", case_id=C1), "usc18_1952")
    loss = {(f.protection_code, f.status) for f in _flags(travel, "PROTECTION_LOSS")}
    assert loss == {("continued_presence", "would_lose"), ("restitution_1593", "would_not_obtain")}, loss
    # The U visa survives: prostitution is a qualifying criminal activity (kept_by).
    # Against the pimp, the women are exposed (state prostitution law, inadmissibility), not
    # charged: a medium exposure flag, not criminalisation (legal-review.md L).
    assert not _flags(travel, "CRIMINALISES_VICTIMS")
    (exposure,) = _flags(travel, "EXPOSES_VICTIMS")
    assert exposure.rule_code == "np_prostitution" and exposure.victim_ids == ["W1"] and exposure.severity == "medium"
    assert "1182(a)(2)(D)" in exposure.explanation
    laundering = _by_code(options_for_person(us_case(), us_pack, "P1", case_id=C1), "usc18_1956")
    assert ("u_visa", "would_not_obtain") not in {(f.protection_code, f.status) for f in laundering.flags}  # QCA, not count


def test_us_removal_of_foreign_pimp_flags_control_not_for_a_national(us_pack):
    foreign = options_for_person(us_case(), us_pack, "P1", case_id=C1)
    (flag,) = _flags(_by_code(foreign, "removal"), "CONTROL_MAY_CONTINUE")
    assert flag.victim_ids == ["W1"] and flag.family_ids == ["M1"]
    national = options_for_person(us_case(), us_pack, "P2", case_id=C2)
    assert "removal" not in {o.code for o in national.options}
    assert not any(_flags(o, "CONTROL_MAY_CONTINUE") for o in national.options)
    # P2's victim is not P1's: case scoping keeps the two apart.
    assert national.linked_victim_ids == ["W2"]


# -- Canada and England & Wales: one labour-trafficking case, two packs ----------------------


def labour_case(jurisdiction: str, victim_status: str) -> CaseNetwork:
    """A foreign gangmaster (G1) runs a farm labour business; one identified, irregular victim."""
    persons = {
        "G1": Person("G1", "Gangmaster", nationality="LT", roles=[Role(C1, "suspect")]),
        "L1": _victim("L1", "Worker", nationality="LT", status=victim_status),
    }
    links = [Link("G1", "DIRECTS", "FARM", C1), Link("G1", "RECRUITED", "L1", C1), Link("L1", "WORKS_AT", "FARM", C1)]
    evidence = [
        _ev("R1", "G1", "recruitment_by_deception"),  # the job advert and the contract
        _ev("R2", "G1", "forced_labour"),  # labour inspection report
        _ev("R3", "G1", "threats_or_violence"),  # intercepted messages
        _ev("R4", "FARM", "cash_payroll"),
        _ev("R5", "FARM", "unreported_wages"),
        _ev("R6", "FARM", "no_work_permit"),
        _ev("R7", "L1", "no_work_permit"),
    ]
    return CaseNetwork([C1], jurisdiction, persons, {"FARM": Business("FARM", "Green Acres Ltd")}, links, evidence)


@pytest.mark.parametrize(
    ("jurisdiction", "status", "trafficking", "tax", "illegal_work", "lost"),
    [
        ("CA", "vtip_trp", "cc_279_01", "ita_239", "irpa_124", {("vtip_trp_renewal", "would_not_obtain")}),
        ("GB", "irregular", "msa_2", "tma_106a", "iana_21", {
            ("leave_cooperation", "would_not_obtain"), ("reparation_order", "would_not_obtain"),
            ("special_measures", "would_not_obtain"), ("stpo_on_sentencing", "would_not_obtain"),
        }),
    ],
)
def test_labour_case_across_packs(jurisdiction, status, trafficking, tax, illegal_work, lost):
    pack = pack_for(jurisdiction)
    result = options_for_person(labour_case(jurisdiction, status), pack, "G1", case_id=C1)
    offence = _by_code(result, trafficking)
    assert offence.strength == 1.0 and offence.independent_strength == 1.0
    assert not _flags(offence, "PROTECTION_LOSS") and not _flags(offence, "TESTIMONY_AGAINST_WISHES")
    alternative = _by_code(result, tax)
    assert {(f.protection_code, f.status) for f in _flags(alternative, "PROTECTION_LOSS")} == lost
    assert not _flags(alternative, "CRIMINALISES_VICTIMS")
    (flag,) = _flags(_by_code(result, illegal_work), "CRIMINALISES_VICTIMS")
    assert flag.victim_ids == ["L1"] and flag.citation, flag
    # Removal of the foreign gangmaster: control may continue (no family recorded: medium).
    removal = next(o for o in result.options if o.kind == "measure" and o.area == "immigration" and o.target == "person")
    (control,) = _flags(removal, "CONTROL_MAY_CONTINUE")
    assert control.victim_ids == ["L1"] and control.severity == "medium"
