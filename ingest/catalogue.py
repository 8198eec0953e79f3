"""Loading the rule packs into Neo4j as catalogue nodes, so analysts can query the law next to the case."""

from __future__ import annotations

from neo4j import Driver, ManagedTransaction

from graph.cypher import query
from rules import RulePack, load_packs

RULE_LABELS = {"offences": "Offence", "measures": "Measure", "protections": "Protection", "non_punishment": "NonPunishment"}


def _indicator_links(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {
        "PROVEN_BY": [
            {"rule_id": r["rule_id"], "indicator": r["indicator"],
             "props": {"element_id": r["element_id"], "element": r["element"]}}
            for r in rows["offence_indicators"]
        ],
        "AVAILABLE_ON": [{"rule_id": r["rule_id"], "indicator": r["indicator"], "props": {}}
                         for r in rows["measure_indicators"]],
        "SIGNALLED_BY": [{"rule_id": r["rule_id"], "indicator": r["indicator"], "props": {}}
                         for r in rows["non_punishment_indicators"]],
    }


def _rule_links(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {
        "KEEPS": [{"source": r["offence_rule_id"], "target": r["rule_id"]} for r in rows["protection_kept_by"]],
        "FALLS_ON_VICTIMS": [{"source": r["target_rule_id"], "target": r["rule_id"]}
                             for r in rows["non_punishment_rules"]],
    }


def load_catalogue(driver: Driver, packs: dict[str, RulePack] | None = None, database: str | None = None) -> int:
    """Replace the catalogue of the given packs (all bundled ones by default) in one transaction."""
    packs = packs or load_packs()
    with driver.session(database=database) as session:
        session.execute_write(_write, [p.catalogue_rows() for p in packs.values()], sorted(packs))
    return len(packs)


def _write(tx: ManagedTransaction, all_rows: list[dict[str, list[dict]]], jurisdictions: list[str]) -> None:
    tx.run(query("ingest", "catalogue_clear"), jurisdictions=jurisdictions).consume()
    for rows in all_rows:
        tx.run(query("ingest", "catalogue_packs"), rows=rows["packs"]).consume()
        tx.run(query("ingest", "catalogue_indicators"), rows=rows["indicators"]).consume()
        for key, label in RULE_LABELS.items():
            tx.run(query("ingest", "catalogue_rules"), label=label, rows=rows[key]).consume()
        for rel_type, links in _indicator_links(rows).items():
            tx.run(query("ingest", "catalogue_rule_indicators"), type=rel_type, rows=links).consume()
        for rel_type, links in _rule_links(rows).items():
            tx.run(query("ingest", "catalogue_rule_rules"), type=rel_type, rows=links).consume()
