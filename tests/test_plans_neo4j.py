"""Charge plans on the sample case, projected from the real Neo4j, and the plan and case commands."""

from __future__ import annotations

import json

import pytest

from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import PlanInvalid, check_plan, load_plan, parse_plan
from queries.network.projection import Projector
from rules import pack_for
from tests.paths import SAMPLE

PLANS = SAMPLE / "plans"
ALTERNATIVES = PLANS / "alternatives-only.yaml"
TRAFFICKING = PLANS / "trafficking-plus-alternatives.yaml"
IDENTIFIED = ["P010", "P011", "P012"]


def _evaluator(driver, case_id: str) -> PlanEvaluator:
    return PlanEvaluator(Projector(driver).case([case_id]), pack_for("NO"), case_id)


def test_the_sample_plans_alternatives_cost_the_identified_victims_their_protections(sample_catalogued_read_only):
    evaluator = _evaluator(sample_catalogued_read_only, "NO-GLANS")
    alternatives, trafficking = evaluator.evaluate(load_plan(ALTERNATIVES)), evaluator.evaluate(load_plan(TRAFFICKING))

    losses = [f for f in alternatives.victims.flags if f.code == "PROTECTION_LOSS"]
    assert {v for f in losses if f.standing == "identified" for v in f.victim_ids} == set(IDENTIFIED)
    # P010-P012 would not obtain victim's counsel (identification is no appointment of counsel,
    # review 2 #8) nor the permits.
    # P013 and P014 (not yet identified) and Rusu (P016, a suspect Popescu controls) would not
    # be identified at all.
    by_protection = {p.code: (p.would_lose, p.would_not_obtain, p.would_not_be_identified)
                     for p in alternatives.victims.protections}
    assert by_protection["victims_counsel"] == ([], IDENTIFIED, ["P013", "P014", "P016"])
    assert by_protection["witness_permit_indictment"] == ([], IDENTIFIED, ["P013", "P014", "P016"])
    assert alternatives.victims.identified_losing == IDENTIFIED
    assert (alternatives.victims.not_identified, alternatives.victims.possible) == (["P013", "P014"], ["P016"])
    # Expelling the foreign controller leaves him one call from P015, family of P010 and P014.
    control = [f for f in alternatives.victims.flags if f.code == "CONTROL_MAY_CONTINUE"]
    assert control and control[0].family_ids == ["P015"]

    # § 257 on Popescu concerns every worker he controls: it keeps everyone's protections.
    assert not [f for f in trafficking.victims.flags if f.code == "PROTECTION_LOSS"]
    # (The § 8-3 limited permit is moot for P010 and P014, who hold residence: said, with why.)
    assert all(sorted([*p.kept, *p.not_applicable]) == [*IDENTIFIED, "P013", "P014", "P016"]
               for p in trafficking.victims.protections)
    limited = next(p for p in trafficking.victims.protections if p.code == "limited_permit")
    assert sorted(limited.not_applicable) == ["P010", "P014"] and "supersedes" in limited.not_applicable["P010"]
    # Exploitation stands on the ILO indicators (passports, debt, surveillance, overtime), so
    # P011, unwilling, need not testify.
    assert trafficking.victims.testimony_against_wishes == []
    assert (trafficking.convictions.penalty_years, alternatives.convictions.penalty_years) == (12.0, 8.0)
    # Both leave the recruiter P003 untouched: he still reaches all five workers; and Rusu
    # (P016), controlled himself, still drives two of them.
    for e in (alternatives, trafficking):
        assert (e.victims.freed, e.victims.held_by) == ([], ["P003", "P016"])
        assert (e.prevention.removed, e.prevention.businesses_disrupted) == (["P001", "P002"], ["B001"])
        assert (e.prevention.fragmentation_before, e.prevention.fragmentation_after) == (0.0, 1.0)


def test_victims_are_never_targets_but_a_victim_who_recruits_may_be_flagged_loudly(sample_catalogued_read_only):
    network = Projector(sample_catalogued_read_only).case(["NO-NORDLYS"])
    refused = parse_plan("case: NO-NORDLYS\ntitle: t\nactions:\n  - {person: P021, offence: strl_257}\n", "p.yaml")
    with pytest.raises(PlanInvalid) as e:
        check_plan(refused, network, pack_for("NO"))
    assert str(e.value) == "p.yaml, line 4: P021 is an identified victim in NO-NORDLYS: not a target"
    allowed = parse_plan("case: NO-NORDLYS\ntitle: t\nactions:\n  - {person: P024, offence: strl_257}\n", "p.yaml")
    e = _evaluator(sample_catalogued_read_only, "NO-NORDLYS").evaluate(allowed)
    assert "P024" in e.victims.criminalised
    assert any(f.code == "CRIMINALISES_VICTIMS" and f.severity == "high" for f in e.victims.flags)


def test_plan_evaluate_prints_the_three_conceptions_and_the_disclaimer(sample_catalogued_read_only, cli):
    code, out, _ = cli("plan", "evaluate", str(ALTERNATIVES))
    assert code == 0
    for text in ("Convictions", "Victims freed and protected", "Crime prevention", "PROTECTION_LOSS",
                 "CONTROL_MAY_CONTINUE", "Decision support, not legal advice", "unreviewed by counsel"):
        assert text in out, text

    code, out, _ = cli("plan", "evaluate", str(TRAFFICKING), "--format", "json", "--redact")
    assert code == 0
    data = json.loads(out)
    assert data["plan"]["case"] == "NO-GLANS" and data["review_status"] == "unreviewed by counsel"
    assert data["disclaimer"] == "Decision support, not legal advice"
    assert [a["line"] for a in data["actions"]] == [9, 10, 11, 12]
    assert data["victims"]["losing"] == [] and data["victims"]["testimony_against_wishes"] == []
    assert all(f["victim_names"] is None for f in data["victims"]["flags"])


