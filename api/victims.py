"""Reading every victim's identifying values from Neo4j, for the redaction index."""

from __future__ import annotations

from typing import Any

from neo4j import Driver

from api.redact import Victim
from graph.cypher import query


def _text(value: Any) -> str | None:
    return None if value is None else str(value.iso_format() if hasattr(value, "iso_format") else value)


def read_victims(driver: Driver, database: str | None) -> list[Victim]:
    records, _, _ = driver.execute_query(query("victim_identities"), database_=database, routing_="r")
    victims = []
    for r in records:
        spellings: dict[tuple[str, str], set[str]] = {}
        for i in r["identifiers"]:
            spellings.setdefault((i["kind"], i["value"]), set()).update([i["raw_value"]] if i["raw_value"] else [])
        identifiers = tuple((k, v, tuple(sorted(s))) for (k, v), s in sorted(spellings.items()))
        victims.append(Victim(r["person_id"], r["name"], _text(r["birth_date"]), identifiers))
    return victims
