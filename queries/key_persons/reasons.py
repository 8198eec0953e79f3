"""Reasons in words: turns the facts behind a person's score into sentences that point
back at graph facts (person, business, evidence ids and links), ordered by what their
component adds to the score."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable

from queries.key_persons.results import RankedPerson, Reason
from queries.key_persons.scores import WEIGHTS, WORK_LINKS, Analysis, other_end
from queries.network.model import Evidence, Link
from queries.network.person_graph import link_ref
from queries.options.standing import VictimStandings

__all__ = ["NON_PUNISHMENT_WARNING", "POSSIBLE_VICTIM_WARNING", "STRUCTURE_REASON_RANKS", "Explainer"]

#: Structural reasons are given to the persons up to this rank by betweenness or degree.
STRUCTURE_REASON_RANKS = 10

NON_PUNISHMENT_WARNING = (
    "{name} is recorded as a victim of trafficking ({status}) and also takes part in the "
    "exploitation of others. Victims often must commit offences as part of their own "
    "exploitation: under the non-punishment principle (Council of Europe Convention on "
    "Action against Trafficking in Human Beings, Art. 26; Directive 2011/36/EU, Art. 8) "
    "assess whether they were compelled before any decision to prosecute, and do not "
    "treat them as a plain target."
)

POSSIBLE_VICTIM_WARNING = (
    "{name} is recorded as a {role} but may be a victim: {signals}. Whoever is controlled, "
    "housed or transported by others, or whose passport or debt is held, may be compelled: "
    "assess (identify or refer) before any decision to prosecute or act against them, as for "
    "any victim (non-punishment: Council of Europe Convention Art. 26; V.C.L. and A.N. v United "
    "Kingdom, ECtHR 2021)."
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
#: Reasons name at most this many persons; beyond, they give the count.
_NAMES_LISTED = 3


class Explainer:
    """Turns a person's facts into reasons in words."""

    def __init__(self, a: Analysis) -> None:
        self.a = a
        self.net = a.network
        self.standings = VictimStandings(a.network, controllers=a.facts.controlled_by)
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
        standing = self.standings.of(pid)
        if rank is None:
            status = "identified" if person.is_identified_victim else "not formally identified"
            warning = NON_PUNISHMENT_WARNING.format(name=self.net.label(pid), status=status)
        elif standing is not None:
            roles = sorted({r.role for r in person.roles}) or ["person"]
            warning = POSSIBLE_VICTIM_WARNING.format(
                name=self.net.label(pid), role=" and ".join(roles), signals="; ".join(standing.signals)
            )
        return RankedPerson(
            person_id=pid,
            name=person.name,
            rank=rank,
            score=round(a.scores[pid], 6),
            components={c: round(v, 6) for c, v in a.components[pid].items()},
            raw={c: round(v, 9) for c, v in a.raw[pid].items()},
            reasons=tuple(reasons),
            warning=warning,
            standing=standing.standing if standing else None,
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
        work = {other_end(l, bid) for l in at if l.type in WORK_LINKS}
        parts = [f"{verbs} {self.net.label(bid)}"]
        if work:
            parts.append(f"where {self._victims(work)} work{'s' if len(work) == 1 else ''}")
        for kind in sorted({l.type for l in at} - WORK_LINKS, key=list(_VERBS).index):
            victims = {l.target_id for l in at if l.type == kind}
            parts.append(f"which {_VERBS[kind]} {self._victims(victims)}")
        victims = {other_end(l, bid) for l in at}
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
            if a.central.method.method == "sampled" and a.central.method.engine == "gds":
                # GDS draws its pivots by degree and does not weigh them back: the rank holds, a share would not.
                text = f"on many shortest paths between other persons (betweenness rank {b_rank}, estimated)"
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
        own = set(a.cuts.blocks_with(v))
        for u in self.neighbours(v):
            common = own & set(a.cuts.blocks_with(self.position[u]))
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


def _and(items: Iterable[str]) -> str:
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
