"""A suggestion's title never calls a costly plan costless (issue 22, legal-review-3.md E1, E5).

A property over generated cases in the four jurisdictions: suspects with foreign and national
nationalities, identified, presumed and possible victims, children, victims who already hold a
status, businesses that house and employ them (closures, raids, evictions), prostitution counts
that expose them, testimony given against a victim's wish. For every suggestion, what the
evaluation's own flags and protection outcomes say falls on victims is worked out here,
independently of the lists the title is written from (`Victims.costs`), and the title must say
each kind of cost, with its count, children named first; "costs victims nothing" and "NO COST TO
VICTIMS FOUND" only where nothing at all falls on any victim.

Pure over hand-made networks, like tests/test_victim_protection_scenarios.py; the sample and
a generated case go through the real Neo4j in tests/test_victim_costs_neo4j.py.
"""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.plans.costs import NO_COST
from queries.plans.suggest import suggest_plans
from rules import pack_for

C = "C1"
SEEDS = range(12)
#: A foreign nationality (not EEA for NO: legal-review-3.md P10), and statuses a victim may already
#: hold that make some protection moot or renewable (E3).
PLACES = {
    "NO": ("UA", ["utf_8_4_permit", "reflection_period", "utf_8_3_limited_permit"]),
    "US": ("MX", ["t_status", "u_status", "continued_presence"]),
    "GB": ("VN", ["work_permit", "vtps_cooperation", "asylum_seeker"]),
    "CA": ("PH", ["vtip_trp", "vulnerable_worker_owp", "temporary_resident"]),
}
NATIONAL = {"NO": "NO", "US": "US", "GB": "GB", "CA": "CA"}
#: What a suspect's or a business's evidence may show.
CONDUCT = [
    "passport_withheld", "threats_or_violence", "debt_bondage", "withheld_wages", "recruitment_by_deception",
    "movement_control", "housing_control", "forced_labour", "sexual_exploitation", "profits_from_prostitution",
    "advertises_sexual_services", "rents_premises_for_prostitution", "unreported_wages", "cash_payroll",
    "laundering_transfers", "structuring_deposits", "unexplained_wealth", "false_documents", "drug_supply",
    "smuggling_facilitation",
]
PREMISES = ["no_work_permit", "irregular_stay", "licence_breach", "health_code_breach", "overcrowded_housing",
            "unsafe_workplace", "cash_payroll", "underpayment"]
#: Rows recorded about a victim: what was done to her, or her own status.
ABOUT_VICTIM = ["no_work_permit", "false_documents", "irregular_stay", "sexual_exploitation", "drug_supply"]

#: Each kind of cost: the flag codes that show it, and the words the title must use.
FLAG_KINDS = {
    "CRIMINALISES_VICTIMS": "CRIMINALISES {n} VICTIM(S)",
    "POSSIBLE_VICTIM": "CRIMINALISES {n} VICTIM(S)",  # acting against a possible victim is against a victim
    "FALLS_ON_VICTIMS": "FALLS ON {n} VICTIM(S) WHERE THEY LIVE OR WORK",
    "EXPOSES_VICTIMS": "EXPOSES {n} VICTIM(S)",
    "TESTIMONY_AGAINST_WISHES": "NEEDS {n} VICTIM(S) TO TESTIFY AGAINST THEIR WISH",
    "CONTROL_MAY_CONTINUE": "LEAVES {n} VICTIM(S) WITHIN REACH OF AN EXPELLED CONTROLLER",
}
IDENTIFIED = "COSTS {n} IDENTIFIED VICTIM(S) A PROTECTION"
UNIDENTIFIED = "LEAVES {n} VICTIM(S) UNIDENTIFIED"
COSTLESS_NAME = "Strongest plan that costs victims nothing"


def _case(jurisdiction: str, seed: int) -> CaseNetwork:
    rng = random.Random(f"{jurisdiction}-{seed}")
    foreign, statuses = PLACES[jurisdiction]
    persons: dict[str, Person] = {}
    links: list[Link] = []
    evidence: list[Evidence] = []
    businesses: dict[str, Business] = {}

    def ev(about: str, indicator: str, *, independent: bool = True, given_by: str | None = None,
           role: str | None = None) -> None:
        evidence.append(Evidence(f"E{len(evidence)}", C, about, indicator, "record", independent, given_by, role))

    victims = []
    for i in range(rng.randint(2, 7)):
        vid = f"V{i}"
        identified = rng.random() < 0.6
        status = rng.choice(["irregular", "irregular", "unknown", None, *statuses])
        role = Role(C, "victim", date(2026, 3, 1) if identified else None,
                    rng.choice(["willing", "unwilling", "undecided", None]))
        persons[vid] = Person(vid, f"Victim {vid}", rng.choice([foreign, foreign, NATIONAL[jurisdiction]]),
                              status, [role], minor=rng.random() < 0.25)
        victims.append(vid)
        for indicator in rng.sample(ABOUT_VICTIM, rng.randint(0, 2)):
            ev(vid, indicator, role="subject" if indicator == "sexual_exploitation" else None)
    suspects = []
    for i in range(rng.randint(1, 3)):
        sid = f"S{i}"
        persons[sid] = Person(sid, f"Suspect {sid}", rng.choice([foreign, "XX", NATIONAL[jurisdiction]]),
                              rng.choice([None, "irregular", "resident"]), [Role(C, "suspect")])
        suspects.append(sid)
        for vid in rng.sample(victims, rng.randint(0, len(victims))):
            links.append(Link(sid, rng.choice(["CONTROLS", "EXPLOITS", "TRANSPORTED", "RECRUITED", "HOUSED"]), vid, C))
        for indicator in rng.sample(CONDUCT, rng.randint(2, 8)):
            # Some of it rests only on a victim's testimony, given with or against her wish.
            if rng.random() < 0.3:
                ev(sid, indicator, independent=False, given_by=rng.choice(victims))
            else:
                ev(sid, indicator)
    # A possible victim: recorded as a suspect, yet controlled by another and shows what was done to him.
    if rng.random() < 0.5:
        persons["G"] = Person("G", "Gardener", foreign, "irregular", [Role(C, "suspect")],
                              minor=rng.random() < 0.3)
        links.append(Link(rng.choice(suspects), "CONTROLS", "G", C))
        for indicator in ("passport_withheld", "debt_bondage"):
            ev("G", indicator)
        ev("G", rng.choice(["drug_supply", "false_documents", "no_work_permit"]))
    # Businesses a suspect owns, where victims work or live: closures, raids and evictions fall on them.
    for i in range(rng.randint(0, 2)):
        bid = f"B{i}"
        businesses[bid] = Business(bid, f"Firm {bid}")
        links.append(Link(rng.choice(suspects), rng.choice(["OWNS", "DIRECTS", "MANAGES"]), bid, C))
        for vid in rng.sample(victims, rng.randint(0, len(victims))):
            links.append(Link(vid, "WORKS_AT", bid, C) if rng.random() < 0.5 else Link(bid, "HOUSED", vid, C))
        for indicator in rng.sample(PREMISES, rng.randint(1, 4)):
            ev(bid, indicator)
    return CaseNetwork([C], jurisdiction, persons, businesses, links, evidence)


