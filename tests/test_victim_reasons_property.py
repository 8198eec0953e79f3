"""Every victim a flag names is there for a reason the case data gives for that flag.

A property over generated networks (hypothesis): victims of every standing, suspects foreign and
national, possible victims recorded as suspects, businesses where victims work or live, family,
testimony given with and against a victim's wish, and noise that is no tie (PAID,
COMMUNICATED_WITH, ASSOCIATE_OF, victims of the same case tied to no one). For every flag of
every option of every person, each victim listed must be reachable from the option's target by
the facts that flag stands on, worked out here from the links, not from the engine's indexes:

- CONTROL_MAY_CONTINUE: exactly the victims the suspect controls, exploits, recruits,
  transports, houses or employs, or who work at or are housed by a business he controls, each
  with its tie in words; their family; the untied victims of the case said apart, not counted.
- CRIMINALISES_VICTIMS, EXPOSES_VICTIMS: the target herself, or victims a count against the
  target concerns (his links to them, his businesses' workers and residents); on a business,
  those who work or live there.
- PROTECTION_LOSS (of a lone option, pursued instead of a trafficking count): victims a
  trafficking count against the person would concern, whatever the option's target.
- FALLS_ON_VICTIMS: those housed by the target or his business; on a business, those there.
- TESTIMONY_AGAINST_WISHES: those who gave the evidence about the target (or his businesses).
- POSSIBLE_VICTIM: the target.
"""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role
from queries.options.engine import OptionEngine
from rules import pack_for

C = "C1"
FOREIGN = {"NO": "UA", "US": "MX", "GB": "VN", "CA": "PH"}
PERSON_TIES = {"CONTROLS", "EXPLOITS", "RECRUITED", "TRANSPORTED", "HOUSED"}
CONTROL = {"OWNS", "DIRECTS", "MANAGES"}
NOISE = ["PAID", "COMMUNICATED_WITH", "ASSOCIATE_OF"]
CONDUCT = ["passport_withheld", "threats_or_violence", "debt_bondage", "forced_labour", "sexual_exploitation",
           "profits_from_prostitution", "withheld_wages", "unreported_wages", "cash_payroll", "drug_supply",
           "false_documents", "no_work_permit", "smuggling_facilitation", "laundering_transfers"]
PREMISES = ["no_work_permit", "overcrowded_housing", "licence_breach", "cash_payroll", "irregular_stay"]


@st.composite
def networks(draw) -> CaseNetwork:
    jurisdiction = draw(st.sampled_from(sorted(FOREIGN)))
    n_victims, n_suspects, n_businesses = draw(st.integers(1, 8)), draw(st.integers(1, 3)), draw(st.integers(0, 2))
    persons: dict[str, Person] = {}
    links: list[Link] = []
    evidence: list[Evidence] = []
    victims = [f"V{i}" for i in range(n_victims)]
    suspects = [f"S{i}" for i in range(n_suspects)]
    businesses = {f"B{i}": Business(f"B{i}", f"Firm {i}") for i in range(n_businesses)}
    for v in victims:
        role = Role(C, "victim", date(2026, 3, 1) if draw(st.booleans()) else None,
                    draw(st.sampled_from(["willing", "unwilling", "undecided", None])))
        persons[v] = Person(v, f"Victim {v}", draw(st.sampled_from([FOREIGN[jurisdiction], jurisdiction])),
                            draw(st.sampled_from(["irregular", "unknown", None])), [role], minor=draw(st.booleans()))
    for s in suspects:
        persons[s] = Person(s, f"Suspect {s}", draw(st.sampled_from([FOREIGN[jurisdiction], jurisdiction, "XX"])),
                            draw(st.sampled_from([None, "irregular", "resident"])), [Role(C, "suspect")])
        for v in draw(st.lists(st.sampled_from(victims), unique=True)):
            links.append(Link(s, draw(st.sampled_from([*sorted(PERSON_TIES), "EMPLOYS", *NOISE])), v, C))
        for indicator in draw(st.lists(st.sampled_from(CONDUCT), min_size=1, max_size=6, unique=True)):
            given_by = draw(st.sampled_from([None, *victims]))
            evidence.append(Evidence(f"E{len(evidence)}", C, s, indicator, "testimony" if given_by else "record",
                                     given_by is None, given_by))
    if draw(st.booleans()):  # a possible victim: recorded as a suspect, controlled, shows the signs
        persons["G"] = Person("G", "Gardener", FOREIGN[jurisdiction], "irregular", [Role(C, "suspect")])
        links.append(Link(draw(st.sampled_from(suspects)), "CONTROLS", "G", C))
        evidence += [Evidence(f"E{len(evidence) + i}", C, "G", x, "record", True)
                     for i, x in enumerate(["passport_withheld", "debt_bondage", "drug_supply"])]
    for b in businesses:
        links.append(Link(draw(st.sampled_from(suspects)), draw(st.sampled_from(sorted(CONTROL))), b, C))
        for v in draw(st.lists(st.sampled_from(victims), unique=True)):
            kind = draw(st.sampled_from(["WORKS_AT", "EMPLOYS", "HOUSED"]))
            links.append(Link(v, kind, b, C) if kind == "WORKS_AT" else Link(b, kind, v, C))
        for indicator in draw(st.lists(st.sampled_from(PREMISES), min_size=1, max_size=3, unique=True)):
            evidence.append(Evidence(f"E{len(evidence)}", C, b, indicator, "record", True))
    for i, v in enumerate(draw(st.lists(st.sampled_from(victims), unique=True, max_size=3))):
        persons[f"F{i}"] = Person(f"F{i}", f"Relative {i}", FOREIGN[jurisdiction])
        links.append(Link(v, "FAMILY_OF", f"F{i}", C))
    return CaseNetwork([C], jurisdiction, persons, businesses, links, evidence)


