"""Key persons of a case: who to put out of action to disrupt a network, and why.

`rank_key_persons` scores every person who is not a victim on structure (betweenness,
PageRank, degree) and on roles and evidence (victims they exploit, directly or
through people they control; businesses they control where victims work or are
housed; money they receive; evidence about them), and says why in words traceable
to the graph.
`key_player_set` picks the k persons whose removal most fragments the suspects'
network and cuts victims off from the people exploiting them (Borgatti 2006).

Victims are never ranked. A victim who also exploits others (a victim who recruits)
is listed apart, with the non-punishment warning, never as a plain target.

References
----------
S. P. Borgatti, "Identifying sets of key players in a social network",
Computational & Mathematical Organization Theory 12:21-34, 2006.
Council of Europe Convention on Action against Trafficking in Human Beings (2005),
Art. 26; Directive 2011/36/EU, Art. 8 (non-punishment).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

import igraph as ig

from queries.centrality import EXACT_MAX_PERSONS, SEED, Centrality, Method, centrality
from queries.gc_pause import paused_gc
from queries.fragmentation import DISTANCE_SAMPLES, Cuts, Holding, greedy_key_players
from queries.network import (
    BUSINESS_CONTROL_LINKS,
    BUSINESS_WORK_LINKS,
    EMPLOYMENT_LINKS,
    EXPLOITATION_LINKS,
    CaseNetwork,
    Evidence,
    Link,
)
from queries.person_graph import PersonTies, holding_edges, link_ref, person_ties

__all__ = [
    "CONTROL_DEPTH",
    "INDIRECT_VICTIM_WEIGHT",
    "KEY_PLAYER_POOL",
    "KEY_PLAYER_VICTIM_WEIGHT",
    "NON_PUNISHMENT_WARNING",
    "WEIGHTS",
    "KeyPersonsResult",
    "KeyPlayerSet",
    "KeyPlayerStep",
    "RankedPerson",
    "Reason",
    "key_player_set",
    "rank_key_persons",
]

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
#: Structural reasons are given to the persons up to this rank by betweenness or degree.
STRUCTURE_REASON_RANKS = 10
#: The greedy key-player search considers only the top persons by score: each step
#: costs O(n + m) for fragmentation plus a local search per candidate for victims.
KEY_PLAYER_POOL = 50
#: Weight of victims cut off against fragmentation in the key-player objective:
#: equal, as the issue asks for both disruption and victims freed.
KEY_PLAYER_VICTIM_WEIGHT = 0.5

NON_PUNISHMENT_WARNING = (
    "{name} is recorded as a victim of trafficking ({status}) and also takes part in the "
    "exploitation of others. Victims often must commit offences as part of their own "
    "exploitation: under the non-punishment principle (Council of Europe Convention on "
    "Action against Trafficking in Human Beings, Art. 26; Directive 2011/36/EU, Art. 8) "
    "assess whether they were compelled before any decision to prosecute, and do not "
    "treat them as a plain target."
)

_VERBS = {
    "CONTROLS": "controls",
    "RECRUITED": "recruited",
    "TRANSPORTED": "transported",
    "HOUSED": "housed",
    "EXPLOITS": "exploits",
    "OWNS": "owns",
    "DIRECTS": "directs",
    "MANAGES": "manages",
}
_WORK = BUSINESS_WORK_LINKS | EMPLOYMENT_LINKS
#: Reasons name at most this many persons; beyond, they give the count.
_NAMES_LISTED = 3
_PAID = frozenset({"PAID"})


@dataclass(frozen=True)
class Reason:
    """One reason in words, and the ids of the persons, businesses, links and
    evidence behind it (links as ``"SOURCE-[TYPE]->TARGET"``, see `link_ref`)."""

    text: str
    facts: tuple[str, ...]
    component: str

    def to_dict(self) -> dict:
        return {"text": self.text, "facts": list(self.facts), "component": self.component}


@dataclass(frozen=True)
class RankedPerson:
    """A scored person.

    ``components`` are the normalised [0, 1] values the score combines (keys of
    `WEIGHTS`); ``raw`` the values before normalisation (counts, amounts, and the
    structural measures as computed). ``rank`` is None for victims who exploit
    others, who are never ranked; they carry a ``warning`` instead.
    """

    person_id: str
    name: str | None
    rank: int | None
    score: float
    components: dict[str, float]
    raw: dict[str, float]
    reasons: tuple[Reason, ...]
    warning: str | None = None

    def to_dict(self) -> dict:
        return asdict(self) | {"reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class KeyPersonsResult:
    """The ranking, the victims shown apart, and how it was computed."""

    ranking: list[RankedPerson]
    victim_offenders: list[RankedPerson]
    excluded_victims: int  # victims left out of the ranking (they exploit no one)
    method: Method
    weights: dict[str, float]  # the weights actually used (re-weighted, see WEIGHTS)
    persons: int
    ties: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "ranking": [p.to_dict() for p in self.ranking],
            "victim_offenders": [p.to_dict() for p in self.victim_offenders],
            "excluded_victims": self.excluded_victims,
            "method": self.method.to_dict(),
            "weights": dict(self.weights),
            "persons": self.persons,
            "ties": self.ties,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class KeyPlayerStep:
    """The suspects' network after removing the persons up to this step."""

    step: int
    person_id: str | None  # None for step 0, before any removal
    name: str | None
    rank: int | None
    fragmentation: float
    distance_fragmentation: float
    largest_component: int
    largest_share: float
    victims_held: int
    victims_cut_off: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KeyPlayerSet:
    """A greedy key-player set of size k and what each removal achieves.

    The suspects' network is the person graph without victims. ``largest_share`` is
    its largest connected part relative to the largest part before any removal. A
    victim is *held* while a remaining non-victim reaches them along exploitation
    links (CONTROLS, RECRUITED, TRANSPORTED, HOUSED, EXPLOITS) or through a business
    they own, direct or manage and the victim works at, possibly via a victim who
    recruits; communication alone holds no one.
    """

    k: int
    person_ids: list[str]
    steps: list[KeyPlayerStep]
    suspects: int
    pool: int
    objective: str
    distance_method: str

    def to_dict(self) -> dict:
        return asdict(self) | {"steps": [s.to_dict() for s in self.steps]}