def _expected(evaluation, network: CaseNetwork) -> dict[str, set[str]]:
    """Title words -> the victims who bear that cost, read from the evaluation's flags and
    protection outcomes (not from the lists the title is written from)."""
    costs: dict[str, set[str]] = {}
    for flag in evaluation.victims.flags:
        if flag.code in FLAG_KINDS and flag.victim_ids:
            costs.setdefault(FLAG_KINDS[flag.code], set()).update(flag.victim_ids)
    identified: set[str] = set()
    unidentified: set[str] = set()
    for outcome in evaluation.victims.protections:
        identified |= {*outcome.would_lose, *outcome.would_not_obtain}
        unidentified |= set(outcome.would_not_be_identified)
    # A lone option's PROTECTION_LOSS flag says what it would cost "if pursued instead of a
    # trafficking count"; under the plan it is the plan's own flags that count, and they must
    # agree with the outcomes.
    for flag in evaluation.victims.flags:
        if flag.code == "PROTECTION_LOSS" and "under this plan" in flag.explanation:
            assert set(flag.victim_ids) <= identified | unidentified, flag
    if identified:
        costs[IDENTIFIED] = identified
    if unidentified - identified:
        costs[UNIDENTIFIED] = unidentified - identified
    assert all(v in network.persons for ids in costs.values() for v in ids)
    return costs


def _part(title: str, words: str) -> str:
    start = title.index(words)
    end = title.find("; ", start)
    return title[start:] if end < 0 else title[start:end]


def _check(network: CaseNetwork, jurisdiction: str) -> int:
    result = suggest_plans(network, pack_for(jurisdiction), C, max_actions=3)
    minors = {pid for pid, p in network.persons.items() if p.minor}
    for s in result.suggestions:
        title = s.evaluation.plan.title
        costs = _expected(s.evaluation, network)
        if not costs:
            assert title.endswith(f"({NO_COST})"), title
            continue
        assert COSTLESS_NAME not in s.names and NO_COST not in title, title
        for template in {*FLAG_KINDS.values(), IDENTIFIED, UNIDENTIFIED}:
            ids = costs.get(template)
            if not ids:
                assert not re.search(re.escape(template).replace(r"\{n\}", r"\d+"), title), (template, title)
                continue
            words = template.format(n=len(ids))
            assert f"{words}" in title, (words, title)
            part = _part(title, words)
            children = ids & minors
            if children:
                named = part.split(": ", 1)[1]
                assert named.split(",")[0].split(" ")[0] in children, (part, children)  # children first
                assert "child" in part, part
    if result.suggestions:
        least = [s for s in result.suggestions if "Least cost to victims" in s.names]
        assert len(least) == 1
    return len(result.suggestions)


@pytest.mark.parametrize("jurisdiction", sorted(PLACES))
def test_no_title_calls_a_costly_plan_costless(jurisdiction):
    suggestions = sum(_check(_case(jurisdiction, seed), jurisdiction) for seed in SEEDS)
    assert suggestions >= len(SEEDS)  # the generated cases give the property something to check


def test_the_generated_cases_reach_every_kind_of_cost():
    """The generator is varied enough: across the cases, every kind of cost, children among those
    who bear them, and plans with no cost at all occur in some suggestion."""
    seen: set[str] = set()
    child_cost = costless = False
    for jurisdiction in sorted(PLACES):
        for seed in SEEDS:
            network = _case(jurisdiction, seed)
            minors = {pid for pid, p in network.persons.items() if p.minor}
            for s in suggest_plans(network, pack_for(jurisdiction), C, max_actions=3).suggestions:
                costs = _expected(s.evaluation, network)
                seen |= set(costs)
                child_cost |= any(ids & minors for ids in costs.values())
                costless |= not costs
    assert seen == {*FLAG_KINDS.values(), IDENTIFIED, UNIDENTIFIED}, seen
    assert child_cost and costless
