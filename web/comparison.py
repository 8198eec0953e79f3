"""The comparison's rows in plain words: labels from web/words.yaml, rule ids as statutes, and the
network figures said as what they mean ("60% of its pairs of members can no longer reach each
other") rather than as a measure's symbol ("fragmentation F 0.00 -> 0.60")."""

from __future__ import annotations

from typing import Any

from web.words import statutes, vocabulary

__all__ = ["rows_in_words"]


def _figures(plan: dict[str, Any]) -> dict[str, Any]:
    p = plan["prevention"]
    return {"before": p["fragmentation_before"], "after": p["fragmentation_after"], "largest_before": p["largest_before"],
            "largest_after": p["largest_after"], "share": p.get("largest_share", 0.0)}


def rows_in_words(rows: list[dict[str, Any]], plans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    words = vocabulary()["rows"]
    out = []
    for row in rows:
        said = words.get(row["label"], {})
        cells = row["cells"]
        if said.get("cell"):
            cells = [said["cell"].format(**_figures(p)) for p in plans]
        jurisdictions = [p.get("jurisdiction") for p in plans]
        out.append(row | {"label": said.get("label", row["label"]),
                          "cells": [statutes(c, j) for c, j in zip(cells, jurisdictions, strict=False)]})
    return out
