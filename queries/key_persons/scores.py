"""Scoring persons as targets: the graph facts behind each person's role components
(victims exploited, businesses, money, evidence), the structural measures, and the
normalised, weighted score that orders them. `analyse` computes all of it once for
both the ranking and the key-player set."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import igraph as ig

from queries.key_persons.centrality import Centrality, centrality
from queries.key_persons.fragmentation import Cuts
from queries.network.model import (
    BUSINESS_CONTROL_LINKS,
    BUSINESS_WORK_LINKS,
    EMPLOYMENT_LINKS,
    EXPLOITATION_LINKS,
    CaseNetwork,
    Evidence,
    Link,
    work_ends,
)
from queries.network.person_graph import PersonTies, person_ties
from queries.options.standing import CONTROL_LINKS

__all__ = ["CONTROL_DEPTH", "INDIRECT_VICTIM_WEIGHT", "WEIGHTS", "WORK_LINKS", "Analysis", "Facts", "Profile", "analyse", "other_end"]

#: Weights of the score components, each component normalised to [0, 1] over the
#: persons scored. Roles and evidence weigh 0.7, structure 0.3: the research asks for
#: the persons who run recruitment, control and money (Bjelland), and a broker of a
#: communication network is a lead, not yet a key person. Victims exploited weigh
#: most (the harm itself); betweenness leads structure because brokers are what
#: fragmentation removes; degree counts least, as it mostly follows activity.
#: Components no one in the network has (a bare network has no roles) drop out and
#: the rest are re-weighted to sum to 1, so structure alone still ranks.
WEIGHTS: dict[str, float] = {
    "victims": 0.30,
    "businesses": 0.15,
    "money": 0.10,
    "evidence": 0.15,
    "betweenness": 0.15,
    "pagerank": 0.10,
    "degree": 0.05,
}
#: A victim exploited by someone the person controls counts half of one they
#: exploit themselves: control is proven, the exploitation is one step removed.
INDIRECT_VICTIM_WEIGHT = 0.5
#: How many levels of CONTROLS links "through people they control" follows
#: (boss -> lieutenant -> recruiter -> victims).
CONTROL_DEPTH = 3
#: Links that put a victim at a business: they work there.
WORK_LINKS = BUSINESS_WORK_LINKS | EMPLOYMENT_LINKS
_PAID = frozenset({"PAID"})


@dataclass
class Profile:
    """The graph facts behind one person's role components."""

    direct: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    direct_victims: set[str] = field(default_factory=set)
    controlled: list[str] = field(default_factory=list)  # who exploits victims for them
    control_links: list[Link] = field(default_factory=list)
    indirect_links: list[Link] = field(default_factory=list)
    indirect_victims: set[str] = field(default_factory=set)
    businesses: dict[str, tuple[list[Link], list[Link]]] = field(default_factory=dict)
    business_victims: set[str] = field(default_factory=set)
    payments: list[Link] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    business_evidence: dict[str, list[Evidence]] = field(default_factory=dict)

    def raw(self) -> dict[str, float]:
        return {
            "victims": len(self.direct_victims) + INDIRECT_VICTIM_WEIGHT * len(self.indirect_victims),
            "businesses": float(len(self.business_victims)),
            "money": float(sum(l.amount or 0.0 for l in self.payments)),
            "evidence": float(len(self.evidence) + sum(map(len, self.business_evidence.values()))),
        }