@dataclass
class _Profile:
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


class _Facts:
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
        for l in network.links:
            s, t, kind = l.source_id, l.target_id, l.type
            if kind in EXPLOITATION_LINKS:
                self.exploiters.add(s)
                if t in self.victims:
                    (self.at_business[s] if s in businesses else self.exploits[s]).append(l)
            if kind == "CONTROLS":
                self.controls[s].append(l)
            elif kind in BUSINESS_CONTROL_LINKS and t in businesses:
                self.business_control[s].append(l)
            elif kind in _PAID:
                self.payments[t].append(l)
            elif kind in _WORK:
                if s in businesses and t in self.victims:
                    self.at_business[s].append(l)
                elif t in businesses and s in self.victims:
                    self.at_business[t].append(l)
        # Control chains only matter through persons who control or exploit someone.
        self.in_chains = frozenset(self.exploits) | frozenset(self.controls)

    def is_victim(self, pid: str) -> bool:
        return pid in self.victims

    def profile(self, pid: str) -> _Profile:
        p = _Profile()
        for link in self.exploits.get(pid, ()):
            p.direct[link.type].append(link)
            p.direct_victims.add(link.target_id)
        self._through_control(pid, p)
        for control in self.business_control.get(pid, ()):
            bid = control.target_id
            if bid not in p.businesses:
                at = self.at_business.get(bid, [])
                p.businesses[bid] = ([], at)
                p.business_victims.update(_other_end(l, bid) for l in at)
            p.businesses[bid][0].append(control)
            if bid not in p.business_evidence and self.evidence.get(bid):
                p.business_evidence[bid] = self.evidence[bid]
        p.payments = self.payments.get(pid, [])
        p.evidence = self.evidence.get(pid, [])
        return p

    def _through_control(self, pid: str, p: _Profile) -> None:
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


