"""Options for a person: the offences and measures the evidence supports, and what they cost victims.

Pure over a `CaseNetwork` and a `RulePack`: no database, no statute in the code. The pack says
which indicators (alone, or in ILO combinations) prove which element, which protections hang
on a trafficking charge and which options fall on victims; this package only matches
evidence against it:

- `scope`: the case indexed once (victims' standing, who concerns whom);
- `support`: evidence matched to elements, combinations included;
- `flags`: the victim-protection flags, judged per victim;
- `option`: one option judged against a person or a business they control;
- this module: a person's options ranked, and the engine that keeps the case's index.

Strength is the share of an option's elements with at least one evidence row. An element is
*independently supported* when one of its rows is independent of victim testimony; at equal
strength, options proved independently rank first (offender-focused proof, DOMAIN.md).
Evidence counts for a person only as their conduct: rows that say what was done to them (a
passport held) are read as signs that they may be a victim (`queries.options.standing`).

Every result carries the disclaimer: decision support, not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.errors import InvalidArgument
from queries.network.model import CaseNetwork
from queries.options.flags import Count, protection_flags as _protection_flags
from queries.options.option import barred_reason, build_option, rank_key
from queries.options.results import DISCLAIMER, ElementSupport, Flag, Option, PersonOptions, UnknownPerson
from queries.options.scope import CaseScope
from rules.entries import Measure
from rules.model import RulePack

__all__ = [
    "DISCLAIMER", "ElementSupport", "Flag", "Option", "OptionEngine", "PersonOptions", "UnknownPerson",
    "controlled_businesses", "evaluate_option", "linked_victims", "options_for_person", "protection_flags",
]


def controlled_businesses(network: CaseNetwork, person_id: str, case_id: str | None = None) -> list[str]:
    """Businesses the person owns, directs or manages (their evidence counts for the person)."""
    return CaseScope(network, None, case_id, True).controlled(person_id)


def linked_victims(network: CaseNetwork, person_id: str, case_id: str | None = None) -> dict[str, list[str]]:
    """Victims linked to a person, each with the reasons: same case (no tie needed), exploitation
    link, or work at a business the person controls. Not who they can reach: see
    `queries.options.reach`."""
    return CaseScope(network, None, case_id, True).linked_victims(person_id)


def protection_flags(
    network: CaseNetwork,
    pack: RulePack,
    victim_ids: Iterable[str],
    *,
    charges: Iterable[str] = (),
    case_id: str | None = None,
    show_names: bool = True,
) -> list[Flag]:
    """PROTECTION_LOSS flags for these victims when the case goes ahead with `charges` only.

    `charges` are offence codes pursued *about these victims*: a trafficking offence among
    them, or an offence a protection lists in `kept_by`, keeps that protection for them. For
    counts that concern different victims, use `OptionEngine.protection_flags_for_counts`.
    """
    victims = list(victim_ids)
    counts = [Count(code, frozenset(victims)) for code in charges]
    return _protection_flags(CaseScope(network, pack, case_id, show_names), victims, counts, "plan")


class OptionEngine:
    """Many questions about one case: the index is built once (a charge plan asks dozens).

    The engine reads the network when it is made; build a new one after changing the network.
    """

    def __init__(
        self, network: CaseNetwork, pack: RulePack, *, case_id: str | None = None, show_names: bool = True
    ) -> None:
        self._scope = CaseScope(network, pack, case_id, show_names)

    @property
    def scope(self) -> CaseScope:
        return self._scope

    def linked_victims(self, person_id: str) -> dict[str, list[str]]:
        return self._scope.linked_victims(person_id)

    def concerns(self, person_id: str) -> dict[str, list[str]]:
        """The victims a count against this person is about (it keeps their protections)."""
        return self._scope.concerns(person_id)

    def protection_flags(self, victim_ids: Iterable[str], *, charges: Iterable[str] = ()) -> list[Flag]:
        """As `queries.options.engine.protection_flags`: every charge concerns every victim given."""
        victims = list(victim_ids)
        return _protection_flags(self._scope, victims, [Count(c, frozenset(victims)) for c in charges], "plan")

    def protection_flags_for_counts(self, victim_ids: Iterable[str], counts: list[Count]) -> list[Flag]:
        """PROTECTION_LOSS per victim when the case goes ahead with these counts, each keeping
        protections only for the victims it concerns."""
        return _protection_flags(self._scope, victim_ids, counts, "plan")

    def evaluate_option(self, person_id: str, code: str, *, target_id: str | None = None) -> Option:
        scope, pack = self._scope, self._scope.pack
        scope.person(person_id)
        rule = pack.rule(code)
        if isinstance(rule, Measure) and rule.target == "business":
            if target_id is None:
                owned = scope.controlled(person_id)
                if len(owned) != 1:
                    raise InvalidArgument(
                        f"measure '{code}' targets a business: name it (person '{person_id}' controls {len(owned)})"
                    )
                target_id = owned[0]
            if target_id not in scope.network.businesses:
                raise InvalidArgument(f"unknown business '{target_id}' for measure '{code}': name one in the case "
                                      f"network, such as one person '{person_id}' controls")
        else:
            target_id = person_id
        return build_option(scope, person_id, rule, target_id)

    def options_for_person(self, person_id: str) -> PersonOptions:
        scope, pack = self._scope, self._scope.pack
        person = scope.person(person_id)
        standing = scope.standings.of(person_id)
        businesses = scope.controlled(person_id)
        candidates = [build_option(scope, person_id, o, person_id) for o in pack.offences]
        barred: list[dict[str, str]] = []
        for m in pack.measures:
            if m.target == "person" and (why := barred_reason(scope, person_id, m)):
                basis = pack.flag_basis["REMOVAL_OF_VICTIM"]
                barred.append({"code": m.code, "title": m.title, "reason": why, "citation": basis.citation})
                continue
            for target in businesses if m.target == "business" else [person_id]:
                candidates.append(build_option(scope, person_id, m, target))
        return PersonOptions(
            person_id=person_id,
            person_name=person.name if scope.show_names else None,
            case_id=scope.case_id,
            jurisdiction=pack.jurisdiction,
            pack_version=pack.version,
            review_status=pack.review_status,
            disclaimer=DISCLAIMER,
            pack_disclaimer=pack.disclaimer,
            linked_victim_ids=list(scope.linked_victims(person_id)),
            options=sorted((o for o in candidates if o.applicable), key=rank_key),
            standing=standing.standing if standing else None,
            standing_signals=list(standing.signals) if standing else [],
            barred=barred,
        )


def options_for_person(
    network: CaseNetwork,
    pack: RulePack,
    person_id: str,
    *,
    case_id: str | None = None,
    show_names: bool = True,
) -> PersonOptions:
    """Every offence and measure the evidence supports for a person, strongest first, with flags.

    Ranked by strength, then by independent strength (proof that does not rest on victims),
    offences before measures, trafficking before alternatives, heavier penalties first.
    """
    return OptionEngine(network, pack, case_id=case_id, show_names=show_names).options_for_person(person_id)


def evaluate_option(
    network: CaseNetwork,
    pack: RulePack,
    person_id: str,
    code: str,
    *,
    target_id: str | None = None,
    case_id: str | None = None,
    show_names: bool = True,
) -> Option:
    """One offence or measure for one person, whatever its support (strength may be 0).

    For a measure on a business, `target_id` names the business; it may be left out when the
    person controls exactly one.
    """
    engine = OptionEngine(network, pack, case_id=case_id, show_names=show_names)
    return engine.evaluate_option(person_id, code, target_id=target_id)
