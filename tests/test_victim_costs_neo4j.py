"""No suggestion is titled costless while it costs a victim anything: the sample and a generated
case, projected from the real Neo4j (legal-review-3.md E1, E5; the sample findings of E4, E5).

A property over every suggestion: a plan whose evaluation shows any cost to a victim (a
protection lost, a victim left unidentified, criminalised, exposed, raided, closed or evicted
where she lives or works, needed as a witness against her wish, left within reach of an
expelled controller) is never named "costs victims nothing" and its title names every kind
of cost it has; the least costly plan is always offered.
"""

from __future__ import annotations

import pytest

from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.options.engine import options_for_person
from queries.plans.costs import NO_COST
from queries.plans.suggest import suggest_plans
from queries.network.projection import Projector
from rules import pack_for
from tests.conftest import wipe

#: The words of each kind of cost in a title (queries.plans.costs).
WORDS = {
    "criminalised": "CRIMINALISES", "testimony_against_wishes": "TO TESTIFY AGAINST THEIR WISH",
    "falls_on": "WHERE THEY LIVE OR WORK", "exposed": "EXPOSES", "control_risk": "WITHIN REACH OF AN EXPELLED",
}


def _check(result) -> None:
    assert result.suggestions
    for s in result.suggestions:
        v, title = s.evaluation.victims, s.evaluation.plan.title
        if v.harms:
            assert "Strongest plan that costs victims nothing" not in s.names, title
            assert NO_COST not in title, title
            for kind, words in WORDS.items():
                assert (words in title) == bool(v.costs[kind]), (kind, title)
            assert ("IDENTIFIED VICTIM(S) A PROTECTION" in title) == bool(v.identified_losing), title
            assert ("UNIDENTIFIED" in title) == bool(set(v.losing) - set(v.identified_losing)), title
        else:
            assert title.endswith(f"({NO_COST})"), title
    least = [s for s in result.suggestions if "Least cost to victims" in s.names]
    assert len(least) == 1


@pytest.mark.parametrize("case_id", ["NO-GLANS", "NO-NORDLYS"])
def test_no_suggestion_on_the_sample_is_titled_costless_while_it_costs_a_victim(sample_read_only, case_id):
    network = Projector(sample_read_only).case([case_id])
    _check(suggest_plans(network, pack_for("NO"), case_id))


def test_nordlys_titles_name_the_girl_left_unidentified(sample_read_only):
    """E5: P023 (17, not identified) was left out of every title."""
    network = Projector(sample_read_only).case(["NO-NORDLYS"])
    assert network.persons["P023"].minor  # 17 when P024 recruited her (2024-04-01)
    result = suggest_plans(network, pack_for("NO"), "NO-NORDLYS")
    for s in result.suggestions:
        v = s.evaluation.victims
        if "P023" in v.losing:
            assert "(one a child: P023)" in s.evaluation.plan.title or "children:" in s.evaluation.plan.title


def test_glans_possible_victim_is_not_flagged_as_a_controller_and_not_offered_for_expulsion(sample_read_only):
    """E4: P016 (Rusu, a suspect Popescu controls) got CONTROL_MAY_CONTINUE on § 361 and expulsion."""
    network = Projector(sample_read_only).case(["NO-GLANS"])
    result = options_for_person(network, pack_for("NO"), "P016", case_id="NO-GLANS")
    assert result.standing == "possible"
    assert not [f for o in result.options for f in o.flags if f.code == "CONTROL_MAY_CONTINUE"]
    assert "expulsion" not in {o.code for o in result.options}
    assert [b["code"] for b in result.barred] == ["expulsion"]


def test_the_api_example_speaks_the_packs_real_codes(sample_read_only):
    from api.routes.options import EXAMPLE

    network = Projector(sample_read_only).case([EXAMPLE["case_id"]])
    result = options_for_person(network, pack_for(EXAMPLE["jurisdiction"]), EXAMPLE["person_id"],
                                case_id=EXAMPLE["case_id"])
    by_code = {o.code: o for o in result.options}
    for shown in EXAMPLE["options"]:
        option = by_code[shown["code"]]
        assert option.strength == shown["strength"]
        for flag in shown["flags"]:
            assert any(f.code == flag["code"] and f.protection_code == flag.get("protection_code")
                       and f.status == flag.get("status") and set(flag["victim_ids"]) <= set(f.victim_ids)
                       for f in option.flags), option.flags


# Last in the module: it wipes the sample the tests above read.
@pytest.fixture(scope="module")
def generated(session_driver, tmp_path_factory):
    out = tmp_path_factory.mktemp("generated-costs")
    generate_bundle(out, persons=1000, seed=11)
    wipe(session_driver)
    load_bundle(session_driver, out)
    network = Projector(session_driver).case(["GEN-0001"])
    yield network
    wipe(session_driver)


def test_no_suggestion_on_a_generated_case_is_titled_costless_while_it_costs_a_victim(generated):
    _check(suggest_plans(generated, pack_for("NO"), "GEN-0001"))



def test_an_expelled_controller_on_a_generated_case_reaches_only_the_victims_he_is_tied_to(generated):
    """A generated 2,000-person case read "leaves 1528 victims in the controller's reach" for a
    suspect who controls 36. Every foreign suspect's expulsion is asked; the flag must list exactly the
    victims his links (or his businesses' workers and residents) name, read here from the links."""
    from queries.options.engine import OptionEngine

    engine = OptionEngine(generated, pack_for("NO"), case_id="GEN-0001")
    links = {(l.source_id, l.type, l.target_id) for l in generated.links if l.case_id in (None, "GEN-0001")}
    case_victims = {p for p, x in generated.persons.items() if any(r.role == "victim" and r.case_id == "GEN-0001"
                                                                  for r in x.roles)}
    flagged = 0
    for pid, person in sorted(generated.persons.items()):
        if person.is_victim or engine.scope.standings.of(pid) or pack_for("NO").is_national(person.nationality) is not False:
            continue
        if not any(r.case_id == "GEN-0001" for r in person.roles):
            continue
        owned = {t for s, k, t in links if s == pid and k in {"OWNS", "DIRECTS", "MANAGES"}}
        tied = {t for s, k, t in links if s == pid and k in {"CONTROLS", "EXPLOITS", "RECRUITED", "TRANSPORTED",
                                                            "HOUSED", "EMPLOYS"}}
        tied |= {s for s, k, t in links if k == "WORKS_AT" and t in owned}
        tied |= {t for s, k, t in links if s in owned and k in {"EMPLOYS", "HOUSED"}}
        tied = {v for v in tied if engine.scope.standings.is_victim(v)}
        option = engine.evaluate_option(pid, "expulsion")
        control = [f for f in option.flags if f.code == "CONTROL_MAY_CONTINUE"]
        if option.notes:
            continue
        assert {v for f in control for v in f.victim_ids} == tied, pid
        for f in control:
            flagged += 1
            assert f"{len(tied)} victim(s) he is tied to" in f.explanation
            assert all(f.reasons[v] for v in f.victim_ids)
            untied = len(case_victims - tied - {pid})
            assert (f"{untied} other victim(s) of the case" in f.explanation) == bool(untied)
    assert flagged  # the generated case has a foreign controller to check
