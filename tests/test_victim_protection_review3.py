"""Legal review 3's engine patterns E1-E10 as scenarios (shared/research/legal-review-3.md).

Written first against the engine at 6f38f5e, where each failed (see notes/victims.md); pure
over hand-made networks, as tests/test_victim_protection_scenarios.py. The sample and a
generated case are checked against the real Neo4j in tests/test_victim_costs_neo4j.py.
"""

from __future__ import annotations

import pytest

from queries.network.model import Business, CaseNetwork, Link
from queries.options.engine import OptionEngine, options_for_person
from queries.plans.evaluate import evaluate_plan
from queries.plans.model import parse_plan
from queries.plans.suggest import suggest_plans
from rules import pack_for
from tests.test_victim_protection_scenarios import (
    CODES,
    _ev,
    _forced_labour_evidence,
    _plan,
    _suspect,
    _victim,
    gardener,
    two_exploiters,
)

C = "C1"
COSTLESS = ("costs victims nothing", "NO COST TO VICTIMS FOUND")


def _flags(option, code):
    return [f for f in option.flags if f.code == code]


# -- E1 / E5: every cost counts and every title says it ---------------------------------------------


def flats(jurisdiction: str = "NO") -> CaseNetwork:
    """B exploits W1 and W2 (identified) and W3 (17, not identified); his firm F houses all three
    and is the place of an immigration raid's evidence. His trafficking count is fully supported."""
    foreign = CODES[jurisdiction]["foreign"]
    persons = {
        "B": _suspect("B"), "W1": _victim("W1", foreign), "W2": _victim("W2", foreign),
        "W3": _victim("W3", foreign, identified=False),
    }
    persons["W3"].minor = True
    links = [Link("B", "CONTROLS", w, C) for w in ("W1", "W2", "W3")]
    links += [Link("B", "OWNS", "F", C)] + [Link("F", "HOUSED", w, C) for w in ("W1", "W2", "W3")]
    evidence = [*_forced_labour_evidence("B", "EB"), _ev("EF1", "F", "no_work_permit"),
                _ev("EF2", "F", "irregular_stay")]
    return CaseNetwork([C], jurisdiction, persons, {"F": Business("F", "Flats AS")}, links, evidence)


RAIDS = {"NO": "immigration_control", "US": "ice_worksite_enforcement", "GB": "immigration_enforcement_visit",
         "CA": "cbsa_enforcement"}


@pytest.mark.parametrize("jurisdiction", sorted(RAIDS))
def test_a_raid_on_the_flats_is_a_cost_to_the_victims_who_live_there(jurisdiction):
    pack, codes = pack_for(jurisdiction), CODES[jurisdiction]
    plan = parse_plan(_plan(jurisdiction, f"{{person: B, offence: {codes['trafficking']}}}",
                            f"{{business: F, measure: {RAIDS[jurisdiction]}}}"))
    e = evaluate_plan(plan, flats(jurisdiction), pack)
    assert e.victims.falls_on == ["W1", "W2", "W3"]
    assert set(e.victims.harmed) >= {"W1", "W2", "W3"} and e.victims.harms >= 3
    assert e.victims.minors == ["W3"]


def test_the_costless_suggestion_never_evicts_and_every_title_names_every_cost():
    result = suggest_plans(flats("NO"), pack_for("NO"), C)
    for s in result.suggestions:
        v, title = s.evaluation.victims, s.evaluation.plan.title
        if v.harms:
            assert not any(c in title for c in COSTLESS), title
        else:
            assert "NO COST TO VICTIMS FOUND" in title, title
        if v.falls_on:
            assert f"FALLS ON {len(v.falls_on)} VICTIM(S) WHERE THEY LIVE OR WORK" in title, title
        unidentified = [x for x in v.losing if x not in v.identified_losing]
        if unidentified:
            assert f"LEAVES {len(unidentified)} VICTIM(S) UNIDENTIFIED" in title, title
            assert "(one a child: W3)" in title, title  # W3 is 17
    # The plan with the least cost to victims is always offered, and says what it costs.
    least = [s for s in result.suggestions if "Least cost to victims" in s.names]
    assert least
    assert least[0].evaluation.victims.harms == min(s.evaluation.victims.harms for s in result.suggestions)


