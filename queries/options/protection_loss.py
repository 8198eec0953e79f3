"""PROTECTION_LOSS, judged per victim as a careful prosecutor would.

A protection that hangs on trafficking proceedings goes to the aggrieved party of the count:
utlendingsforskriften § 8-4(1) and straffeprosessloven § 107a to the fornærmede of the § 257
count, 18 U.S.C. § 1593 to the victims of the offence of conviction. So it is kept for a
victim only by a count that concerns *her* (a trafficking offence, or one the protection
lists in `kept_by`). Otherwise an identified victim would lose it (if she holds it and it can
lapse) or would not obtain it, and a victim not yet identified, presumed or possible, would
likely not be identified at all ("victim identification presupposes the use of the THB Act",
Bjelland). Each flag says what would keep the protection.

A victim's status and remedy do not depend on the counts: they are worked out once per set of
victims (`_Baseline`), and a plan only takes out the victims its counts concern. Suggestions
evaluate thousands of plans over thousands of victims, and most of the answer comes out
unchanged. One victim's own case (does she hold it, is it moot, what would keep it) is
`queries.options.protection_victim`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from queries.options.children import for_children
from queries.options.protection_victim import moot_reason, remedy, status_of
from queries.options.results import Flag
from queries.options.scope import CaseScope
from queries.options.standing import STANDING_WORDS
from rules.entries import Protection
from rules.model import RulePack

__all__ = ["STATUSES", "Count", "Losses", "losses_under", "moot_reason", "protection_flags"]

#: How the pack's trigger codes read in a sentence.
TRIGGER_WORDS = {
    "trafficking_investigation": "a trafficking investigation",
    "trafficking_indictment": "a trafficking indictment",
    "trafficking_conviction": "a trafficking conviction",
}
#: How a lone option and a whole plan put the question.
FRAMING = {
    "option": "if this is pursued instead of a trafficking count about them",
    "plan": "under this plan, with no trafficking count about them",
}
STATUSES = ("would_lose", "would_not_obtain", "would_not_be_identified")


class Count(NamedTuple):
    """An offence charged, and the victims it concerns. A count whose elements are not all
    supported yet (`full` false) is an open investigation: it keeps what an investigation
    triggers, not what needs an indictment or a conviction (legal-review-3.md E8)."""

    code: str
    victims: frozenset[str]
    full: bool = True


class Losses(NamedTuple):
    """What a set of counts leaves the victims: the flags, and per protection who keeps it and
    who loses it how (`by_status[protection][status]`)."""

    flags: list[Flag]
    kept: dict[str, list[str]]
    by_status: dict[str, dict[str, list[str]]]
    losing: list[str]  # victims losing at least one protection, however
    identified_losing: list[str]
    moot: dict[str, dict[str, str]]  # protection -> victim -> why it does not apply to her


# -- a count -------------------------------------------------------------------------------------


def _keeps(pack: RulePack, protection: Protection, count: Count) -> bool:
    """Kept by its trigger: an investigation by any count under way, an indictment or a
    conviction only by a count whose every element the evidence supports."""
    offence = pack.offence(count.code)
    if offence is None or not (offence.category == "trafficking" or count.code in protection.kept_by):
        return False
    return count.full or protection.trigger == "trafficking_investigation"


# -- the baseline: every victim at risk, with no count at all --------------------------------------


class _Group(NamedTuple):
    protection: str  # its code (a pack's rules are not hashable)
    status: str
    standing: str
    keep: str


def _explain(p: Protection, group: _Group, n: int, framing: str, basis: str) -> str:
    trigger, frame = TRIGGER_WORDS[p.trigger], FRAMING[framing]
    if group.status == "would_lose":
        return f"{n} identified victim(s) hold '{p.title}', which depends on {trigger}: {frame}, they would lose it."
    if group.status == "would_not_obtain":
        return (f"{n} identified victim(s) could obtain '{p.title}', which depends on {trigger}: "
                f"{frame}, they would not obtain it.")
    return (f"{n} victim(s) {STANDING_WORDS[group.standing]}: {frame}, they would likely not be identified, and so "
            f"would not obtain '{p.title}', which depends on {trigger}. Identification follows a trafficking case "
            f"in practice: refer them now, whatever the charge ({basis}).")


def _flag(scope: CaseScope, p: Protection, group: _Group, ids: tuple[str, ...], framing: str) -> Flag:
    basis = scope.pack.flag_basis["NOT_YET_IDENTIFIED"]
    identified = group.status != "would_not_be_identified"
    return for_children(scope.network, Flag(
        code="PROTECTION_LOSS", severity="high" if group.status == "would_lose" else "medium",
        explanation=_explain(p, group, len(ids), framing, basis.citation),
        victim_ids=list(ids), victim_names=scope.names(list(ids)),
        citation=p.citation if identified else f"{p.citation}; {basis.citation}",
        status=group.status, protection_code=p.code, protection_title=p.title,
        standing=group.standing, keep=group.keep,
    ))


class _Baseline:
    """The losses with no count at all, for one set of victims and one framing."""

    def __init__(self, scope: CaseScope, victims: tuple[str, ...], framing: str) -> None:
        pack, persons = scope.pack, scope.network.persons
        self.protections = [p for p in pack.protections if p.depends_on_trafficking_charge]
        remedies: dict[str, str] = scope.protection_cache.setdefault(("remedies",), {})
        self.groups: list[tuple[Protection, _Group, tuple[str, ...]]] = []
        self.where: dict[str, dict[str, int]] = {}  # protection -> victim -> index of its group
        self.by_status: dict[str, dict[str, list[str]]] = {}
        self.at_risk: dict[str, list[str]] = defaultdict(list)  # victim -> protections
        self.moot: dict[str, dict[str, str]] = {}  # protection -> victim -> why not
        for p in self.protections:
            grouped: dict[_Group, list[str]] = defaultdict(list)
            for vid in victims:
                person = persons[vid]
                if p.foreign_nationals_only and pack.is_national(person.nationality):
                    continue
                if p.minors_only and not person.minor:
                    continue
                if (why := moot_reason(scope, person, p)) is not None:
                    self.moot.setdefault(p.code, {})[vid] = why
                    continue
                status = status_of(scope, person, p)
                if status is None:
                    continue
                if vid not in remedies:
                    remedies[vid] = remedy(scope, vid)
                grouped[_Group(p.code, status, scope.standings.of(vid).standing, remedies[vid])].append(vid)  # type: ignore[union-attr]
                self.at_risk[vid].append(p.code)
            self.where[p.code] = {}
            self.by_status[p.code] = {s: [] for s in STATUSES}
            for group, ids in sorted(grouped.items()):
                for vid in ids:
                    self.where[p.code][vid] = len(self.groups)
                self.by_status[p.code][group.status] += ids
                self.groups.append((p, group, tuple(ids)))
        for statuses in self.by_status.values():
            for ids in statuses.values():
                ids.sort()
        self.flags = [_flag(scope, p, g, ids, framing) for p, g, ids in self.groups]
        self.losing = sorted(self.at_risk)
        self.identified_losing = [v for v in self.losing if scope.standings.of(v).standing == "identified"]  # type: ignore[union-attr]


def _baseline(scope: CaseScope, victims: tuple[str, ...], framing: str) -> _Baseline:
    key = ("baseline", victims, framing)
    if key not in scope.protection_cache:
        scope.protection_cache[key] = _Baseline(scope, victims, framing)
    return scope.protection_cache[key]


# -- a set of counts --------------------------------------------------------------------------------


def _victims(scope: CaseScope, victim_ids: Iterable[str]) -> tuple[str, ...]:
    """The victims asked about, sorted, persons of any standing only. A plan evaluator asks
    with the same tuple thousands of times: it is worked out once."""
    key = ("victims", victim_ids if isinstance(victim_ids, tuple) else None)
    if key[1] is not None and key in scope.protection_cache:
        return scope.protection_cache[key]
    persons = scope.network.persons
    out = tuple(sorted({v for v in victim_ids if v in persons and scope.standings.is_victim(v)}))
    if key[1] is not None:
        scope.protection_cache[key] = out
    return out


def _without(ids: list[str], taken: set[str]) -> list[str]:
    """A sorted list less a few of its items, copied in slices (thousands of victims, few taken)."""
    cuts = sorted(i for v in taken if (i := bisect_left(ids, v)) < len(ids) and ids[i] == v)
    if not cuts:
        return ids
    out, start = [], 0
    for i in cuts:
        out += ids[start:i]
        start = i + 1
    return out + ids[start:]


def losses_under(scope: CaseScope, victim_ids: Iterable[str], counts: list[Count], framing: str = "plan") -> Losses:
    """What these counts leave each victim: per protection, kept only through a count concerning her."""
    pack = scope.pack
    for count in counts:
        pack.rule(count.code)  # UnknownRule before any work
    base = _baseline(scope, _victims(scope, victim_ids), framing)
    kept = {p.code: {v for c in counts if _keeps(pack, p, c) for v in c.victims} for p in base.protections}
    flags: list[Flag | None] = list(base.flags)
    for code, these in kept.items():
        hits: dict[int, set[str]] = defaultdict(set)
        for vid in these:
            if (i := base.where[code].get(vid)) is not None:
                hits[i].add(vid)
        for i, taken in hits.items():
            protection, group, ids = base.groups[i]
            left = tuple(v for v in ids if v not in taken)
            flags[i] = _flag(scope, protection, group, left, framing) if left else None
    by_status = {
        code: {s: _without(ids, kept[code]) if kept[code] else ids for s, ids in statuses.items()}
        for code, statuses in base.by_status.items()
    }
    # A victim kept for every protection she was at risk for loses nothing.
    spared = {v for these in kept.values() for v in these
              if v in base.at_risk and all(v in kept[code] for code in base.at_risk[v])}
    return Losses(
        flags=[f for f in flags if f is not None],
        kept={code: sorted(v for v in these if v in base.where[code]) for code, these in kept.items()},
        by_status=by_status,
        losing=_without(base.losing, spared),
        identified_losing=_without(base.identified_losing, spared),
        moot=base.moot,
    )


def protection_flags(
    scope: CaseScope, victim_ids: Iterable[str], counts: list[Count], framing: str = "option"
) -> list[Flag]:
    """PROTECTION_LOSS per victim and protection, grouped where victims share status and remedy."""
    return losses_under(scope, victim_ids, counts, framing).flags
