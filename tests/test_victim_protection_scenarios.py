"""The legal review's five failures, as scenarios per jurisdiction (shared/research/legal-review.md).

Each scenario is a small hand-made case where a careful prosecutor knows the answer: the flags
that must be raised, and those that must not. Written first against the engine as shipped at
b2c1eba, where every one of them failed.

1. Protections are kept per victim: a trafficking count about W2 keeps W2's, not W1's.
2. Victims not yet identified are flagged ("would not be identified").
3. A suspect whom others control, whose passport is held, is a possible victim.
4. Exploitation is read from the ILO indicators together, not only from a label.
5. `falls_on_workers`, permits already held, and business evidence reaching the workers.
"""

from __future__ import annotations

from datetime import date

import pytest

from queries.key_persons.rank import rank_key_persons
from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.options.engine import OptionEngine, options_for_person
from queries.plans.evaluate import evaluate_plan
from queries.plans.model import parse_plan
from queries.plans.suggest import suggest_plans
from rules import pack_for

C = "C1"
IDENTIFIED = date(2026, 3, 1)

#: Per jurisdiction: the trafficking charge, a tax charge, a drugs charge, a foreign nationality.
CODES = {
    "NO": {"trafficking": "strl_257", "tax": "strl_378", "drugs": "strl_231", "foreign": "UA"},  # not EEA: P10
    "US": {"trafficking": "usc18_1589", "tax": "usc26_7201", "drugs": "usc21_841", "foreign": "MX"},
    "GB": {"trafficking": "msa_1", "tax": "tma_106a", "drugs": "mda_4", "foreign": "VN"},
    "CA": {"trafficking": "cc_279_01", "tax": "ita_239", "drugs": "cdsa_5", "foreign": "PH"},
}
JURISDICTIONS = sorted(CODES)


def _ev(eid: str, about: str, indicator: str, *, independent: bool = True, role: str | None = None) -> Evidence:
    return Evidence(eid, C, about, indicator, "record", independent, about_role=role)


def _victim(pid: str, foreign: str, *, identified: bool = True, status: str | None = "irregular") -> Person:
    return Person(pid, f"Victim {pid}", foreign, status, [Role(C, "victim", IDENTIFIED if identified else None, "willing")])


def _suspect(pid: str, nationality: str = "XX") -> Person:
    return Person(pid, f"Suspect {pid}", nationality, None, [Role(C, "suspect")])


def _forced_labour_evidence(about: str, prefix: str) -> list[Evidence]:
    """Four ILO indicators, none of them a 'forced labour' label, all independent of victims."""
    return [
        _ev(f"{prefix}1", about, "passport_withheld"), _ev(f"{prefix}2", about, "threats_or_violence"),
        _ev(f"{prefix}3", about, "debt_bondage"), _ev(f"{prefix}4", about, "withheld_wages"),
        _ev(f"{prefix}5", about, "recruitment_by_deception"),
    ]


def two_exploiters(jurisdiction: str) -> CaseNetwork:
    """A exploits W2, B exploits W1 and W3 (W3 not yet identified); both fully provable."""
    foreign = CODES[jurisdiction]["foreign"]
    # In Canada the one protection that hangs on the proceedings is the victims' TRP renewal,
    # which only a holder can lose (legal-review-3.md P4): the victims hold the TRP there.
    status = "vtip_trp" if jurisdiction == "CA" else "irregular"
    persons = {
        "A": _suspect("A"), "B": _suspect("B"),
        "W1": _victim("W1", foreign, status=status), "W2": _victim("W2", foreign, status=status),
        "W3": _victim("W3", foreign, identified=False, status=status),
    }
    links = [
        Link("A", "CONTROLS", "W2", C), Link("B", "CONTROLS", "W1", C), Link("B", "HOUSED", "W3", C),
        Link("B", "MANAGES", "X1", C), Link("W1", "WORKS_AT", "X1", C),
    ]
    evidence = [*_forced_labour_evidence("A", "EA"), *_forced_labour_evidence("B", "EB"),
                _ev("EX1", "X1", "unreported_wages"), _ev("EX2", "X1", "cash_payroll"),
                _ev("EX3", "B", "unexplained_wealth"), _ev("EX4", "B", "laundering_transfers")]
    return CaseNetwork([C], jurisdiction, persons, {"X1": Business("X1", "Cleaning firm")}, links, evidence)


def _plan(jurisdiction: str, *actions: str) -> str:
    return f"case: {C}\ntitle: t\nactions:\n" + "".join(f"  - {a}\n" for a in actions)