def test_a_title_names_every_cost_and_children_first():
    from queries.plans.costs import cost_title

    class V:  # the parts of Victims a title reads
        identified_losing = ["W1", "W2"]
        losing = ["W1", "W2", "W3", "W4"]
        criminalised, testimony_against_wishes, exposed, control_risk = [], [], [], []
        falls_on = ["W1", "W2", "W3", "W4"]
        minors = ["W4"]

    assert cost_title(V()) == (
        "COSTS 2 IDENTIFIED VICTIM(S) A PROTECTION: W1, W2; LEAVES 2 VICTIM(S) UNIDENTIFIED: W4, W3 (one a child: W4); "
        "FALLS ON 4 VICTIM(S) WHERE THEY LIVE OR WORK (eviction, closure or raid): W4, W1, W2, W3 (one a child: W4)"
    )


# -- E4: no control flag against a victim; removal of a victim is barred -------------------------------


@pytest.mark.parametrize("jurisdiction", sorted(CODES))
def test_a_possible_victim_gets_no_control_flag_and_his_removal_is_barred(jurisdiction):
    pack = pack_for(jurisdiction)
    network = gardener(jurisdiction)
    network.evidence.append(_ev("E9", "G", "false_documents"))
    network.evidence.append(_ev("E10", "G", "no_work_permit"))
    engine = OptionEngine(network, pack, case_id=C)
    result = engine.options_for_person("G")
    assert not any(f.code == "CONTROL_MAY_CONTINUE" for o in result.options for f in o.flags)
    removals = [m.code for m in pack.measures if any(c.kind == "expulsion" for c in m.consequences)]
    assert removals and not {o.code for o in result.options} & set(removals)
    barred = {b["code"]: b for b in result.barred}
    basis = pack.flag_basis["REMOVAL_OF_VICTIM"]
    for code in removals:
        assert barred[code]["citation"] == basis.citation and "possibly a victim" in barred[code]["reason"]
        # Asked for directly it does not act, and says why.
        option = engine.evaluate_option("G", code)
        assert not option.applicable and any("barred" in n for n in option.notes)
        assert not _flags(option, "CONTROL_MAY_CONTINUE")


def test_the_removal_bar_cites_cets_197_articles_10_and_13_in_the_european_packs():
    for j in ("NO", "GB"):
        citation = pack_for(j).flag_basis["REMOVAL_OF_VICTIM"].citation
        assert "Art 10(2)" in citation and "Art 13" in citation


# -- E6 / E10: counts reach only the victims they concern ------------------------------------------


def test_a_pimping_count_against_a_exposes_only_as_victims():
    network = two_exploiters("NO")  # A controls W2; B controls W1 and houses W3; all irregular
    network.evidence += [_ev("EA9", "A", "profits_from_prostitution"), _ev("EA10", "A", "sexual_exploitation")]
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("A", "strl_315")
    (flag,) = _flags(option, "EXPOSES_VICTIMS")
    assert flag.victim_ids == ["W2"]


def test_an_illegal_labour_count_against_a_criminalises_only_as_workers():
    network = two_exploiters("NO")
    network.evidence.append(_ev("EA9", "A", "no_work_permit"))
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("A", "utl_108_illegal_labour")
    (flag,) = _flags(option, "CRIMINALISES_VICTIMS")
    assert flag.victim_ids == ["W2"]


def test_a_victim_who_controls_another_gets_her_own_flag_and_the_other_is_only_exposed():
    network = two_exploiters("NO")
    network.persons["R"] = _victim("R", "RO")
    network.links.append(Link("R", "CONTROLS", "W2", C))
    network.evidence += [_ev("ER1", "R", "profits_from_prostitution"), _ev("ER2", "R", "sexual_exploitation")]
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("R", "strl_315")
    assert [f.victim_ids for f in _flags(option, "CRIMINALISES_VICTIMS")] == [["R"]]
    assert [f.victim_ids for f in _flags(option, "EXPOSES_VICTIMS")] == [["W2"]]


# -- E3: a status already held --------------------------------------------------------------------


