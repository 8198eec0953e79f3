"""Audit records of bounded size, whatever a request sends.

A request chooses much of what its record holds: the path, the purpose, a query, parameter
names, a media type. Unbounded, one request could write a record too long for the log's
reader (the security probe's 77 kB record made every later audited response a 500) or fill
the disk. So each field is cut to a budget of bytes, with a marker saying how much was cut,
and a line of the log stays under MAX_RECORD_BYTES.

The victims a response showed (`records`) are evidence and never cut: a long list is spread
over several records in a row, each marked `part: [i, n]`.
"""

from __future__ import annotations

import json
from typing import Any

#: No line of the audit log is longer (the tail reader copes with any length all the same).
MAX_RECORD_BYTES = 64 * 1024
#: What each field may take, as JSON; fields not named here get OTHER_BYTES.
FIELD_BYTES = {"user": 256, "role": 64, "action": 64, "method": 64, "endpoint": 1024, "path": 2048,
               "purpose": 4096, "cases": 8192, "detail": 16384}
OTHER_BYTES = 1024
#: Victims' ids per record (as JSON), and the longest id kept whole.
RECORDS_BYTES = 24 * 1024
ID_BYTES = 256
#: Deeper than this, a value is kept as text.
_DEPTH = 4


class _Budget:
    def __init__(self, room: int) -> None:
        self.room = room


def _clean(text: str) -> str:
    """Lone surrogates (a JSON body may spell them) cannot be written as UTF-8: kept visible as escapes."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode()
    return text


def _size(text: str) -> int:
    """Bytes of `text` as JSON (every record goes through here: plain text is counted without encoding)."""
    if text.isascii() and text.isprintable():
        return len(text) + 2 + text.count('"') + text.count("\\")
    return len(json.dumps(text, ensure_ascii=False).encode())


def _cut(text: str, budget: _Budget) -> str:
    text = _clean(text)
    size = _size(text)
    if size <= budget.room:
        budget.room -= size
        return text
    keep = text[:max(budget.room, 0)]
    while keep and _size(keep) > budget.room:  # escapes and multi-byte characters take more than one byte
        keep = keep[: len(keep) // 2]
    budget.room = 0
    return f"{keep}…[cut: {len(text) - len(keep)} more characters]"


def _more(count: int) -> str:
    return f"…[cut: {count} more items]"


def _bound(value: Any, budget: _Budget, depth: int = 0) -> Any:
    if value is None or isinstance(value, bool | float):
        budget.room -= 8
        return value
    if isinstance(value, int):
        budget.room -= 8
        # Python refuses to print an int of more than 4,300 digits: never one worth keeping.
        return value if value.bit_length() <= 64 else f"…[cut: an integer of {value.bit_length()} bits]"
    if isinstance(value, dict) and depth < _DEPTH:
        out: dict[str, Any] = {}
        for i, (key, item) in enumerate(value.items()):
            if budget.room <= 0:
                out["…"] = _more(len(value) - i)
                break
            name = _cut(str(key), budget)  # the name before its value
            out[name] = _bound(item, budget, depth + 1)
        return out
    if isinstance(value, list | tuple | set | frozenset) and depth < _DEPTH:
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
        kept: list[Any] = []
        for i, item in enumerate(items):
            if budget.room <= 0:
                kept.append(_more(len(items) - i))
                break
            kept.append(_bound(item, budget, depth + 1))
        return kept
    return _cut(value if isinstance(value, str) else str(value), budget)


def _victim_parts(ids: list[Any]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    size = 0
    for raw in ids:
        id_ = _cut(str(raw), _Budget(ID_BYTES))
        if parts[-1] and size + _size(id_) + 1 > RECORDS_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(id_)
        size += _size(id_) + 1
    return parts


def bounded(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The entry with every field cut to its budget; several entries when its victims fill more than one record."""
    fields = {_cut(str(k), _Budget(64)): _bound(v, _Budget(FIELD_BYTES.get(k, OTHER_BYTES)))
              for k, v in entry.items() if k != "records"}
    if "records" not in entry:
        return [fields]
    parts = _victim_parts(list(entry["records"] or []))
    if len(parts) == 1:
        return [{**fields, "records": parts[0]}]
    return [{**fields, "records": part, "part": [i, len(parts)]} for i, part in enumerate(parts, start=1)]
