"""The replay's rows as the table it prints, in finding order."""

from __future__ import annotations

import re
import textwrap
from dataclasses import asdict

from bench.probe.common import Row


WIDTHS = {"finding": 7, "attack": 44, "expected": 36, "observed": 52, "verdict": 12}


def table(rows: list[Row]) -> str:
    def line(cells: dict[str, str]) -> list[str]:
        wrapped = {k: textwrap.wrap(v, WIDTHS[k], break_long_words=True, break_on_hyphens=False) or [""]
                   for k, v in cells.items()}
        height = max(len(w) for w in wrapped.values())
        return [" | ".join((wrapped[k][i] if i < len(wrapped[k]) else "").ljust(WIDTHS[k]) for k in WIDTHS).rstrip()
                for i in range(height)]

    rule = "-+-".join("-" * w for w in WIDTHS.values())
    out = line({k: k for k in WIDTHS}) + [rule]
    for row in rows:
        out += line({k: str(v) for k, v in asdict(row).items()}) + [rule]
    return "\n".join(out)


def _order(row: Row) -> tuple[int, str]:
    number = re.match(r"\d+", row.finding)
    return (int(number.group()) if number else 99, row.finding)