@pytest.mark.parametrize(("jurisdiction", "status", "protection", "offence", "why"), [
    ("GB", "work_permit", "leave_cooperation", "tma_106a", "leave to remain"),
    ("NO", "utf_8_4_permit", "limited_permit", "strl_378", "§ 8-4"),
    ("US", "t_status", "continued_presence", "usc26_7201", "lawful status"),
    ("CA", "work_permit", "vtip_trp_renewal", "ita_239", "only a holder"),
])
def test_a_protection_moot_for_the_status_held_is_not_lost_and_says_why(jurisdiction, status, protection, offence, why):
    network = two_exploiters(jurisdiction)
    network.persons["W1"].immigration_status = status
    e = evaluate_plan(parse_plan(_plan(jurisdiction, f"{{person: B, offence: {offence}}}")), network, pack_for(jurisdiction))
    assert not [f for f in e.victims.flags if f.protection_code == protection and "W1" in f.victim_ids]
    (outcome,) = [p for p in e.victims.protections if p.code == protection]
    assert why in outcome.not_applicable["W1"]


def test_gb_leave_is_still_flagged_for_a_victim_without_leave():
    network = two_exploiters("GB")  # W1 irregular
    e = evaluate_plan(parse_plan(_plan("GB", "{person: B, offence: tma_106a}")), network, pack_for("GB"))
    assert [f for f in e.victims.flags if f.protection_code == "leave_cooperation" and "W1" in f.victim_ids]


# -- E8 / E9: keeping by trigger; complementary measures ---------------------------------------------


def _half_proven() -> CaseNetwork:
    network = two_exploiters("NO")
    # A's exploitation is no longer shown: § 257 against A stands at half its elements.
    network.evidence = [e for e in network.evidence if e.evidence_id not in ("EA3", "EA4", "EA5")]
    return network


def test_an_open_investigation_keeps_investigation_protections_not_indictment_ones():
    e = evaluate_plan(parse_plan(_plan("NO", "{person: A, offence: strl_257}")), _half_proven(), pack_for("NO"))
    w2 = {f.protection_code for f in e.victims.flags if f.code == "PROTECTION_LOSS" and "W2" in f.victim_ids}
    assert "victims_counsel" not in w2  # investigation: kept by the open § 257 case
    assert {"witness_permit_indictment", "civil_claim"} <= w2  # indictment: needs a fully supported count


def test_suggestions_offer_to_continue_the_trafficking_investigation():
    result = suggest_plans(_half_proven(), pack_for("NO"), C)
    trafficking = {o.code for o in pack_for("NO").offences if o.category == "trafficking"}
    continuing = [s for s in result.suggestions
                  if any(a.target == "A" and a.code in trafficking for a in s.evaluation.plan.actions)]
    assert continuing
    assert all("continue the trafficking investigation" in (s.evaluation.plan.description or "") for s in continuing)
    e = continuing[0].evaluation
    assert not [f for f in e.victims.flags if f.protection_code == "victims_counsel" and "W2" in f.victim_ids]


@pytest.mark.parametrize(("jurisdiction", "code"), [
    ("NO", "kontaktforbud"), ("NO", "besoksforbud"), ("NO", "asset_seizure"), ("US", "protective_order_1514"),
    ("US", "asset_forfeiture"), ("CA", "peace_bond_810"), ("CA", "restraint_forfeiture"), ("GB", "stro"),
    ("GB", "stpo_on_application"), ("GB", "account_freezing"),
])
def test_protective_and_complementary_measures_never_raise_protection_loss(jurisdiction, code):
    network = two_exploiters(jurisdiction)
    network.evidence += [_ev("EB9", "B", "movement_control")]
    option = OptionEngine(network, pack_for(jurisdiction), case_id=C).evaluate_option("B", code)
    assert not _flags(option, "PROTECTION_LOSS")


# -- E7: sexual exploitation shown about the controller reaches his victims ---------------------------