class Facts:
    """The case's ties, read straight from its links."""

    def __init__(self, network: CaseNetwork) -> None:
        self.network = network
        self.links = {(l.source_id, l.type, l.target_id) for l in network.links}

    def controlled(self, p: str) -> set[str]:
        return {t for s, k, t in self.links if s == p and k in CONTROL}

    def at(self, b: str) -> set[str]:
        return {s for s, k, t in self.links if k == "WORKS_AT" and t == b} | {
            t for s, k, t in self.links if s == b and k in {"EMPLOYS", "HOUSED"}}

    def housed_by(self, p: str) -> set[str]:
        return {t for s, k, t in self.links if k == "HOUSED" and (s == p or s in self.controlled(p))}

    def concerned(self, p: str) -> set[str]:
        """Victims a count against p is about: his links to them, his businesses' people."""
        direct = {t for s, k, t in self.links if s == p and k in PERSON_TIES}
        return direct | {v for b in self.controlled(p) for v in self.at(b)}

    def within_reach(self, p: str) -> set[str]:
        return self.concerned(p) | {t for s, k, t in self.links if s == p and k == "EMPLOYS"}

    def family(self, ids: set[str]) -> set[str]:
        return {t for s, k, t in self.links if k == "FAMILY_OF" and s in ids} | {
            s for s, k, t in self.links if k == "FAMILY_OF" and t in ids}

    def givers(self, p: str, target: str) -> set[str]:
        about = {p, target} | self.controlled(p)
        return {e.given_by for e in self.network.evidence if e.about_id in about and e.given_by}


def _check_flag(facts: Facts, engine: OptionEngine, person: str, option, flag) -> None:
    network, scope = facts.network, engine.scope
    ids = set(flag.victim_ids)
    assert flag.victim_ids == sorted(ids) or flag.code != "CONTROL_MAY_CONTINUE", flag
    on_business = option.target == "business"
    where = facts.at(option.target_id) if on_business else None
    if flag.code == "POSSIBLE_VICTIM":
        assert ids == {person}
        return
    # Every victim a flag names has a victim's standing (identified, presumed or possible).
    assert all(scope.standings.is_victim(v) for v in ids), flag
    if flag.code == "CONTROL_MAY_CONTINUE":
        reach = {v for v in facts.within_reach(person) if scope.standings.is_victim(v)} - {person}
        assert ids == reach, (flag.victim_ids, reach)
        family = facts.family(ids) - ids - {person}
        assert set(flag.family_ids) == family
        assert set(flag.reasons) == ids | family
        for v in ids:  # the words name a tie that is in the data
            assert flag.reasons[v], v
            for reason in flag.reasons[v]:
                kind = re.search(r"\((\w+)\)$", reason).group(1)
                assert (person, kind, v) in facts.links or any(
                    (v, kind, b) in facts.links or (b, kind, v) in facts.links for b in facts.controlled(person)
                ), (v, reason)
        numbers = [int(n) for n in re.findall(r"(\d+) victim\(s\) he is tied to", flag.explanation)]
        assert numbers == [len(ids)], flag.explanation
        case_victims = {p for p, x in network.persons.items() if x.is_victim} - {person}
        untied = len(case_victims - ids)
        assert (f"{untied} other victim(s)" in flag.explanation) == bool(untied), flag.explanation
        assert flag.severity == ("high" if family else "medium")
    elif flag.code == "PROTECTION_LOSS":
        # Pursued instead of a trafficking count against the person, even a measure on his
        # business costs his own victims: those a count against him would concern.
        allowed = facts.concerned(person)
        assert ids <= allowed, (flag.code, ids - allowed)
    elif flag.code in {"CRIMINALISES_VICTIMS", "EXPOSES_VICTIMS"}:
        allowed = where if on_business else facts.concerned(person) | {person}
        assert ids <= allowed, (flag.code, ids - allowed)
    elif flag.code == "FALLS_ON_VICTIMS":
        allowed = where if on_business else facts.housed_by(person)
        assert ids <= allowed, (flag.code, ids - allowed)
    elif flag.code == "TESTIMONY_AGAINST_WISHES":
        assert ids <= facts.givers(person, option.target_id), flag
    else:
        raise AssertionError(f"a flag this test does not know: {flag.code}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_victim_a_flag_names_has_a_reason_in_the_data(network):
    pack = pack_for(network.jurisdiction)
    engine = OptionEngine(network, pack, case_id=C)
    facts = Facts(network)
    # Every expelling option is asked of every person, whatever its support: the control flag
    # does not wait for the evidence.
    expelling = [r.code for r in [*pack.offences, *pack.measures]
                 if getattr(r, "target", "person") == "person" and any(c.kind == "expulsion" for c in r.consequences)]
    for person in sorted(network.persons):
        if person.startswith("F"):
            continue
        options = engine.options_for_person(person).options
        options += [engine.evaluate_option(person, code) for code in expelling]
        for option in options:
            for flag in option.flags:
                _check_flag(facts, engine, person, option, flag)
