"""A charge plan: the charges and measures a team intends to pursue in one case.

A plan is a small YAML (or JSON) document; see docs/plans.md::

    case: NO-GLANS
    title: Trafficking charge on the controller
    actions:
      - {person: P002, offence: strl_257, victims: [P010, P011]}   # victims: optional
      - {business: B001, measure: labour_inspection}

A count keeps the protections only of the victims it concerns: by default those its target
controls, recruits, transports, houses or exploits, or who work at a business the target
controls; `victims:` names them instead.

`load_plan` checks its shape; `check_plan` checks it against the case network and the rule
pack. Both raise `PlanInvalid`, whose every problem names the file and the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graph.errors import ThbgraphError
from queries.network.model import EXPLOITATION_LINKS, CaseNetwork
from rules.model import RulePack

__all__ = ["Action", "Plan", "PlanError", "PlanInvalid", "check_plan", "load_plan", "parse_plan"]


# -- errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanError:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}: {self.message}"


class PlanInvalid(ThbgraphError):
    """A plan failed its checks; `errors` holds every problem found, not just the first."""

    def __init__(self, errors: list[PlanError]) -> None:
        self.errors = errors
        if len(errors) == 1:
            super().__init__(str(errors[0]))
        else:
            super().__init__("\n  ".join([f"the plan has {len(errors)} problems:", *map(str, errors)]))


# -- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One offence charged against a person, or one measure against a person or a business."""

    target: str
    target_kind: Literal["person", "business"]
    code: str
    kind: Literal["offence", "measure"]
    line: int | None = None  # where the plan file says it
    victims: tuple[str, ...] = ()  # the victims the count concerns, where the plan names them

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {self.target_kind: self.target, self.kind: self.code}
        if self.victims:
            out["victims"] = list(self.victims)
        return out

    def describe(self, network: CaseNetwork | None = None) -> str:
        who = f"{network.label(self.target)} ({self.target})" if network else self.target
        return f"{self.code} against {who}"


@dataclass(frozen=True)
class Plan:
    case: str
    title: str
    actions: tuple[Action, ...]
    description: str | None = None
    source: str = "<plan>"  # the file, for error messages and output

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"case": self.case, "title": self.title}
        if self.description:
            out["description"] = self.description
        out["actions"] = [a.to_dict() for a in self.actions]
        return out


class _ActionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    person: str | None = Field(None, min_length=1)
    business: str | None = Field(None, min_length=1)
    offence: str | None = Field(None, min_length=1)
    measure: str | None = Field(None, min_length=1)
    victims: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_target_one_rule(self) -> _ActionSpec:
        if (self.person is None) == (self.business is None):
            raise ValueError("name exactly one target: person or business")
        if (self.offence is None) == (self.measure is None):
            raise ValueError("name exactly one of offence or measure")
        if self.business is not None and self.offence is not None:
            raise ValueError(f"offences are charged against persons, not a business ({self.business})")
        if self.victims and self.offence is None:
            raise ValueError("only a charge (offence) concerns victims: drop `victims` from a measure")
        return self


class _PlanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    case: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str | None = None
    actions: list[_ActionSpec] = Field(min_length=1)


# -- reading a plan file, with line numbers ------------------------------------------------------


def _duplicate_keys(node: yaml.Node, source: str) -> list[PlanError]:
    """safe_load keeps the last of two equal keys silently: a second `offence:` would vanish."""
    errors: list[PlanError] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key, value in node.value:
            if key.value in seen:
                errors.append(PlanError(source, key.start_mark.line + 1, f"duplicate key '{key.value}'"))
            seen.add(key.value)
            errors += _duplicate_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            errors += _duplicate_keys(item, source)
    return errors


def _line_of(node: yaml.Node | None, loc: Iterable[int | str]) -> int | None:
    """The line of the deepest node the pydantic location reaches (1-based)."""
    if node is None:
        return None
    found = node
    for part in loc:
        if isinstance(found, yaml.MappingNode):
            nxt = next((v for k, v in found.value if k.value == part), None)
        elif isinstance(found, yaml.SequenceNode) and isinstance(part, int) and part < len(found.value):
            nxt = found.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        found = nxt
    return found.start_mark.line + 1


def _message(error: Any) -> str:
    loc = [p for p in error["loc"] if not isinstance(p, int)]
    if error["type"] == "extra_forbidden":
        allowed = "person or business, offence or measure, victims" if len(loc) > 1 else "case, title, description, actions"
        return f"unknown key '{loc[-1]}' (allowed: {allowed})"
    text = error["msg"].removeprefix("Value error, ")
    return text if error["type"] == "value_error" or not loc else f"{'.'.join(map(str, loc))}: {text}"


