"""The rule files and the vocabularies they define (indicators, immigration statuses), read and checked.

Every module of rules/ reads its YAML through here; errors name the file and the key path.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from rules.errors import RulePackInvalid  # apart, so that catching it loads nothing heavy

RULES_DIR = Path(__file__).resolve().parent
PACKS_DIR = RULES_DIR / "packs"
INDICATORS_FILE = RULES_DIR / "indicators.yaml"
INDICATOR_SETS_FILE = RULES_DIR / "indicator_sets.yaml"
STATUSES_FILE = RULES_DIR / "immigration_statuses.yaml"
REACH_FILE = RULES_DIR / "reach.yaml"


class _UniqueKeyLoader(yaml.SafeLoader):
    """safe_load keeps the last of two equal keys silently; a pack must not hide a rule that way."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _display(path: Path) -> str:
    """Paths inside the project read `rules/packs/no.yaml`; others as given."""
    try:
        return path.resolve().relative_to(RULES_DIR.parent).as_posix()
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> Any:
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise RulePackInvalid([f"{name}: cannot read: {e.strerror or e}"]) from e
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        raise RulePackInvalid([f"{name}: invalid YAML: {e}"]) from e


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


@cache
def indicator_meanings() -> dict[str, dict[str, str]]:
    """The vocabulary file as code -> {meaning, group}."""
    data = _read_yaml(INDICATORS_FILE)
    name = _display(INDICATORS_FILE)
    if not isinstance(data, dict):
        raise RulePackInvalid([f"{name}: expected a mapping of indicator codes"])
    errors = [
        f"{name}: {code}: needs a non-empty `meaning`"
        for code, entry in data.items()
        if not isinstance(entry, dict) or not str(entry.get("meaning") or "").strip()
    ]
    if errors:
        raise RulePackInvalid(errors)
    return {str(code): {k: str(v) for k, v in entry.items()} for code, entry in data.items()}


def indicator_vocabulary() -> frozenset[str]:
    return frozenset(indicator_meanings())


@cache
def shown_of_the_exploited() -> dict[str, str]:
    """Indicator of a person's own conduct -> what it shows of the victims they exploit
    (`shows_of_those_exploited` in indicators.yaml; legal-review-3.md E7)."""
    meanings = indicator_meanings()
    out = {c: m["shows_of_those_exploited"] for c, m in meanings.items() if m.get("shows_of_those_exploited")}
    unknown = sorted(f"{c}: {v}" for c, v in out.items() if v not in meanings)
    if unknown:
        raise RulePackInvalid([f"{_display(INDICATORS_FILE)}: shows_of_those_exploited names no indicator: {', '.join(unknown)}"])
    return out


@cache
def done_to_the_person() -> frozenset[str]:
    """Indicators that, about a person someone else controls, say what was done to them."""
    return frozenset(c for c, m in indicator_meanings().items() if m.get("done_to_the_person") == "True")


@cache
def immigration_statuses() -> dict[str, dict[str, str]]:
    """The status vocabulary as code -> {meaning, jurisdiction?}."""
    data = _read_yaml(STATUSES_FILE)
    name = _display(STATUSES_FILE)
    if not isinstance(data, dict) or not all(isinstance(v, dict) and v.get("meaning") for v in data.values()):
        raise RulePackInvalid([f"{name}: expected code: {{meaning: ...}} entries"])
    return {str(code): {k: str(v) for k, v in entry.items()} for code, entry in data.items()}


@cache
def reach_words() -> dict[str, Any]:
    """reach.yaml: the ties that keep a victim within an expelled suspect's reach, in words,
    and the citation (CONTROL_MAY_CONTINUE)."""
    data = _read_yaml(REACH_FILE)
    name = _display(REACH_FILE)
    errors: list[str] = []
    if not isinstance(data, dict):
        raise RulePackInvalid([f"{name}: expected a mapping"])
    for key in ("citation", "family", "untied"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            errors.append(f"{name}: {key}: needs words")
    for key, slot in (("person_ties", None), ("business_ties", "{business}")):
        ties = data.get(key)
        if not isinstance(ties, dict) or not ties:
            errors.append(f"{name}: {key}: expected link type: words")
            continue
        errors += [f"{name}: {key}.{t}: needs words{' with ' + slot if slot else ''}"
                   for t, w in ties.items() if not isinstance(w, str) or (slot and slot not in w)]
    for key, slot in (("family", "{victim}"), ("untied", "{n}")):
        if isinstance(data.get(key), str) and slot not in data[key]:
            errors.append(f"{name}: {key}: needs {slot}")
    if errors:
        raise RulePackInvalid(errors)
    return data
