"""How many rules of each pack are confirmed against a source, and how many unverified.

    .venv/bin/python -m rules.source_counts

A rule is every offence, measure, protection, non-punishment entry, consequence, flag basis and
expulsion limit: each carries its own `source.status`. The rules a review found missing
(`missing_rules`, unverified, not modelled) are counted apart.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rules.load import load_packs
from rules.model import RulePack

__all__ = ["source_counts"]


def _rules(pack: RulePack) -> list[Any]:
    rules: list[Any] = [*pack.offences, *pack.measures, *pack.protections, *pack.non_punishment]
    rules += [c for o in pack.offences for c in o.consequences] + [c for m in pack.measures for c in m.consequences]
    rules += list(pack.flag_basis.values())
    if pack.expulsion_limit is not None:
        rules.append(pack.expulsion_limit)
    return rules


def source_counts(pack: RulePack) -> dict[str, int]:
    """{'confirmed': n, 'unverified': m, 'missing': k} over every rule of the pack."""
    counts = Counter(r.source.status for r in _rules(pack))
    return {"confirmed": counts["confirmed"], "unverified": counts["unverified"], "missing": len(pack.missing_rules)}


def main() -> None:
    for jurisdiction, pack in sorted(load_packs().items()):
        c = source_counts(pack)
        print(f"{jurisdiction} {pack.version}: {c['confirmed']} confirmed, {c['unverified']} unverified, "
              f"{c['missing']} missing rules for counsel")


if __name__ == "__main__":
    main()