def test_plan_compare_shows_the_protections_lost_by_alternatives_only(sample_catalogued_read_only, cli):
    code, out, _ = cli("plan", "compare", str(ALTERNATIVES), str(TRAFFICKING))
    assert code == 0
    assert "1. Alternatives only" in out and "2. Trafficking charge on the controller" in out
    assert "PROTECTION_LOSS" in out and "Victim's counsel as of right" in out
    assert "keeps every protection for every victim (P010, P011, P012, P013, P014, P016)" in out
    assert "To keep them for P010, P011, P012, P013, P014, P016: charge Marius Popescu (P002) under strl_257" in out
    assert "not legal advice" in out

    code, out, _ = cli("plan", "compare", str(ALTERNATIVES), str(TRAFFICKING), "--format", "json")
    rows = {r["label"]: r for r in json.loads(out)["rows"]}
    assert rows["identified victims losing or not obtaining a protection"]["best"] == [1]


#: A plan whose line 5 names an unknown person and line 6 an unknown offence.
BAD_PLAN = ("case: NO-GLANS\ntitle: Bad\nactions:\n  - {person: P002, offence: strl_257}\n"
            "  - {person: P999, offence: strl_379}\n  - {person: P001, offence: strl_999}\n")


def test_a_plan_naming_an_unknown_person_or_code_fails_naming_file_and_line(sample_catalogued_read_only, cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_PLAN, encoding="utf-8")
    code, out, err = cli("plan", "evaluate", str(path))
    assert code == 1 and not out
    assert f"{path}, line 5: unknown person 'P999': not in case NO-GLANS" in err
    assert f"{path}, line 6: unknown offence 'strl_999' in the NO rule pack" in err

    path.write_text("case: NO-SUCH\ntitle: Bad\nactions:\n  - {person: P002, offence: strl_257}\n", encoding="utf-8")
    code, _, err = cli("plan", "evaluate", str(path))
    assert code == 1 and "no case with id NO-SUCH" in err


def test_plan_suggest_is_deterministic_and_says_whose_decision_it_is(sample_catalogued_read_only, cli):
    code, out, _ = cli("plan", "suggest", "--case", "NO-GLANS", "--format", "json")
    assert code == 0
    first = json.loads(out)
    assert json.loads(cli("plan", "suggest", "--case", "NO-GLANS", "--format", "json")[1]) == first
    assert first["suggestions"] and "decision" in first["statement"]
    targets = {a.get("person") for s in first["suggestions"] for a in s["evaluation"]["plan"]["actions"]}
    # Victims are never targets, and neither is Rusu (P016), a suspect who may be a victim: the notes say so.
    assert not targets & {"P010", "P011", "P012", "P013", "P014", "P016"}
    assert any(n.startswith("No action against P016 is suggested") for n in first["notes"]), first["notes"]
    keeps = next(s for s in first["suggestions"] if "Keeps every identified victim's protections" in s["names"])
    assert keeps["evaluation"]["victims"]["identified_losing"] == []
    most = next(s for s in first["suggestions"] if "Most convictions" in s["names"])
    assert {"person": "P002", "offence": "strl_257"} in most["evaluation"]["plan"]["actions"]

    code, out, _ = cli("plan", "suggest", "--case", "NO-GLANS", "--max-actions", "2")
    assert code == 0 and "Pareto front" in out and "support a decision" in out and "not legal advice" in out


def test_case_outcomes_records_targets_before_achievements(sample_loaded, cli):
    code, out, _ = cli("case", "outcomes", "--case", "NO-GLANS", "--format", "json")
    assert code == 0
    assert [o["target"] for o in json.loads(out)["outcomes"]] == [None] * 5

    code, _, _ = cli("case", "outcomes", "--case", "NO-GLANS", "--set", "arrests=4", "--set", "victims_recovered=5",
                     "--set", "businesses_disrupted=2")
    assert code == 0
    code, out, _ = cli("case", "outcomes", "--case", "NO-GLANS", "--achieved", "arrests=3", "--format", "json")
    data = {o["kind"]: o for o in json.loads(out)["outcomes"]}
    assert (data["arrests"]["target"], data["arrests"]["achieved"]) == (4, 3)
    assert data["arrests"]["recorded_at"] <= data["arrests"]["achieved_at"]
    assert (data["victims_recovered"]["target"], data["victims_recovered"]["achieved"]) == (5, None)
    assert data["convictions"] == {"kind": "convictions", "target": None, "achieved": None,
                                   "recorded_at": None, "achieved_at": None}

    code, out, _ = cli("case", "outcomes", "--case", "NO-GLANS")
    assert code == 0 and "victims recovered" in out and "not legal advice" in out
    code, _, err = cli("case", "outcomes", "--case", "NO-GLANS", "--set", "raids=2")
    assert code == 2 and "KIND one of arrests, victims_recovered" in err
    code, _, err = cli("case", "outcomes", "--case", "NO-GLANS", "--achieved", "arrests=-1")
    assert code == 2 and "is not a number of at least 0" in err
    code, _, err = cli("case", "outcomes", "--case", "NO-SUCH", "--set", "arrests=1")
    assert code == 1 and "no case with id NO-SUCH" in err