def _losses(evaluation) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in evaluation.victims.flags:
        if f.code == "PROTECTION_LOSS":
            for v in f.victim_ids:
                out.setdefault(v, set()).add(f.status)
    return out


# -- 1. per victim --------------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_a_trafficking_count_about_w2_keeps_nothing_for_w1(jurisdiction):
    pack, codes = pack_for(jurisdiction), CODES[jurisdiction]
    network = two_exploiters(jurisdiction)
    plan = parse_plan(_plan(jurisdiction, f"{{person: A, offence: {codes['trafficking']}}}",
                            f"{{person: B, offence: {codes['tax']}}}"))
    e = evaluate_plan(plan, network, pack)
    losses = _losses(e)
    assert "W2" not in losses  # raised: nothing for the victim of the trafficking count
    assert losses["W1"] <= {"would_not_obtain", "would_lose"} and losses["W1"]  # B's tax count keeps nothing
    assert losses["W3"] == {"would_not_be_identified"}
    # Every flag says what would keep it: B's own trafficking count, fully supported.
    w1 = [f for f in e.victims.flags if f.code == "PROTECTION_LOSS" and "W1" in f.victim_ids]
    assert all(f.keep and f"(B) under {codes['trafficking']}" in f.keep and "every element" in f.keep for f in w1)
    assert e.victims.identified_losing == ["W1"]

    # Charging B with trafficking too keeps every victim's protections.
    plan = parse_plan(_plan(jurisdiction, f"{{person: A, offence: {codes['trafficking']}}}",
                            f"{{person: B, offence: {codes['trafficking']}}}"))
    assert _losses(evaluate_plan(plan, network, pack)) == {}


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_suggestions_offer_a_plan_that_keeps_every_identified_victims_protections(jurisdiction):
    result = suggest_plans(two_exploiters(jurisdiction), pack_for(jurisdiction), C)
    by_name = {n: s for s in result.suggestions for n in s.names}
    keeps = by_name["Keeps every identified victim's protections"]
    assert keeps.evaluation.victims.identified_losing == []
    pack = pack_for(jurisdiction)
    charged = {a.target for a in keeps.evaluation.plan.actions if (o := pack.offence(a.code)) and o.category == "trafficking"}
    assert {"A", "B"} <= charged
    # Any suggestion that costs identified victims a protection says so in its title.
    for s in result.suggestions:
        losing = s.evaluation.victims.identified_losing
        assert ("IDENTIFIED VICTIM" in s.evaluation.plan.title) == bool(losing)


# -- 2. presumed victims ------------------------------------------------------------------------------


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_presumed_victims_are_flagged_as_not_to_be_identified(jurisdiction):
    pack, codes = pack_for(jurisdiction), CODES[jurisdiction]
    result = options_for_person(two_exploiters(jurisdiction), pack, "B", case_id=C)
    tax = next(o for o in result.options if o.code == codes["tax"])
    w3 = [f for f in tax.flags if f.code == "PROTECTION_LOSS" and f.victim_ids == ["W3"]]
    assert w3 and all(f.status == "would_not_be_identified" and f.standing == "presumed" for f in w3)
    basis = pack.flag_basis["NOT_YET_IDENTIFIED"].citation
    assert all(basis in f.citation and "instead of a trafficking count" in f.explanation for f in w3)
    # Not raised: the victims of A are not B's to lose.
    assert not any("W2" in f.victim_ids for f in tax.flags if f.code == "PROTECTION_LOSS")


# -- 3. possible victims ------------------------------------------------------------------------------


