"""How many suspects of a generated case lose a readable word of their name to an analyst: the
service's rule (each word of each victim of the case, in every name) against the narrower rule it
keeps (each word of the victims tied to the person: a link between them or a shared identifier),
and how often the narrower rule's withheld word is read off a name linked to the suspect (his
firm, named after him; a brother) that it shows. No database: the bundle and the service's index.

Run: ``.venv/bin/python bench/bench_withhold_reach.py [--persons 2000 --seed 5 --case GEN-0001]``
"""

from __future__ import annotations

import argparse
import tempfile
from collections import defaultdict
from pathlib import Path

from ingest.bundle import read_bundle
from ingest.generate import generate_bundle
from ingest.models import BusinessRow, IdentifierRow, LinkRow, RoleRow
from service.pseudonyms import Pseudonyms, Victim
from service.victim_index import VictimIndex

PSEUDONYMS = Pseudonyms("k3y-for-generator-names-Lx8Qw2")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--case", default="GEN-0001")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        generate_bundle(Path(out), persons=args.persons, seed=args.seed)
        bundle = read_bundle(Path(out))
        names = {r.person_id: r.name for r in bundle.rows("persons")}  # type: ignore[attr-defined]
        names |= {r.business_id: r.name for r in bundle.rows("businesses") if isinstance(r, BusinessRow)}
        roles = [r for r in bundle.rows("roles") if isinstance(r, RoleRow) and r.case_id == args.case]
        links = [r for r in bundle.rows("links") if isinstance(r, LinkRow) and r.case_id in (None, args.case)]
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in bundle.rows("identifiers"):
            if isinstance(row, IdentifierRow):
                holders[(row.kind, row.value)].add(row.owner_id)
    victims = {r.person_id for r in roles if r.role == "victim"}
    suspects = sorted({r.person_id for r in roles if r.role == "suspect"} - victims)
    ties: dict[str, set[str]] = defaultdict(set)
    for link in links:
        ties[link.source_id].add(link.target_id)
        ties[link.target_id].add(link.source_id)
    for owners in holders.values():
        for owner in owners:
            ties[owner] |= owners - {owner}

    def shown(record: str, over: set[str]) -> str:
        index = VictimIndex([Victim(v, names[v]) for v in sorted(over)], PSEUDONYMS, sealed_values=False,
                            others={record: names[record]})
        return index.scrub({"person_id": record, "name": names[record]})["name"]

    service = [s for s in suspects if shown(s, victims) != names[s]]
    narrower = [s for s in suspects if shown(s, ties[s] & victims) != names[s]]
    read = []
    for s in narrower:
        hidden = set(names[s].split()) - set(shown(s, ties[s] & victims).split())
        beside = [n for n in ties[s] if n in names and n not in victims
                  if hidden & set(shown(n, ties[n] & victims).split())]
        read += [(s, beside)] if beside else []
    print(f"{args.case} ({args.persons} persons, seed {args.seed}): {len(suspects)} suspects, {len(victims)} victims")
    print(f"suspects who lose a readable word: service's rule {len(service)}, narrower rule {len(narrower)}")
    print(f"narrower rule: withheld word shown in a linked name: {len(read)} of {len(narrower)}")


if __name__ == "__main__":
    main()
