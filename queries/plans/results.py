"""What a plan evaluation holds: its actions, and its scores on the three conceptions of success.

`queries.plans.evaluate` fills these; see its docstring for what each score means.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from queries.options.engine import Flag, Option
from queries.plans.model import Action, Plan

__all__ = ["ActionResult", "Charge", "Convictions", "PlanEvaluation", "Prevention", "ProtectionOutcome", "Victims"]


@dataclass(frozen=True)
class ActionResult:
    action: Action
    option: Option

    @property
    def acts(self) -> bool:
        """Some evidence supports it and nothing rules it out: it acts against its target."""
        return self.option.applicable

    @property
    def flags(self) -> list[Flag]:
        """The option's flags but PROTECTION_LOSS, which only the whole plan decides."""
        return [f for f in self.option.flags if f.code != "PROTECTION_LOSS"]

    def to_dict(self) -> dict[str, Any]:
        option = self.option.to_dict() | {"flags": [f.to_dict() for f in self.flags]}
        return {**self.action.to_dict(), "line": self.action.line, "acts": self.acts, "option": option}


@dataclass(frozen=True)
class Charge:
    person_id: str
    code: str
    title: str
    citation: str
    category: str
    supported: bool  # every element has evidence
    independent: bool  # every element has evidence independent of victim testimony
    missing: list[str]  # elements without evidence
    penalty: str | None
    years: float  # the maximum term; 0 where the pack gives none


@dataclass(frozen=True)
class Convictions:
    charges: list[Charge]

    @property
    def supported(self) -> list[Charge]:
        return [c for c in self.charges if c.supported]

    @property
    def independent(self) -> list[Charge]:
        return [c for c in self.charges if c.supported and c.independent]

    @property
    def heaviest(self) -> dict[str, Charge]:
        """Per person, the supported charge with the heaviest maximum penalty."""
        out: dict[str, Charge] = {}
        for c in self.supported:
            if c.person_id not in out or c.years > out[c.person_id].years:
                out[c.person_id] = c
        return dict(sorted(out.items()))

    @property
    def penalty_years(self) -> float:
        """Sum over persons of their heaviest maximum: sentences run concurrently, persons do not."""
        return sum(c.years for c in self.heaviest.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "charges": [asdict(c) for c in self.charges], "supported": len(self.supported),
            "independent": len(self.independent), "penalty_years": self.penalty_years,
            "heaviest": {p: c.code for p, c in self.heaviest.items()},
        }


@dataclass(frozen=True)
class ProtectionOutcome:
    """A protection that hangs on a trafficking charge, per victim, under this plan."""

    code: str
    title: str
    citation: str
    kept: list[str]  # keep it, or keep the chance to obtain it
    would_lose: list[str]
    would_not_obtain: list[str]
    would_not_be_identified: list[str] = field(default_factory=list)  # presumed and possible victims
    #: Victims for whom it is moot, with why: a status already held, or a renewal for holders only.
    not_applicable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Victims:
    victim_ids: list[str]  # every victim of the case, identified or not
    held_before: list[str]
    freed: list[str]
    still_held: list[str]
    held_by: list[str]  # who, left untouched, still reaches them
    protections: list[ProtectionOutcome]
    unaffected_protections: list[str]  # titles of the protections no charge choice changes
    losing: list[str]  # victims who lose, would not obtain, or would not be identified for, a protection
    criminalised: list[str]
    testimony_against_wishes: list[str]
    flags: list[Flag]
    not_identified: list[str] = field(default_factory=list)  # presumed victims of the case
    possible: list[str] = field(default_factory=list)  # persons recorded otherwise who may be victims
    #: Identified victims who lose, or would not obtain, a protection: said in every title.
    identified_losing: list[str] = field(default_factory=list)
    #: Victims a raid, closure or eviction reaches where they live or work (FALLS_ON_VICTIMS).
    falls_on: list[str] = field(default_factory=list)
    #: Victims a count makes witnesses whose own conduct or status becomes known (EXPOSES_VICTIMS).
    exposed: list[str] = field(default_factory=list)
    #: Victims left within reach of a controller the plan expels (CONTROL_MAY_CONTINUE).
    control_risk: list[str] = field(default_factory=list)
    #: Victims of the case under 18 (named first wherever a cost reaches them).
    minors: list[str] = field(default_factory=list)

    @property
    def harms(self) -> int:
        """Harms done, a victim counting once for each: lost protections, criminalisation, testimony
        against her wish, a raid, closure or eviction where she lives or works, exposure, and being
        left within reach of an expelled controller."""
        return sum(len(ids) for ids in self.costs.values())

    @property
    def costs(self) -> dict[str, list[str]]:
        """Every kind of cost to victims under the plan, with who bears it."""
        return {
            "losing": self.losing, "criminalised": self.criminalised,
            "testimony_against_wishes": self.testimony_against_wishes, "falls_on": self.falls_on,
            "exposed": self.exposed, "control_risk": self.control_risk,
        }

    @cached_property
    def harmed(self) -> list[str]:
        """Victims who bear any cost of the plan (`costs`)."""
        return sorted({v for ids in self.costs.values() for v in ids})

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k != "flags"}
        return out | {"flags": [f.to_dict() for f in self.flags], "harmed": self.harmed, "harms": self.harms}


@dataclass(frozen=True)
class Prevention:
    removed: list[str]  # persons acted against
    suspects: int  # persons in the suspects' network (everyone but victims)
    fragmentation_before: float
    fragmentation_after: float
    largest_before: int
    largest_after: int
    businesses_disrupted: list[str]
    controllers: list[str]
    controllers_reached: list[str]
    recruiters: list[str]
    recruiters_reached: list[str]

    @property
    def largest_share(self) -> float:
        return self.largest_after / self.largest_before if self.largest_before else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"largest_share": round(self.largest_share, 6)}


@dataclass(frozen=True)
class PlanEvaluation:
    plan: Plan
    jurisdiction: str
    pack_version: str
    review_status: str
    disclaimer: str
    pack_disclaimer: str
    actions: list[ActionResult]
    convictions: Convictions
    victims: Victims
    prevention: Prevention
    warnings: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_dict() | {"source": self.plan.source},
            "jurisdiction": self.jurisdiction, "pack_version": self.pack_version,
            "review_status": self.review_status, "disclaimer": self.disclaimer,
            "pack_disclaimer": self.pack_disclaimer,
            "actions": [a.to_dict() for a in self.actions],
            "convictions": self.convictions.to_dict(), "victims": self.victims.to_dict(),
            "prevention": self.prevention.to_dict(), "warnings": self.warnings,
        }