def gardener(jurisdiction: str, *, controlled: bool = True) -> CaseNetwork:
    """V.C.L.: G, recorded as a suspect, tends a cannabis farm; B holds his passport and houses him."""
    foreign = CODES[jurisdiction]["foreign"]
    persons = {"B": _suspect("B"), "G": Person("G", "Gardener", foreign, "irregular", [Role(C, "suspect")])}
    links = [Link("B", "CONTROLS", "G", C), Link("B", "HOUSED", "G", C)] if controlled else []
    evidence = [
        _ev("E1", "G", "drug_cultivation"),
        # Recorded about G, with no about_role: read as done to him because B controls him.
        _ev("E2", "G", "passport_withheld"), _ev("E3", "G", "debt_bondage"), _ev("E4", "G", "movement_control"),
        _ev("E5", "B", "drug_supply"),
    ]
    if not controlled:
        evidence = [e for e in evidence if e.evidence_id in ("E1", "E5")]
    return CaseNetwork([C], jurisdiction, persons, {}, links, evidence)


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_a_suspect_under_anothers_control_is_a_possible_victim(jurisdiction):
    pack, codes = pack_for(jurisdiction), CODES[jurisdiction]
    result = options_for_person(gardener(jurisdiction), pack, "G", case_id=C)
    assert result.standing == "possible" and any("Suspect B" in s for s in result.standing_signals)
    drugs = next(o for o in result.options if o.code == codes["drugs"])
    flags = {f.code: f for f in drugs.flags}
    assert flags["POSSIBLE_VICTIM"].severity == "high" and "passport withheld E2" in flags["POSSIBLE_VICTIM"].explanation
    np = flags["CRIMINALISES_VICTIMS"]
    assert np.rule_code == "np_drugs" and np.victim_ids == ["G"]
    assert np.citation == next(n.citation for n in pack.non_punishment if n.code == "np_drugs")
    # His passport held is evidence of B's control, not of his own: no trafficking charge against him.
    assert codes["trafficking"] not in {o.code for o in result.options}
    # Key persons: ranked, but warned about.
    ranked = {p.person_id: p for p in rank_key_persons(gardener(jurisdiction)).ranking}
    assert ranked["G"].standing == "possible" and "may be a victim" in ranked["G"].warning
    assert ranked["B"].warning is None


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_a_suspect_with_no_sign_of_control_is_not_flagged(jurisdiction):
    result = options_for_person(gardener(jurisdiction, controlled=False), pack_for(jurisdiction), "G", case_id=C)
    assert result.standing is None
    drugs = next(o for o in result.options if o.code == CODES[jurisdiction]["drugs"])
    assert not {"POSSIBLE_VICTIM", "CRIMINALISES_VICTIMS"} & {f.code for f in drugs.flags}


# -- 4. exploitation read from the ILO indicators ---------------------------------------------------


@pytest.mark.parametrize("jurisdiction", JURISDICTIONS)
def test_exploitation_is_proven_by_ilo_indicators_together(jurisdiction):
    pack, codes = pack_for(jurisdiction), CODES[jurisdiction]
    result = options_for_person(two_exploiters(jurisdiction), pack, "A", case_id=C)
    charge = next(o for o in result.options if o.code == codes["trafficking"])
    assert charge.strength == 1.0 and charge.independent_strength == 1.0
    explained = [e.explanation for e in charge.elements if e.explanation]
    assert explained and "ILO indicators of forced labour" in explained[0]
    assert "retention of identity documents EA1" in explained[0] and "withholding of wages EA4" in explained[0]


def test_two_ilo_indicators_are_not_enough():
    network = two_exploiters("NO")
    network.evidence = [e for e in network.evidence if e.evidence_id not in ("EA3", "EA4", "EA5")]
    charge = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("A", "strl_257")
    exploitation = next(e for e in charge.elements if e.id == "exploitation")
    assert not exploitation.supported and charge.strength == 0.5


def test_evidence_about_the_business_he_manages_counts_and_says_where():
    network = two_exploiters("NO")
    # Move B's withheld wages onto the cleaning firm he manages.
    network.evidence = [e if e.evidence_id != "EB4" else _ev("EB4", "X1", "withheld_wages") for e in network.evidence]
    charge = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "strl_257")
    exploitation = next(e for e in charge.elements if e.id == "exploitation")
    assert exploitation.supported and "withholding of wages EB4 at Cleaning firm" in exploitation.explanation


# -- 5. data the engine read wrongly or not at all ------------------------------------------------------


def test_a_permit_already_secured_is_not_lost():
    network = two_exploiters("NO")
    network.persons["W1"].immigration_status = "utf_8_4_permit"
    e = evaluate_plan(parse_plan(_plan("NO", "{person: B, offence: strl_378}")), network, pack_for("NO"))
    w1 = {f.protection_code for f in e.victims.flags if f.code == "PROTECTION_LOSS" and "W1" in f.victim_ids}
    assert "witness_permit_indictment" not in w1 and "witness_permit_discretionary" not in w1
    assert "victims_counsel" in w1  # counsel still hangs on the § 257 case