class Facts:
    """The links and evidence each profile reads, indexed in one pass over the network
    (`CaseNetwork.links_from` scans every link, once per call)."""

    def __init__(self, network: CaseNetwork) -> None:
        self.network = network
        persons, businesses = network.persons, network.businesses
        self.victims = frozenset(pid for pid, p in persons.items() if p.is_victim)
        self.evidence: dict[str, list[Evidence]] = defaultdict(list)
        for e in network.evidence:
            self.evidence[e.about_id].append(e)
        #: person -> exploitation links to a victim
        self.exploits: dict[str, list[Link]] = defaultdict(list)
        #: persons with any exploitation link (victims among them exploit others)
        self.exploiters: set[str] = set()
        self.controls: dict[str, list[Link]] = defaultdict(list)  # CONTROLS, by source
        self.business_control: dict[str, list[Link]] = defaultdict(list)  # person -> OWNS/DIRECTS/MANAGES
        self.payments: dict[str, list[Link]] = defaultdict(list)  # PAID, by target
        #: business -> links putting a victim at it: they work there (WORKS_AT,
        #: EMPLOYS) or the business itself houses, transports or exploits them
        self.at_business: dict[str, list[Link]] = defaultdict(list)
        #: person -> who controls, houses, transports or exploits them, and how (for their standing)
        self.controlled_by: dict[str, dict[str, set[str]]] = {}
        for l in network.links:
            s, t, kind = l.source_id, l.target_id, l.type
            if kind in EXPLOITATION_LINKS:
                self.exploiters.add(s)
                if kind in CONTROL_LINKS and s in persons and t in persons and s != t:
                    self.controlled_by.setdefault(t, {}).setdefault(s, set()).add(kind)
                if t in self.victims:
                    (self.at_business[s] if s in businesses else self.exploits[s]).append(l)
            if kind == "CONTROLS":
                self.controls[s].append(l)
            elif kind in BUSINESS_CONTROL_LINKS and t in businesses:
                self.business_control[s].append(l)
            elif kind in _PAID:
                self.payments[t].append(l)
            elif (work := work_ends(l)) is not None:
                worker, workplace = work
                if workplace in businesses and worker in self.victims:
                    self.at_business[workplace].append(l)
        # Control chains only matter through persons who control or exploit someone.
        self.in_chains = frozenset(self.exploits) | frozenset(self.controls)

    def is_victim(self, pid: str) -> bool:
        return pid in self.victims

    def profile(self, pid: str) -> Profile:
        p = Profile()
        for link in self.exploits.get(pid, ()):
            p.direct[link.type].append(link)
            p.direct_victims.add(link.target_id)
        self._through_control(pid, p)
        for control in self.business_control.get(pid, ()):
            bid = control.target_id
            if bid not in p.businesses:
                at = self.at_business.get(bid, [])
                p.businesses[bid] = ([], at)
                p.business_victims.update(other_end(l, bid) for l in at)
            p.businesses[bid][0].append(control)
            if bid not in p.business_evidence and self.evidence.get(bid):
                p.business_evidence[bid] = self.evidence[bid]
        p.payments = self.payments.get(pid, [])
        p.evidence = self.evidence.get(pid, [])
        return p

    def _through_control(self, pid: str, p: Profile) -> None:
        # Breadth-first along CONTROLS, CONTROL_DEPTH levels, collecting the victims
        # the controlled persons exploit that the person does not exploit directly,
        # and the chain of CONTROLS links that reaches each of those persons.
        reached_by: dict[str, Link] = {}
        chain_links: dict[Link, None] = {}  # ordered set
        frontier = [pid]
        for _ in range(CONTROL_DEPTH):
            following = []
            for u in frontier:
                for control in self.controls.get(u, ()):
                    q = control.target_id
                    if q == pid or q in reached_by or q not in self.in_chains:
                        continue
                    reached_by[q] = control
                    following.append(q)
                    exploited = [l for l in self.exploits.get(q, ()) if l.target_id not in p.direct_victims and l.target_id != pid]
                    if exploited:
                        p.controlled.append(q)
                        p.indirect_links.extend(exploited)
                        p.indirect_victims.update(l.target_id for l in exploited)
                        link = control
                        while link is not None and link not in chain_links:
                            chain_links[link] = None
                            link = reached_by.get(link.source_id)
            frontier = following
        p.control_links = list(chain_links)


def other_end(link: Link, party_id: str) -> str:
    return link.target_id if link.source_id == party_id else link.source_id


@dataclass
class Analysis:
    """Everything both public functions compute from a network."""

    network: CaseNetwork
    facts: Facts
    ties: PersonTies
    g: ig.Graph  # the person graph; vertex i is person ties.ids[i]
    central: Centrality
    cuts: Cuts
    ranked: list[str]  # non-victims, best first
    offenders: list[str]  # victims who exploit others, best first
    raw: dict[str, dict[str, float]]
    components: dict[str, dict[str, float]]
    scores: dict[str, float]
    weights: dict[str, float]
    profiles: dict[str, Profile]


def analyse(network: CaseNetwork, exact: bool | None, seed: int, central: Centrality | None = None) -> Analysis:
    facts = Facts(network)
    ties = person_ties(network)
    g = ties.to_igraph()
    if central is None:
        central = centrality(g, exact=exact, seed=seed)
    elif central.ids != ties.ids:
        raise ValueError("the structural measures given are for other persons than the network's")
    cuts = Cuts(g)

    offenders = [pid for pid in ties.ids if facts.is_victim(pid) and pid in facts.exploiters]
    scored = [pid for pid in ties.ids if not facts.is_victim(pid)] + offenders
    profiles = {pid: facts.profile(pid) for pid in scored}
    position = {pid: i for i, pid in enumerate(ties.ids)}
    raw: dict[str, dict[str, float]] = {}
    for pid in scored:
        i = position[pid]
        raw[pid] = profiles[pid].raw() | {
            "betweenness": central.betweenness[i],
            "pagerank": central.pagerank[i],
            "degree": float(central.degree[i]),
        }

    top = {c: max((raw[pid][c] for pid in scored), default=0.0) for c in WEIGHTS}
    active = {c: w for c, w in WEIGHTS.items() if top[c] > 0}
    total = sum(active.values())
    weights = {c: (w / total if c in active else 0.0) for c, w in WEIGHTS.items()}

    def normalise(c: str, value: float) -> float:
        if top[c] <= 0:
            return 0.0
        if c == "money":  # amounts span orders of magnitude: compare them on a log scale
            return math.log1p(value) / math.log1p(top[c])
        return value / top[c]

    components = {pid: {c: normalise(c, raw[pid][c]) for c in WEIGHTS} for pid in scored}
    scores = {pid: sum(weights[c] * components[pid][c] for c in WEIGHTS) for pid in scored}

    def order(pids: list[str]) -> list[str]:
        return sorted(pids, key=lambda pid: (-round(scores[pid], 12), pid))

    offender_set = set(offenders)
    ranked = order([pid for pid in scored if pid not in offender_set])
    return Analysis(
        network, facts, ties, g, central, cuts, ranked, order(offenders),
        raw, components, scores, weights, profiles,
    )