def parse_plan(text: str, source: str = "<plan>") -> Plan:
    """A plan from YAML or JSON text (JSON is YAML); `source` names it in errors."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise PlanInvalid([PlanError(source, mark.line + 1 if mark else None, f"not valid YAML or JSON: {e}")]) from e
    errors = _duplicate_keys(node, source) if node is not None else []
    if errors:
        raise PlanInvalid(errors)
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise PlanInvalid([PlanError(source, _line_of(node, ()), "a plan is a mapping with case, title and actions")])
    try:
        spec = _PlanSpec.model_validate(data)
    except ValidationError as e:
        raise PlanInvalid([
            PlanError(source, _line_of(node, err["loc"]), _message(err)) for err in e.errors(include_url=False)
        ]) from e
    lines = [_line_of(node, ("actions", i)) for i in range(len(spec.actions))]
    actions = tuple(
        Action(
            target=a.person or a.business or "",
            target_kind="person" if a.person else "business",
            code=a.offence or a.measure or "",
            kind="offence" if a.offence else "measure",
            line=line,
            victims=tuple(a.victims),
        )
        for a, line in zip(spec.actions, lines)
    )
    return Plan(spec.case, spec.title, actions, spec.description, source)


def load_plan(path: Path | str) -> Plan:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PlanInvalid([PlanError(str(path), None, f"cannot read: {e.strerror or e}")]) from e
    return parse_plan(text, str(path))


# -- checking a plan against the case ---------------------------------------------------------------


def _victim_role(network: CaseNetwork, person_id: str) -> str | None:
    """'an identified victim in C1' or 'a victim in C1 (not identified)', or None."""
    person = network.persons[person_id]
    for role in person.roles:
        if role.role == "victim":
            status = "an identified victim" if role.identified_on else "a victim"
            return f"{status} in {role.case_id}" + ("" if role.identified_on else " (not identified)")
    return None


def _victim_in(network: CaseNetwork, person_id: str, case: str) -> bool:
    return any(r.role == "victim" and r.case_id == case for r in network.persons[person_id].roles)


def _action_errors(action: Action, network: CaseNetwork, pack: RulePack, case: str) -> list[str]:
    offence, measure = pack.offence(action.code), pack.measure(action.code)
    if action.kind == "offence" and offence is None:
        hint = f": it is a measure, write `measure: {action.code}`" if measure else ""
        return [f"unknown offence '{action.code}' in the {pack.jurisdiction} rule pack{hint}"]
    if action.kind == "measure" and measure is None:
        hint = f": it is an offence, write `offence: {action.code}`" if offence else ""
        return [f"unknown measure '{action.code}' in the {pack.jurisdiction} rule pack{hint}"]
    if action.target_kind == "business":
        if action.target not in network.businesses:
            return [f"unknown business '{action.target}': not in case {case}"]
        if measure is not None and measure.target != "business":
            return [f"measure '{action.code}' targets a person, not a business: name the person"]
        return []
    if action.target not in network.persons:
        return [f"unknown person '{action.target}': not in case {case}"]
    if measure is not None and measure.target == "business":
        return [f"measure '{action.code}' targets a business: write `business:` instead of `person: {action.target}`"]
    strangers = [v for v in action.victims if v not in network.persons or not _victim_in(network, v, case)]
    if strangers:
        return [f"victims: {', '.join(strangers)} not a victim in case {case}"]
    victim = _victim_role(network, action.target)
    # A victim who exploits no one is never a target; a victim who recruits or controls others
    # may be, and evaluation flags it loudly (CRIMINALISES_VICTIMS, non-punishment).
    if victim and not network.links_from(action.target, EXPLOITATION_LINKS):
        return [f"{action.target} is {victim}: not a target"]
    return []


def check_plan(plan: Plan, network: CaseNetwork, pack: RulePack) -> None:
    """Raise `PlanInvalid` unless every action names a person or business of the case and a
    code of the pack that fits it; a victim is refused unless they take part in exploitation."""
    errors: list[PlanError] = []
    if plan.case not in network.case_ids:
        errors.append(PlanError(plan.source, None, f"the plan is for case {plan.case}, the network holds {', '.join(network.case_ids) or 'no case'}"))
    seen: dict[tuple[str, str], Action] = {}
    for action in plan.actions:
        problems = _action_errors(action, network, pack, plan.case)
        first = seen.setdefault((action.target, action.code), action)
        if first is not action:
            problems.append(f"repeats the action on line {first.line}")
        errors += [PlanError(plan.source, action.line, p) for p in problems]
    if errors:
        raise PlanInvalid(errors)