def test_a_vtps_held_for_recovery_is_not_cooperation_leave():
    network = two_exploiters("GB")
    network.persons["W1"].immigration_status = "vtps_recovery"
    e = evaluate_plan(parse_plan(_plan("GB", "{person: B, offence: tma_106a}")), network, pack_for("GB"))
    leave = [f for f in e.victims.flags if f.protection_code == "leave_cooperation" and "W1" in f.victim_ids]
    assert [f.status for f in leave] == ["would_not_obtain"]  # not "would_lose"
    network.persons["W1"].immigration_status = "vtps_cooperation"
    e = evaluate_plan(parse_plan(_plan("GB", "{person: B, offence: tma_106a}")), network, pack_for("GB"))
    leave = [f for f in e.victims.flags if f.protection_code == "leave_cooperation" and "W1" in f.victim_ids]
    assert [f.status for f in leave] == ["would_lose"]


def test_measures_that_fall_on_workers_say_so():
    network = two_exploiters("NO")
    network.evidence.append(_ev("EB9", "B", "overcrowded_housing"))
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "fire_housing_inspection")
    (flag,) = [f for f in option.flags if f.code == "FALLS_ON_VICTIMS"]
    assert flag.victim_ids == ["W3"] and flag.citation == pack_for("NO").flag_basis["FALLS_ON_VICTIMS"].citation
    # A tax audit of the firm evicts no one: not raised.
    audit = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "tax_audit", target_id="X1")
    assert not [f for f in audit.flags if f.code == "FALLS_ON_VICTIMS"]


def test_business_evidence_of_illegal_work_reaches_workers_whose_status_is_unrecorded():
    network = two_exploiters("NO")
    network.persons["W1"].immigration_status = None
    network.evidence.append(_ev("EX9", "X1", "no_work_permit"))
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "utl_108_illegal_labour")
    (flag,) = [f for f in option.flags if f.code == "CRIMINALISES_VICTIMS"]
    assert flag.rule_code == "np_illegal_work" and "W1" in flag.victim_ids
    # A worker with a recorded lawful status is not swept in by the business's evidence.
    network.persons["W1"].immigration_status = "work_permit"
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "utl_108_illegal_labour")
    assert not [f for f in option.flags if f.code == "CRIMINALISES_VICTIMS" and "W1" in f.victim_ids]


# -- minors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("jurisdiction", "code"), [("NO", "strl_257"), ("US", "usc18_1591")])
def test_for_a_victim_under_18_the_means_are_not_needed(jurisdiction, code):
    foreign = CODES[jurisdiction]["foreign"]
    persons = {"A": _suspect("A"), "M": _victim("M", foreign, identified=False)}
    # Exploitation shown, no means at all: a charge with a missing element for an adult victim.
    evidence = [_ev("E1", "A", "sexual_exploitation"), _ev("E2", "A", "advertises_sexual_services"),
                _ev("E3", "A", "profits_from_prostitution")]
    network = CaseNetwork([C], jurisdiction, persons, {}, [Link("A", "EXPLOITS", "M", C)], evidence)
    adult = OptionEngine(network, pack_for(jurisdiction), case_id=C).evaluate_option("A", code)
    assert adult.strength < 1.0 and "means" in [e.id for e in adult.elements if not e.supported]
    persons["M"].minor = True
    charge = OptionEngine(network, pack_for(jurisdiction), case_id=C).evaluate_option("A", code)
    means = next(e for e in charge.elements if e.id == "means")
    assert charge.strength == 1.0 and means.not_needed and means.evidence_ids == []
    assert means.explanation == "means: not needed, the count concerns victim(s) under 18: M"


def test_suggestions_never_target_a_possible_victim():
    result = suggest_plans(gardener("GB"), pack_for("GB"), C)
    assert all(a.target != "G" for s in result.suggestions for a in s.evaluation.plan.actions)
    assert any(n.startswith("No action against G is suggested") for n in result.notes), result.notes


@pytest.mark.parametrize(("nationality", "eea"), [("RO", True), ("UA", False)])
def test_expelling_an_eea_national_comes_with_the_stricter_test(nationality, eea):
    """legal-review.md error 5: most Norwegian THB suspects are EEA nationals (utlendingsloven § 122)."""
    network = two_exploiters("NO")
    network.persons["B"].nationality = nationality
    network.evidence.append(_ev("EB9", "B", "no_work_permit"))
    option = OptionEngine(network, pack_for("NO"), case_id=C).evaluate_option("B", "expulsion")
    (control,) = [f for f in option.flags if f.code == "CONTROL_MAY_CONTINUE"]  # the victims' risk is still said
    assert ("utlendingsloven § 122" in " ".join(option.caveats)) == eea
    assert ("The expulsion itself may not be available" in control.explanation) == eea