def _other_end(link: Link, party_id: str) -> str:
    return link.target_id if link.source_id == party_id else link.source_id


@dataclass
class _Analysis:
    """Everything both public functions compute from a network."""

    network: CaseNetwork
    facts: _Facts
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
    profiles: dict[str, _Profile]


def _analyse(network: CaseNetwork, exact: bool | None, seed: int) -> _Analysis:
    facts = _Facts(network)
    ties = person_ties(network)
    g = ties.to_igraph()
    central = centrality(g, exact=exact, seed=seed)
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
    return _Analysis(
        network, facts, ties, g, central, cuts, ranked, order(offenders),
        raw, components, scores, weights, profiles,
    )


@paused_gc()  # millions of small objects at 100k persons: see queries.gc_pause
def rank_key_persons(
    network: CaseNetwork, *, top: int | None = None, exact: bool | None = None, seed: int = SEED
) -> KeyPersonsResult:
    """Rank the persons of a network as targets, with reasons.

    Parameters
    ----------
    network
        The projected case network.
    top
        Return only the first ``top`` ranked persons (all victims who exploit
        others are always returned).
    exact
        Exact betweenness (True), sampled (False) or chosen by size (None); see
        `queries.centrality.betweenness`.
    seed
        Seed of the pivot draw when betweenness is sampled.

    Returns
    -------
    KeyPersonsResult
        ``ranking`` holds the persons without a victim role, best first, each with
        score, components and reasons. Victims who take part in exploitation are in
        ``victim_offenders`` with a non-punishment warning; other victims are not
        scored at all (``excluded_victims`` counts them).
    """
    a = _analyse(network, exact, seed)
    explain = _Explainer(a)
    shown = a.ranked if top is None else a.ranked[:top]
    ranking = [explain.person(pid, rank) for rank, pid in enumerate(shown, start=1)]
    offenders = [explain.person(pid, None) for pid in a.offenders]
    notes = [
        f"{group['via']} ties {group['persons']} persons: tied to {group['tied_to']} only"
        for group in a.ties.oversized
    ]
    return KeyPersonsResult(
        ranking=ranking,
        victim_offenders=offenders,
        excluded_victims=sum(a.ties.victim) - len(offenders),
        method=a.central.method,
        weights=a.weights,
        persons=a.g.vcount(),
        ties=a.g.ecount(),
        notes=notes,
    )


