"""CONTROL_MAY_CONTINUE counts only the victims an expelled controller can still reach.

On a generated 2,000-person case an expulsion option read "leaves 1528
victims in the controller's reach" for a suspect who controls 36, because every victim of the
case was counted. A careful prosecutor counts the victims the suspect controls, exploits,
recruits, houses or transports, those working at or housed by a business he controls, those he
employs, and their families; other victims of the case, with no recorded tie to him, are said
apart and never counted, put in a title or raise the severity.

A small Norwegian case: the Romanian controller S2 controls V1, houses V2, manages the car wash
B1 where V3 works; twelve more victims of the same case (V10..V21) have no tie to him, one of
them controlled by another suspect (T1) and with family of her own (F10).
"""

from __future__ import annotations

from datetime import date

from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.options.engine import OptionEngine, evaluate_option
from queries.plans.evaluate import evaluate_plan
from queries.plans.model import parse_plan
from rules import pack_for

C = "C1"
NO = pack_for("NO")
UNTIED = [f"V{i}" for i in range(10, 22)]


def _victim(pid: str) -> Person:
    return Person(pid, f"Victim {pid}", "UA", "irregular", [Role(C, "victim", date(2026, 3, 1), "willing")])


def case() -> CaseNetwork:
    persons = {
        "S2": Person("S2", "Controller", "RO", "resident", [Role(C, "suspect")]),
        "T1": Person("T1", "Other controller", "BG", "resident", [Role(C, "suspect")]),
        "F1": Person("F1", "V1's mother", "UA"),
        "F10": Person("F10", "V10's brother", "UA"),
        **{v: _victim(v) for v in ["V1", "V2", "V3", *UNTIED]},
    }
    links = [
        Link("S2", "CONTROLS", "V1", C), Link("S2", "HOUSED", "V2", C), Link("S2", "MANAGES", "B1", C),
        Link("V3", "WORKS_AT", "B1", C), Link("V1", "FAMILY_OF", "F1", C),
        Link("T1", "CONTROLS", "V10", C), Link("V10", "FAMILY_OF", "F10", C),
    ]
    evidence = [Evidence("E1", C, "S2", "threats_or_violence", "record", True)]
    return CaseNetwork([C], "NO", persons, {"B1": Business("B1", "Glans Bilvask AS", "car_wash")}, links, evidence)


def _control(option):
    flags = [f for f in option.flags if f.code == "CONTROL_MAY_CONTINUE"]
    assert len(flags) == 1, [f.code for f in option.flags]
    return flags[0]


def test_the_count_is_the_victims_he_is_tied_to_not_the_whole_case():
    flag = _control(evaluate_option(case(), NO, "S2", "expulsion", case_id=C))
    assert flag.victim_ids == ["V1", "V2", "V3"]
    assert flag.family_ids == ["F1"]  # not V10's brother: V10 is T1's, not S2's
    assert flag.severity == "high"  # his own victims' family is within reach
    assert "3 victim(s)" in flag.explanation and "1 family member(s)" in flag.explanation
    # The untied victims are said apart, in their own sentence, never in the count.
    assert "12 other victim(s) of the case have no recorded tie to the suspect" in flag.explanation
    assert "15" not in flag.explanation


def test_each_victim_in_reach_carries_the_reason():
    flag = _control(evaluate_option(case(), NO, "S2", "expulsion", case_id=C))
    assert flag.reasons == {
        "V1": ["controlled by the suspect (CONTROLS)"],
        "V2": ["housed by the suspect (HOUSED)"],
        "V3": ["works at Glans Bilvask AS, which the suspect controls (WORKS_AT)"],
        "F1": ["family of V1 (FAMILY_OF)"],
    }


def test_no_tie_no_flag_and_no_severity():
    network = case()
    network.links = [l for l in network.links if l.source_id != "S2"]  # S2 has no victim of his own
    option = evaluate_option(network, NO, "S2", "expulsion", case_id=C)
    assert not [f for f in option.flags if f.code == "CONTROL_MAY_CONTINUE"]


def test_linked_victims_keeps_the_case_apart_from_the_ties():
    linked = OptionEngine(case(), NO, case_id=C).linked_victims("S2")
    assert linked["V10"] == ["victim in case C1"]  # linked to the case, not within his reach
    assert not any("CONTROLS" in r for r in linked["V10"])


def test_the_plan_title_counts_the_same_victims():
    text = "case: C1\ntitle: Expel the controller\nactions:\n  - {person: S2, measure: expulsion}\n"
    evaluation = evaluate_plan(parse_plan(text, "plan.yaml"), case(), NO)
    assert evaluation.victims.control_risk == ["V1", "V2", "V3"]


def test_every_tie_the_engine_knows_has_words_in_reach_yaml():
    """A new exploitation or work link must not drop out of the reach unsaid."""
    from queries.network.model import BUSINESS_WORK_LINKS, EMPLOYMENT_LINKS, EXPLOITATION_LINKS
    from rules.vocabulary import reach_words

    words = reach_words()
    assert EXPLOITATION_LINKS | EMPLOYMENT_LINKS <= set(words["person_ties"])
    assert BUSINESS_WORK_LINKS | EMPLOYMENT_LINKS | {"HOUSED"} <= set(words["business_ties"])
    assert "Art 28" in words["citation"]


def test_an_employee_is_within_reach_and_a_payee_is_not():
    network = case()
    network.links += [Link("S2", "EMPLOYS", "V11", C), Link("S2", "PAID", "V12", C),
                      Link("S2", "COMMUNICATED_WITH", "V13", C)]
    flag = _control(evaluate_option(network, NO, "S2", "expulsion", case_id=C))
    assert flag.victim_ids == ["V1", "V11", "V2", "V3"]
    assert flag.reasons["V11"] == ["employed by the suspect (EMPLOYS)"]
    assert "11 other victim(s)" in flag.explanation
