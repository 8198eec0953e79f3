"""A complete, order-free picture of the graph, to prove a load changed nothing (or everything)."""

from __future__ import annotations

import json

from neo4j import Driver

SNAPSHOT = """
MATCH (n)
OPTIONAL MATCH (n)-[r]->(m)
RETURN labels(n) AS labels, properties(n) AS props,
       collect(CASE WHEN r IS NULL THEN null ELSE [type(r), properties(r), elementId(m)] END) AS out,
       elementId(n) AS id
"""


def snapshot(driver: Driver) -> list[str]:
    records, _, _ = driver.execute_query(SNAPSHOT)
    keys = {r["id"]: json.dumps([sorted(r["labels"]), r["props"]], sort_keys=True, default=str) for r in records}
    rows = []
    for r in records:
        out = sorted(json.dumps([t, p, keys[m]], sort_keys=True, default=str) for t, p, m in r["out"])
        rows.append(keys[r["id"]] + " -> " + json.dumps(out))
    return sorted(rows)