class _Explainer:
    """Turns a person's facts into reasons in words."""

    def __init__(self, a: _Analysis) -> None:
        self.a = a
        self.net = a.network
        self.position = {pid: i for i, pid in enumerate(a.ties.ids)}
        # Structural ranks are among the ranked persons: rank r = 1 + how many
        # ranked persons have a strictly higher value.
        self.sorted_values = {
            c: sorted(a.raw[pid][c] for pid in a.ranked) for c in ("betweenness", "degree")
        }

    def structural_rank(self, component: str, value: float) -> int:
        values = self.sorted_values[component]
        return 1 + len(values) - bisect_right(values, value)

    def person(self, pid: str, rank: int | None) -> RankedPerson:
        a = self.a
        reasons = self.roles(pid) + self.structure(pid)
        contribution = {c: a.weights[c] * a.components[pid][c] for c in WEIGHTS}
        order = list(WEIGHTS)
        reasons.sort(key=lambda r: (-contribution[r.component], order.index(r.component)))
        person = self.net.persons[pid]
        warning = None
        if rank is None:
            status = "identified" if person.is_identified_victim else "not formally identified"
            warning = NON_PUNISHMENT_WARNING.format(name=self.net.label(pid), status=status)
        return RankedPerson(
            person_id=pid,
            name=person.name,
            rank=rank,
            score=round(a.scores[pid], 6),
            components={c: round(v, 6) for c, v in a.components[pid].items()},
            raw={c: round(v, 9) for c, v in a.raw[pid].items()},
            reasons=tuple(reasons),
            warning=warning,
        )

    def _victims(self, ids: set[str], more: str = "") -> str:
        n = len(ids)
        identified = sum(1 for v in ids if self.net.persons[v].is_identified_victim)
        return f"{n} {more}victim{'s' if n != 1 else ''} ({identified or 'none'} identified)"

    def roles(self, pid: str) -> list[Reason]:
        p = self.a.profiles[pid]
        reasons = []
        for kind in sorted(p.direct, key=list(_VERBS).index):
            links = p.direct[kind]
            victims = {l.target_id for l in links}
            reasons.append(Reason(f"{_VERBS[kind]} {self._victims(victims)}", _link_facts(links, victims), "victims"))
        if p.indirect_victims:
            controlled = sorted(p.controlled)
            names = ", ".join(self.net.label(q) for q in controlled)
            text = (
                f"through {len(controlled)} person{'s' if len(controlled) != 1 else ''} they control "
                f"({names}), {self._victims(p.indirect_victims, more='more ')}"
            )
            reasons.append(Reason(text, _link_facts(p.control_links + p.indirect_links, p.indirect_victims), "victims"))
        for bid, (controls, at) in sorted(p.businesses.items()):
            if at:
                reasons.append(self.business(bid, controls, at))
        if p.payments:
            reasons.append(self.money(p.payments))
        if p.evidence:
            reasons.append(Reason(f"evidence: {_evidence_text(p.evidence)}", _evidence_ids(p.evidence), "evidence"))
        for bid, rows in sorted(p.business_evidence.items()):
            text = f"evidence about {self.net.label(bid)}: {_evidence_text(rows)}"
            reasons.append(Reason(text, (bid, *_evidence_ids(rows)), "evidence"))
        return reasons

    def business(self, bid: str, controls: list[Link], at: list[Link]) -> Reason:
        """'owns X, where 3 victims work, which housed 5 victims'."""
        verbs = " and ".join(_VERBS[t] for t in sorted({l.type for l in controls}, key=list(_VERBS).index))
        work = {_other_end(l, bid) for l in at if l.type in _WORK}
        parts = [f"{verbs} {self.net.label(bid)}"]
        if work:
            parts.append(f"where {self._victims(work)} work{'s' if len(work) == 1 else ''}")
        for kind in sorted({l.type for l in at} - _WORK, key=list(_VERBS).index):
            victims = {l.target_id for l in at if l.type == kind}
            parts.append(f"which {_VERBS[kind]} {self._victims(victims)}")
        victims = {_other_end(l, bid) for l in at}
        return Reason(", ".join(parts), (bid, *_link_facts(controls + at, victims)), "businesses")

    def money(self, payments: list[Link]) -> Reason:
        n = len(payments)
        known = [l.amount for l in payments if l.amount is not None]
        from_victims = sum(1 for l in payments if self.a.facts.is_victim(l.source_id))
        plural = "s" if n != 1 else ""
        if known:
            text = f"received {sum(known):,.0f} in {n} payment{plural}"
            if len(known) < n:
                text += f" ({n - len(known)} of unknown amount)"
        else:
            text = f"received {n} payment{plural} of unknown amount"
        payers = sorted({l.source_id for l in payments})
        if len(payers) <= _NAMES_LISTED:
            text += f" from {_and(self.net.label(q) for q in payers)}"
        if from_victims:
            text += f" ({from_victims} from victims)"
        return Reason(text, _link_facts(payments, set()), "money")

    def neighbours(self, v: int) -> list[str]:
        return sorted(self.a.ties.ids[u] for u in self.a.g.neighbors(v))

    def structure(self, pid: str) -> list[Reason]:
        a = self.a
        v = self.position[pid]
        g_neighbours = self.neighbours(v)
        reasons = []
        b = a.raw[pid]["betweenness"]
        b_rank = self.structural_rank("betweenness", b)
        if b > 0 and v in a.cuts.articulation:
            reasons.append(self.cut_vertex(pid, v, b_rank))
        elif b > 0 and b_rank <= STRUCTURE_REASON_RANKS:
            about = "about " if a.central.method.method == "sampled" else ""
            text = f"on {about}{b:.1%} of the shortest paths between other persons (betweenness rank {b_rank})"
            reasons.append(Reason(text, tuple(g_neighbours), "betweenness"))
        if len(self.net.case_ids) > 1:
            reasons.extend(self.cases(g_neighbours))
        d = int(a.raw[pid]["degree"])
        d_rank = self.structural_rank("degree", d)
        if d and d_rank <= STRUCTURE_REASON_RANKS:
            victims = sum(1 for u in g_neighbours if a.facts.is_victim(u))
            also = {0: "", 1: ", a victim" if d == 1 else ", 1 of them a victim"}.get(victims, f", {victims} of them victims")
            text = f"tied to {d} person{'s' if d != 1 else ''}{also} (degree rank {d_rank})"
            reasons.append(Reason(text, tuple(g_neighbours), "degree"))
        return reasons

    def cases(self, neighbours: list[str]) -> list[Reason]:
        """'ties into 2 cases: A (Bo) and B (Cy, Di)' when the neighbours belong to
        more than one of the network's cases."""
        by_case: dict[str, list[str]] = defaultdict(list)
        is_victim = self.a.facts.is_victim
        for u in sorted(neighbours, key=lambda u: (is_victim(u), u)):  # name non-victims first
            for case_id in sorted({r.case_id for r in self.net.persons[u].roles}):
                by_case[case_id].append(u)
        if len(by_case) < 2:
            return []
        parts = []
        for case_id, members in sorted(by_case.items()):
            named = ", ".join(self.net.label(u) for u in members[:_NAMES_LISTED])
            more = f" and {len(members) - _NAMES_LISTED} more" if len(members) > _NAMES_LISTED else ""
            parts.append(f"{case_id} ({named}{more})")
        text = f"ties into {len(by_case)} cases: {_and(parts)}"
        return [Reason(text, tuple(sorted({u for m in by_case.values() for u in m})), "betweenness")]

    def cut_vertex(self, pid: str, v: int, b_rank: int) -> Reason:
        """Phrase an articulation point: the parts of its network only it joins."""
        a = self.a
        side: dict[int, list[str]] = defaultdict(list)  # block -> neighbours on that side
        for u in self.neighbours(v):
            common = set(a.cuts.blocks_with(v)) & set(a.cuts.blocks_with(self.position[u]))
            side[common.pop()].append(u)
        pieces = sorted(a.cuts.pieces[v], key=lambda piece: (-piece[0], min(side[piece[1]])))
        cut_off = sum(size for size, _ in pieces[1:])
        if b_rank > STRUCTURE_REASON_RANKS:
            facts = sorted(u for _, block in pieces[1:] for u in side[block])
            text = f"removing them cuts {cut_off} person{'s' if cut_off != 1 else ''} off from the rest of their network"
            return Reason(text, tuple(facts), "betweenness")
        parts = [self._part(size, side[block]) for size, block in pieces]
        joined = parts[0] if len(parts) == 2 else ", ".join(parts[:-1])
        text = f"only link between {joined} and {parts[-1]} (betweenness rank {b_rank})"
        facts = sorted(u for _, block in pieces for u in side[block])
        return Reason(text, tuple(facts), "betweenness")

    def _part(self, size: int, neighbours: list[str]) -> str:
        """'case C2 (40 persons, via Bo)' when the neighbours on that side belong to
        one case, else '40 persons around Bo'; Bo is the best-connected neighbour,
        a non-victim if there is one."""
        cases = {r.case_id for u in neighbours for r in self.net.persons[u].roles}
        is_victim = self.a.facts.is_victim
        degree = self.a.central.degree
        rep = min(neighbours, key=lambda u: (is_victim(u), -degree[self.position[u]], u))
        label = self.net.label(rep)
        persons = f"{size} person{'s' if size != 1 else ''}"
        if len(cases) == 1 and len(self.net.case_ids) > 1:
            return f"case {cases.pop()} ({persons}, via {label})"
        return f"{persons} around {label}"


