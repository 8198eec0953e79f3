"""A named query's parameters checked against its header before it runs.

Over JSON a wrong type gave a wrong empty answer: `max_hops="4"` compared a path length with
a text and matched nothing (analyst review, row 18). The header says what each parameter is
(`max_hops (int, 1 to 6)`, `case_id (str, or null for every case)`): a value that is not that
is refused here, naming the parameter, instead of returning nothing.
"""

from __future__ import annotations

import re
from typing import Any

from service.cypher_params import ParameterRefused, plain
from graph.cypher import NamedQuery

_DECLARED = re.compile(r"(\w+)\s*\(([^()]*)\)")
_RANGE = re.compile(r"(-?\d+) to (-?\d+)")
#: Preset by the service to the analyst's cases (a direct session must give it).
PRESET = frozenset({"case_ids"})
_SCALARS: dict[str, tuple[type, ...]] = {"int": (int,), "str": (str,), "float": (int, float), "bool": (bool,)}


def declared(named: NamedQuery) -> dict[str, str]:
    """Each parameter of the header, and what the header says of it (`int, 1 to 6`)."""
    return {m.group(1): m.group(2).strip() for m in _DECLARED.finditer(named.params)}


def check_parameters(named: NamedQuery | None, parameters: dict[str, Any]) -> None:
    """ParameterRefused if a parameter is missing, unknown, or not of the declared type or range.
    `named=None`: the paging parameters (`page_skip`, `page_limit`), whole numbers from 0."""
    values = plain(parameters)
    specs = declared(named) if named else {k: "int, 0 to 9223372036854775807" for k in parameters}
    if named:
        unknown = sorted(set(values) - set(specs))
        missing = sorted(set(specs) - set(values) - PRESET)
        takes = ", ".join(f"${k}" for k in specs) or "no parameters"
        if unknown:
            raise ParameterRefused(f"{named.name} takes no parameter ${', $'.join(unknown)}; it takes {takes}")
        if missing:
            raise ParameterRefused(f"{named.name} needs ${', $'.join(missing)} (it takes {takes})")
    for name, value in values.items():
        problem = _mismatch(value, specs[name])
        if problem:
            raise ParameterRefused(f"parameter ${name}: {problem}")


def _mismatch(value: Any, spec: str) -> str | None:
    kind = spec.split(",")[0].split(" or ")[0].strip()
    if value is None:
        return None if "null" in spec else f"may not be null (it is {spec})"
    if kind.startswith("list of "):
        item = kind.removeprefix("list of ").strip()
        if item not in _SCALARS:
            return None  # lists of maps: the query's own business
        if not isinstance(value, list):
            return f"is a {type(value).__name__}, not a list of {item}"
        bad = next((v for v in value if not _is(v, item)), None)
        return None if bad is None else f"holds {bad!r} ({type(bad).__name__}), not {item}"
    if kind not in _SCALARS:
        return None  # `KEEPS or FALLS_ON_VICTIMS` and the like: spelled out, not checked
    if not _is(value, kind):
        return f"is {value!r} ({type(value).__name__}), not {kind} ({spec})"
    bounds = _RANGE.search(spec)
    if bounds and not int(bounds.group(1)) <= value <= int(bounds.group(2)):
        return f"is {value}, out of {bounds.group(1)} to {bounds.group(2)}"
    return None


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind != "bool":
        return False
    return isinstance(value, _SCALARS[kind])