def test_a_mann_act_count_exposes_the_women_the_pimp_exploits():
    persons = {"A": _suspect("A"), "M": _victim("M", "MX"), "X": _victim("X", "MX")}
    links = [Link("A", "EXPLOITS", "M", C), Link("A", "TRANSPORTED", "M", C)]
    evidence = [_ev("E1", "A", "sexual_exploitation"), _ev("E2", "A", "profits_from_prostitution"),
                _ev("E3", "A", "advertises_sexual_services")]
    network = CaseNetwork([C], "US", persons, {}, links, evidence)
    option = OptionEngine(network, pack_for("US"), case_id=C).evaluate_option("A", "usc18_2421")
    (flag,) = _flags(option, "EXPOSES_VICTIMS")
    assert flag.victim_ids == ["M"]  # not X, whom A does not exploit


# -- E2: children -----------------------------------------------------------------------------


def _child_case(jurisdiction: str) -> CaseNetwork:
    foreign = CODES[jurisdiction]["foreign"]
    persons = {"A": _suspect("A"), "M": _victim("M", foreign, identified=False)}
    persons["M"].minor = True
    links = [Link("A", "EXPLOITS", "M", C), Link("A", "TRANSPORTED", "M", C), Link("A", "CONTROLS", "M", C)]
    evidence = [_ev("E1", "A", "sexual_exploitation"), _ev("E2", "A", "movement_control"),
                _ev("E3", "A", "recruitment_by_deception"), _ev("E4", "A", "profits_from_prostitution"),
                _ev("E5", "A", "advertises_sexual_services")]
    return CaseNetwork([C], jurisdiction, persons, {}, links, evidence)


def test_ca_279_011_is_met_by_the_minor_mark():
    charge = OptionEngine(_child_case("CA"), pack_for("CA"), case_id=C).evaluate_option("A", "cc_279_011")
    assert charge.strength == 1.0
    under_18 = next(e for e in charge.elements if e.id == "under_18")
    assert under_18.met_by_age and "under 18" in (under_18.explanation or "")


def test_no_258_aggravation_is_met_by_the_victims_age():
    charge = OptionEngine(_child_case("NO"), pack_for("NO"), case_id=C).evaluate_option("A", "strl_258")
    aggravation = next(e for e in charge.elements if e.id == "aggravation")
    assert aggravation.supported and aggravation.met_by_age
    assert not _flags(charge, "TESTIMONY_AGAINST_WISHES")


def test_us_2423a_transporting_a_minor_is_offered():
    result = options_for_person(_child_case("US"), pack_for("US"), "A", case_id=C)
    charge = next(o for o in result.options if o.code == "usc18_2423a")
    assert charge.strength == 1.0 and charge.max_penalty["life"]


@pytest.mark.parametrize("jurisdiction", sorted(CODES))
def test_a_flag_that_concerns_a_child_says_so_first(jurisdiction):
    network = _child_case(jurisdiction)
    result = options_for_person(network, pack_for(jurisdiction), "A", case_id=C)
    flags = [f for o in result.options for f in o.flags if "M" in f.victim_ids]
    e = evaluate_plan(parse_plan(_plan(jurisdiction, f"{{person: A, offence: {CODES[jurisdiction]['tax']}}}")),
                      network, pack_for(jurisdiction))
    flags += [f for f in e.victims.flags if "M" in f.victim_ids]
    assert flags and all(f.children == ["M"] and f.explanation.startswith("CONCERNS A CHILD") for f in flags)
    assert not any(f.explanation.count("CONCERNS A CHILD") > 1 for f in flags)  # said once


@pytest.mark.parametrize("jurisdiction", sorted(CODES))
def test_childrens_own_protections_are_modelled(jurisdiction):
    pack = pack_for(jurisdiction)
    assert [p for p in pack.protections if p.minors_only]


def test_closing_the_flats_the_women_live_in_is_never_costless():
    """P6 and E1 together: licence revocation closes the premises that house the victims."""
    network = flats("NO")
    network.evidence = [e for e in network.evidence if e.about_id != "F"] + [_ev("EF3", "F", "licence_breach")]
    result = suggest_plans(network, pack_for("NO"), C)
    for s in result.suggestions:
        closes = any(a.code == "licence_revocation" for a in s.evaluation.plan.actions)
        if closes:
            assert s.evaluation.victims.falls_on == ["W1", "W2", "W3"]
            assert "Strongest plan that costs victims nothing" not in s.names
            assert "FALLS ON 3 VICTIM(S) WHERE THEY LIVE OR WORK" in s.evaluation.plan.title