def _and(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _link_facts(links: list[Link], persons: set[str]) -> tuple[str, ...]:
    facts = sorted(persons) + sorted(link_ref(l) for l in links)
    facts += sorted({l.evidence_id for l in links if l.evidence_id})
    return tuple(dict.fromkeys(facts))


def _evidence_text(rows: list[Evidence]) -> str:
    counts = Counter((e.indicator, e.kind) for e in rows)
    parts = [
        f"{indicator} ({kind}{f' x{n}' if n > 1 else ''})"
        for (indicator, kind), n in sorted(counts.items())
    ]
    independent = sum(1 for e in rows if e.independent_of_victim)
    return f"{', '.join(parts)}; {independent} of {len(rows)} independent of victim testimony"


def _evidence_ids(rows: list[Evidence]) -> tuple[str, ...]:
    return tuple(sorted({e.evidence_id for e in rows}))


@paused_gc()
def key_player_set(
    network: CaseNetwork,
    k: int,
    *,
    pool: int = KEY_PLAYER_POOL,
    exact: bool | None = None,
    seed: int = SEED,
) -> KeyPlayerSet:
    """The k persons whose removal most disrupts the network, chosen greedily.

    Candidates are the top ``pool`` persons of `rank_key_persons` (victims never).
    Each step removes the candidate maximising

        (1 - w) * F(suspects' network) + w * victims cut off / victims held at first

    with ``w`` = `KEY_PLAYER_VICTIM_WEIGHT` (fragmentation alone when no victim is
    held), then recomputes. See `KeyPlayerSet` for what the figures mean and
    `queries.fragmentation` for F and dF.
    """
    if k < 0:
        raise ValueError(f"key-player set size must be >= 0, got {k}")
    a = _analyse(network, exact, seed)
    ids = a.ties.ids
    suspects = a.g.induced_subgraph([i for i, victim in enumerate(a.ties.victim) if not victim])
    victims = {pid for pid, victim in zip(ids, a.ties.victim) if victim}
    holding = Holding(holding_edges(network), sources=suspects.vs["name"], targets=victims)
    n = suspects.vcount()
    samples = 0 if n <= EXACT_MAX_PERSONS else DISTANCE_SAMPLES
    steps = greedy_key_players(
        suspects,
        k,
        candidates=a.ranked[:pool],
        holding=holding,
        alpha=1.0 - KEY_PLAYER_VICTIM_WEIGHT,
        distance_samples=samples,
        seed=seed,
    )
    rank = {pid: i for i, pid in enumerate(a.ranked, start=1)}
    held_at_first = steps[0].targets_held or 0
    out = [
        KeyPlayerStep(
            step=s.step,
            person_id=s.removed,
            name=network.persons[s.removed].name if s.removed else None,
            rank=rank.get(s.removed) if s.removed else None,
            fragmentation=round(s.fragmentation, 6),
            distance_fragmentation=round(s.distance_fragmentation, 6),
            largest_component=s.largest_component,
            largest_share=round(s.largest_share, 6),
            victims_held=s.targets_held or 0,
            victims_cut_off=held_at_first - (s.targets_held or 0),
        )
        for s in steps
    ]
    distance = f"sampled over {samples} persons" if samples else "exact"
    return KeyPlayerSet(
        k=k,
        person_ids=[s.removed for s in steps if s.removed],
        steps=out,
        suspects=n,
        pool=min(pool, len(a.ranked)),
        objective=(
            f"{1 - KEY_PLAYER_VICTIM_WEIGHT:g} x fragmentation F of the suspects' network + "
            f"{KEY_PLAYER_VICTIM_WEIGHT:g} x share of held victims cut off"
        ),
        distance_method=distance,
    )
