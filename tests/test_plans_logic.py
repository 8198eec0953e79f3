"""Charge plans on a hand-made case where every score is worked out by hand.

Case C1 (Norway): the owner S1 (Norwegian) owns the car wash B1; the controller S2 (Romanian)
manages it, controls V1 and V2 and houses V1; the recruiter S3 recruited V1, V2 and V3; V4,
an identified victim, recruited V3 (a victim-offender); A1 is S1's associate.

    victims      V1 identified, unwilling, RO, holds the limited permit (§ 8-3), works at B1
                 V2 identified, willing, UA, irregular, works at B1, no work permit
                 V3 not identified
                 V4 identified, NG, recruited V3
    evidence     B1: unreported_wages, cash_payroll, excessive_hours, no_work_permit
                 S1: laundering_transfers, unexplained_wealth
                 S2: passport_withheld; forced_labour only by V1's testimony (unwilling)
                 S3 and V4: recruitment_by_deception

By hand:
- Held before any action: V1 and V2 (S2 controls them, S3 recruited them), V3 (S3). V4 is
  held by no one: nobody has a link to her.
- The suspects' network (everyone but victims): S1-S2 (both tied to B1), S1-A1; S3 is tied
  to victims only. Components {S1, S2, A1} and {S3}: F = 1 - (3*2)/(4*3) = 0.5, largest 3.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.plans.compare import comparison_rows
from queries.plans.evaluate import evaluate_plan
from queries.plans.model import PlanInvalid, check_plan, parse_plan
from queries.plans.suggest import STATEMENT, score, suggest_plans
from rules import pack_for

C1 = "C1"
IDENTIFIED = date(2026, 3, 1)
NO = pack_for("NO")


def _victim(pid: str, *, identified: bool, cooperation: str | None, nationality: str, status: str | None) -> Person:
    role = Role(C1, "victim", IDENTIFIED if identified else None, cooperation)
    return Person(pid, f"Victim {pid}", nationality, status, [role])


def _ev(eid: str, about: str, indicator: str, given_by: str | None = None) -> Evidence:
    return Evidence(eid, C1, about, indicator, "testimony" if given_by else "record", given_by is None, given_by)


def scenario(*, independent_forced_labour: bool = False) -> CaseNetwork:
    persons = {
        "S1": Person("S1", "Owner", "NO", "citizen", [Role(C1, "suspect")]),
        "S2": Person("S2", "Controller", "RO", "resident", [Role(C1, "suspect")]),
        "S3": Person("S3", "Recruiter", "RO", "resident", [Role(C1, "suspect")]),
        "A1": Person("A1", "Associate", "NO", "citizen", [Role(C1, "associate")]),
        "V1": _victim("V1", identified=True, cooperation="unwilling", nationality="RO", status="utf_8_3_limited_permit"),
        "V2": _victim("V2", identified=True, cooperation="willing", nationality="UA", status="irregular"),
        "V3": _victim("V3", identified=False, cooperation=None, nationality="UA", status="unknown"),
        "V4": _victim("V4", identified=True, cooperation="undecided", nationality="NG", status="permit"),
    }
    links = [
        Link("S1", "OWNS", "B1", C1), Link("S2", "MANAGES", "B1", C1),
        Link("S2", "CONTROLS", "V1", C1), Link("S2", "CONTROLS", "V2", C1), Link("S2", "HOUSED", "V1", C1),
        Link("S3", "RECRUITED", "V1", C1), Link("S3", "RECRUITED", "V2", C1), Link("S3", "RECRUITED", "V3", C1),
        Link("V4", "RECRUITED", "V3", C1),
        Link("V1", "WORKS_AT", "B1", C1), Link("V2", "WORKS_AT", "B1", C1),
        Link("A1", "COMMUNICATED_WITH", "S1", C1),
    ]
    evidence = [
        _ev("E1", "B1", "unreported_wages"), _ev("E2", "B1", "cash_payroll"), _ev("E3", "B1", "excessive_hours"),
        _ev("E4", "B1", "no_work_permit"), _ev("E5", "S1", "laundering_transfers"),
        _ev("E6", "S1", "unexplained_wealth"), _ev("E7", "S2", "passport_withheld"),
        _ev("E8", "S2", "forced_labour", given_by="V1"), _ev("E9", "S3", "recruitment_by_deception"),
        # About a victim, deception would read as done to her: this row records her own conduct.
        Evidence("E10", C1, "V4", "recruitment_by_deception", "record", True, about_role="actor"),
        _ev("E11", "V2", "no_work_permit"),
    ]
    if independent_forced_labour:
        evidence.append(_ev("E12", "S2", "forced_labour"))
    return CaseNetwork([C1], "NO", persons, {"B1": Business("B1", "Glans Bilvask AS", "car_wash")}, links, evidence)


def plan(*actions: str, title: str = "A plan") -> str:
    return f"case: C1\ntitle: {title}\nactions:\n" + "".join(f"  - {a}\n" for a in actions)


ALTERNATIVES = plan(
    "{person: S1, offence: strl_379}", "{person: S1, offence: strl_337}", "{person: S2, offence: aml_19_1}",
    "{business: B1, measure: labour_inspection}", title="Alternatives only",
)
TRAFFICKING = plan(
    "{person: S2, offence: strl_257}", "{person: S1, offence: strl_379}", "{business: B1, measure: labour_inspection}",
    title="Trafficking on the controller",
)


def evaluate(text: str, network: CaseNetwork | None = None):
    return evaluate_plan(parse_plan(text, "plan.yaml"), network or scenario(), NO)


# -- convictions -------------------------------------------------------------------------------


def test_convictions_count_supported_and_independent_charges_and_penalties():
    c = evaluate(ALTERNATIVES).convictions
    # strl_379: false information (B1's payroll, S1 owns B1) and aggravation (unexplained wealth);
    # strl_337: proceeds and securing them; aml_19_1: excessive hours at B1, which S2 manages.
    assert [(x.person_id, x.code, x.supported, x.independent) for x in c.charges] == [
        ("S1", "strl_379", True, True), ("S1", "strl_337", True, True), ("S2", "aml_19_1", True, True),
    ]
    # Heaviest per person: S1 6 years (§ 379, not § 337's 2), S2 2 years.
    assert {p: x.code for p, x in c.heaviest.items()} == {"S1": "strl_379", "S2": "aml_19_1"}
    assert c.penalty_years == 8.0

    c = evaluate(TRAFFICKING).convictions
    # § 257: means by the seized passports (independent), exploitation by V1's testimony only.
    assert [(x.code, x.supported, x.independent) for x in c.charges] == [
        ("strl_257", True, False), ("strl_379", True, True),
    ]
    assert (len(c.supported), len(c.independent), c.penalty_years) == (2, 1, 12.0)


def test_a_partly_supported_charge_names_its_missing_element_and_an_unsupported_one_acts_against_no_one():
    e = evaluate(plan("{person: S3, offence: strl_257}", "{person: S3, offence: utl_108_smuggling}"))
    partial, unsupported = e.convictions.charges
    assert (partial.supported, partial.missing) == (False, ["exploitation"])  # means: the deceptive ads
    assert (unsupported.supported, unsupported.missing) == (False, ["facilitates_entry"])
    assert [r.acts for r in e.actions] == [True, False]
    assert e.warnings == ["utl_108_smuggling against Recruiter (S3): no evidence supports it, so it acts against no one"]
    assert e.prevention.removed == ["S3"]  # the partial § 257 charge still pursues him


# -- victims -----------------------------------------------------------------------------------


def _protections(e):
    return {p.code: (p.kept, p.would_lose, p.would_not_obtain, p.would_not_be_identified) for p in e.victims.protections}


def test_without_a_trafficking_charge_identified_victims_lose_their_protections():
    e = evaluate(ALTERNATIVES)
    # V1 holds the limited permit (§ 8-3): she loses it; no one would obtain counsel (§ 107a:
    # identification is no appointment of counsel) or the other permits. All are foreign nationals. V3, not yet
    # identified, would not be identified at all (Bjelland).
    assert _protections(e) == {
        "limited_permit": ([], ["V1"], ["V2", "V4"], ["V3"]),
        "witness_permit_indictment": ([], [], ["V1", "V2", "V4"], ["V3"]),
        "witness_permit_discretionary": ([], [], ["V1", "V2", "V4"], ["V3"]),
        "victims_counsel": ([], [], ["V1", "V2", "V4"], ["V3"]),  # identification is no appointment of counsel
        "civil_claim": ([], [], ["V1", "V2", "V4"], ["V3"]),
    }
    assert e.victims.losing == ["V1", "V2", "V3", "V4"]
    assert e.victims.identified_losing == ["V1", "V2", "V4"]
    losses = [f for f in e.victims.flags if f.code == "PROTECTION_LOSS"]
    assert {f.protection_code for f in losses} == set(_protections(e))
    assert all(f.citation for f in losses)
    assert "Reflection period (residence permit, 6 months)" in e.victims.unaffected_protections
    # Alternatives alone need no testimony and criminalise no one here.
    assert (e.victims.criminalised, e.victims.testimony_against_wishes) == ([], [])
    assert e.victims.harmed == ["V1", "V2", "V3", "V4"]


def test_a_trafficking_count_keeps_the_protections_only_of_the_victims_it_concerns():
    e = evaluate(TRAFFICKING)
    # S2 controls V1 and V2 and manages B1 where they work: § 257 against him keeps theirs. V4
    # (recruited V3; no one in the plan exploits her) and V3 (recruited by S3) are not its
    # aggrieved parties: utf § 8-4 and § 107a give them nothing from S2's count.
    assert _protections(e) == {
        "limited_permit": (["V1", "V2"], [], ["V4"], ["V3"]),
        "witness_permit_indictment": (["V1", "V2"], [], ["V4"], ["V3"]),
        "witness_permit_discretionary": (["V1", "V2"], [], ["V4"], ["V3"]),
        "victims_counsel": (["V1", "V2"], [], ["V4"], ["V3"]),
        "civil_claim": (["V1", "V2"], [], ["V4"], ["V3"]),
    }
    v3 = [f for f in e.victims.flags if f.code == "PROTECTION_LOSS" and f.victim_ids == ["V3"]]
    assert v3 and all(f.status == "would_not_be_identified" and f.standing == "presumed" for f in v3)
    # What would keep them: the recruiter's count, though its exploitation element lacks evidence.
    assert all("charge Recruiter (S3) under strl_257" in f.keep and "exploitation" in f.keep for f in v3)
    # ... and the exploitation element rests on V1's testimony, and V1 does not want to testify.
    assert e.victims.testimony_against_wishes == ["V1"]
    assert e.victims.harmed == ["V1", "V3", "V4"]


def test_a_count_naming_its_victims_keeps_theirs():
    e = evaluate(plan("{person: S2, offence: strl_257, victims: [V1]}"))
    assert _protections(e)["victims_counsel"] == (["V1"], [], ["V2", "V4"], ["V3"])
    assert _errors(plan("{person: S2, offence: strl_257, victims: [S1]}")) == [
        "plan.yaml, line 4: victims: S1 not a victim in case C1"]
    # Expulsion after a § 257 conviction is no reason to warn: the warning is for simple offences
    # charged to deport instead of prosecuting (legal-review.md M).
    e = evaluate(TRAFFICKING)
    assert "CONTROL_MAY_CONTINUE" not in {f.code for f in e.victims.flags}
    e = evaluate(plan("{person: S2, measure: expulsion}"))
    assert "CONTROL_MAY_CONTINUE" in {f.code for f in e.victims.flags}


def test_a_lone_options_protection_flags_give_way_to_the_plans():
    e = evaluate(TRAFFICKING)
    tax = next(r for r in e.actions if r.action.code == "strl_379")
    assert any(f.code == "PROTECTION_LOSS" for f in tax.option.flags)  # alone, it would cost them
    assert not any(f.code == "PROTECTION_LOSS" for f in tax.flags)  # in this plan, it does not


def test_victims_freed_are_those_no_one_left_untouched_still_holds():
    e = evaluate(ALTERNATIVES)
    assert e.victims.held_before == ["V1", "V2", "V3"]  # V4: no one has a link to her
    assert (e.victims.freed, e.victims.still_held, e.victims.held_by) == ([], ["V1", "V2", "V3"], ["S3"])

    e = evaluate(plan("{person: S3, offence: strl_257}"))  # S2 controls V1 and V2, S1 owns B1 where they work
    assert (e.victims.freed, e.victims.held_by) == (["V3"], ["S1", "S2"])

    e = evaluate(plan("{person: S2, offence: strl_257}", "{person: S3, offence: strl_257}"))
    # S1 still owns B1 where V1 and V2 work.
    assert (e.victims.freed, e.victims.still_held, e.victims.held_by) == (["V3"], ["V1", "V2"], ["S1"])

    e = evaluate(plan("{person: S1, offence: strl_379}", "{person: S2, offence: strl_257}",
                      "{person: S3, offence: strl_257}"))
    assert (e.victims.freed, e.victims.still_held, e.victims.held_by) == (["V1", "V2", "V3"], [], [])


def test_an_immigration_control_at_the_workplace_criminalises_the_worker_without_papers():
    e = evaluate(plan("{business: B1, measure: immigration_control}"))
    # V2 is irregular with no work permit; V1 works there too but holds a permit.
    assert e.victims.criminalised == ["V2"]
    assert e.prevention.businesses_disrupted == ["B1"] and e.prevention.removed == []


def test_a_victim_who_recruits_may_be_acted_against_but_is_flagged_loudly():
    e = evaluate(plan("{person: V4, offence: strl_257}"))  # means: recruitment by deception
    flags = [f for f in e.victims.flags if f.code == "CRIMINALISES_VICTIMS"]
    assert flags and flags[0].severity == "high" and "themselves a victim" in flags[0].explanation
    assert e.victims.criminalised == ["V4"]
    assert e.prevention.recruiters == ["S3"]  # a victim who recruits is not counted as a recruiter


# -- prevention --------------------------------------------------------------------------------


def test_prevention_fragments_the_suspects_network_and_reaches_controllers():
    p = evaluate(ALTERNATIVES).prevention
    assert (p.suspects, p.fragmentation_before, p.largest_before) == (4, 0.5, 3)
    # Without S1 and S2: A1 and S3, no tie left: F = 1, largest part 1 of 3.
    assert (p.removed, p.fragmentation_after, p.largest_after) == (["S1", "S2"], 1.0, 1)
    assert p.largest_share == pytest.approx(1 / 3)
    assert (p.businesses_disrupted, p.controllers, p.controllers_reached) == (["B1"], ["S2"], ["S2"])
    assert (p.recruiters, p.recruiters_reached) == (["S3"], [])

    p = evaluate(plan("{person: S3, offence: strl_257}")).prevention
    # Removing the isolated recruiter leaves S1-S2-A1 whole: F = 1 - 6/6 = 0.
    assert (p.fragmentation_after, p.largest_after, p.recruiters_reached) == (0.0, 3, ["S3"])


# -- comparison --------------------------------------------------------------------------------


def test_comparison_marks_the_rows_where_plans_differ_and_which_does_best():
    rows = {r.label: r for r in comparison_rows([evaluate(ALTERNATIVES), evaluate(TRAFFICKING)])}
    assert [r.conception for r in rows.values()][:1] == ["convictions"]
    losing = rows["identified victims losing or not obtaining a protection"]
    assert losing.cells == ["V1, V2, V4 (5 protections)", "V4 (5 protections)"] and losing.best == [1]
    assert rows["victims not yet identified whom no trafficking count concerns"].cells == ["V3", "V3"]
    assert rows["maximum penalties (heaviest per person)"].best == [1]  # 12 years against 8
    assert rows["of them on evidence independent of victims"].best == [0]
    assert rows["testimony needed against a victim's wish"].cells == ["none", "V1"]
    same = rows["fragmentation F of the suspects' network"]
    assert not same.differs and same.best == [] and same.cells == ["0.50 -> 1.00"] * 2


# -- the plan document -------------------------------------------------------------------------


def _errors(text: str, network: CaseNetwork | None = None) -> list[str]:
    with pytest.raises(PlanInvalid) as e:
        check_plan(parse_plan(text, "plan.yaml"), network or scenario(), NO)
    return [str(x) for x in e.value.errors]


@pytest.mark.parametrize(("action", "message"), [
    ("{person: P999, offence: strl_257}", "plan.yaml, line 5: unknown person 'P999': not in case C1"),
    ("{person: S1, offence: strl_999}", "plan.yaml, line 5: unknown offence 'strl_999' in the NO rule pack"),
    ("{person: S1, offence: tax_audit}",
     "plan.yaml, line 5: unknown offence 'tax_audit' in the NO rule pack: it is a measure, write `measure: tax_audit`"),
    ("{business: B9, measure: tax_audit}", "plan.yaml, line 5: unknown business 'B9': not in case C1"),
    ("{person: S1, measure: tax_audit}",
     "plan.yaml, line 5: measure 'tax_audit' targets a business: write `business:` instead of `person: S1`"),
    ("{business: B1, measure: expulsion}",
     "plan.yaml, line 5: measure 'expulsion' targets a person, not a business: name the person"),
    ("{person: V1, offence: strl_257}", "plan.yaml, line 5: V1 is an identified victim in C1: not a target"),
    ("{person: V3, measure: expulsion}", "plan.yaml, line 5: V3 is a victim in C1 (not identified): not a target"),
])
def test_a_bad_action_is_refused_naming_file_and_line(action, message):
    assert _errors(plan("{person: S2, offence: strl_257}", action)) == [message]


def test_every_problem_is_reported_and_a_repeated_action_too():
    text = plan("{person: S2, offence: strl_257}", "{person: P999, offence: strl_257}", "{person: S2, offence: strl_257}")
    assert _errors(text) == [
        "plan.yaml, line 5: unknown person 'P999': not in case C1",
        "plan.yaml, line 6: repeats the action on line 4",
    ]
    with pytest.raises(PlanInvalid, match="the plan has 2 problems"):
        check_plan(parse_plan(text, "plan.yaml"), scenario(), NO)


@pytest.mark.parametrize(("text", "message"), [
    ("case: C1\nactions:\n  - {person: S1, offence: strl_379}\n", "plan.yaml, line 1: title: Field required"),
    (plan("{person: S1}"), "plan.yaml, line 4: name exactly one of offence or measure"),
    (plan("{person: S1, business: B1, measure: tax_audit}"), "plan.yaml, line 4: name exactly one target: person or business"),
    (plan("{business: B1, offence: strl_379}"), "plan.yaml, line 4: offences are charged against persons, not a business (B1)"),
    (plan("{person: S1, offence: strl_379, offence: strl_337}"), "plan.yaml, line 4: duplicate key 'offence'"),
    (plan("{person: S1, ofence: strl_379}"), "plan.yaml, line 4: unknown key 'ofence' (allowed: person or business,"),
    ("case: C1\ntitle: x\nactions: []\n", "plan.yaml, line 3: actions: List should have at least 1 item"),
    ("case: C1\ntitle: [unclosed\n", "plan.yaml, line 3: not valid YAML or JSON"),
    ("- just a list\n", "plan.yaml, line 1: a plan is a mapping with case, title and actions"),
])
def test_a_malformed_plan_is_refused_naming_file_and_line(text, message):
    with pytest.raises(PlanInvalid) as e:
        parse_plan(text, "plan.yaml")
    assert str(e.value).startswith(message), str(e.value)


def test_a_json_plan_reads_like_yaml_with_its_lines():
    text = '{\n  "case": "C1",\n  "title": "JSON",\n  "actions": [\n    {"person": "S1", "offence": "strl_379"},\n' \
           '    {"person": "P999", "offence": "strl_379"}\n  ]\n}\n'
    parsed = parse_plan(text, "plan.json")
    assert [a.line for a in parsed.actions] == [5, 6] and parsed.actions[0].to_dict() == {"person": "S1", "offence": "strl_379"}
    assert _errors(text) == ["plan.yaml, line 6: unknown person 'P999': not in case C1"]


# -- suggestions -------------------------------------------------------------------------------


def _shuffled(network: CaseNetwork, seed: int) -> CaseNetwork:
    """The same graph as a projection might return it: persons, links and evidence in another order."""
    rng = random.Random(seed)
    persons = list(network.persons.items())
    links, evidence = list(network.links), list(network.evidence)
    for items in (persons, links, evidence):
        rng.shuffle(items)
    return CaseNetwork(network.case_ids, network.jurisdiction, dict(persons), network.businesses, links, evidence)


def test_suggestions_are_the_same_for_the_same_graph_whatever_order_it_comes_in():
    first = suggest_plans(scenario(), NO, C1).to_dict()
    assert first == suggest_plans(scenario(), NO, C1).to_dict()
    for seed in range(3):
        assert suggest_plans(_shuffled(scenario(), seed), NO, C1).to_dict() == first


def test_suggestions_come_from_the_pareto_front_and_say_whose_decision_it_is():
    result = suggest_plans(scenario(), NO, C1, max_actions=3)
    assert result.statement == STATEMENT and "decision" in STATEMENT and "not legal advice" in result.disclaimer.lower()
    # S3's one charge (§ 257) lacks its exploitation element: it is offered as the trafficking
    # investigation continued (legal-review-3.md E8). A1 has no evidence: no options.
    assert (sorted(result.persons), result.businesses) == (["S1", "S2", "S3"], ["B1"])
    # Three options each for S2 and S1, S3's investigation, and for B1 the A-krim inspection (the
    # best supported) and the labour inspection (the best that costs no victim anything): none or
    # one of each, at most 3 actions: 9 + 29 + 39 plans; and the protective plan (§ 257 on S2).
    assert result.candidates == 9 + 29 + 39 + 1
    by_name = {n: s for s in result.suggestions for n in s.names}
    most = by_name["Most convictions"]
    # § 257 on the controller, § 379 on the owner, and the recruiter's investigation continued.
    assert [(a.target, a.code) for a in most.evaluation.plan.actions] == [
        ("S2", "strl_257"), ("S3", "strl_257"), ("S1", "strl_379"),
    ]
    assert "continue the trafficking investigation of S3 under strl_257" in most.evaluation.plan.description
    assert most.on_front and result.front == 1 and by_name["Most disruptive"] is most
    # Every plan with a supported charge drops § 257 (protections lost) or rests on V1's unwilling
    # testimony. The output says so, and the least costly plan says what it costs.
    assert "Strongest plan that costs victims nothing" not in by_name
    assert by_name["Least cost to victims"] is most
    assert "NEEDS 1 VICTIM(S) TO TESTIFY AGAINST THEIR WISH: V1" in most.evaluation.plan.title
    # V4 is linked to no one, so no count keeps hers.
    assert [n.split(":")[0] for n in result.notes] == [
        "No suggestion 'Keeps every identified victim's protections'",
        "No suggestion 'Strongest plan that costs victims nothing'",
    ]
    # The plan needing no testimony charges the controller under the Working Environment Act: it
    # costs the identified victims their protections, so the front outdoes it.
    no_testimony = by_name["Needs no victim testimony"]
    assert ("S2", "aml_19_1") in {(a.target, a.code) for a in no_testimony.evaluation.plan.actions}
    assert all(c.independent for c in no_testimony.evaluation.convictions.charges) and not no_testimony.on_front
    assert not {"V1", "V2", "V3", "V4"} & {a.target for s in result.suggestions for a in s.evaluation.plan.actions}


def test_with_independent_proof_of_forced_labour_one_plan_costs_the_victims_nothing():
    # As the scenario stands, no plan can: V4 is linked to no one and V3 only to the recruiter,
    # whose § 257 lacks the exploitation element. The notes say so, victim by victim.
    result = suggest_plans(scenario(independent_forced_labour=True), NO, C1)
    names = {n for s in result.suggestions for n in s.names}
    assert "Keeps every identified victim's protections" not in names
    note = next(n for n in result.notes if "Keeps every identified victim's protections" in n)
    assert "V4 is linked to no one in the case" in note
    assert all("COSTS 1 IDENTIFIED VICTIM(S) A PROTECTION: V4" in s.evaluation.plan.title for s in result.suggestions)

    # Once the evidence shows S2 also houses V4 and transported V3, his § 257 concerns them all.
    network = scenario(independent_forced_labour=True)
    network.links += [Link("S2", "HOUSED", "V4", C1), Link("S2", "TRANSPORTED", "V3", C1)]
    result = suggest_plans(network, NO, C1)
    by_name = {n: s for s in result.suggestions for n in s.names}
    free = by_name["Strongest plan that costs victims nothing"]
    assert free.on_front and free.evaluation.victims.harmed == []
    assert ("S2", "strl_257") in {(a.target, a.code) for a in free.evaluation.plan.actions}
    assert by_name["Keeps every identified victim's protections"] is free
    # Offender-focused proof removes the trade-off: the strongest plan is also the free one. (The
    # plan needing no testimony is the same less S3's investigation, whose count is not whole.)
    no_testimony = by_name["Needs no victim testimony"].evaluation
    assert by_name["Most convictions"] is free and not no_testimony.victims.harms
    assert {(a.target, a.code) for a in no_testimony.plan.actions} < {(a.target, a.code) for a in free.evaluation.plan.actions}
    assert score(free.evaluation)[0] == (12.0, 2, 2) and score(free.evaluation)[2] == 0
    assert "COSTS" not in free.evaluation.plan.title
