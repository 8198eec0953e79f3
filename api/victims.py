"""Reading every victim's identifying values from Neo4j and opening them, for the redaction index."""

from __future__ import annotations

from neo4j import Driver

from api.redact import Victim
from graph.cypher import query
from graph.sealing import Sealer, spelling_record


def read_victims(driver: Driver, database: str | None, sealer: Sealer | None) -> list[Victim]:
    """Every victim, with their identifying values opened; without a sealer (an analyst's
    notebook holds no key), their ids only: their values are sealed in the graph, so there is
    nothing of them in clear to scrub."""
    records, _, _ = driver.execute_query(query("victim_identities"), database_=database, routing_="r")
    if sealer is None:
        return [Victim(r["person_id"]) for r in records]
    victims = []
    for r in records:
        pid = r["person_id"]
        identifiers = []
        for i in sorted(r["identifiers"], key=lambda i: i["identifier_id"]):
            value = sealer.open(i["value_enc"], record=i["identifier_id"], field="value")
            spellings = {sealer.open(s["raw_value_enc"], record=spelling_record(s["owner_id"], i["identifier_id"]),
                                     field="raw_value") for s in i["spellings"]}
            identifiers.append((i["kind"], value, tuple(sorted(spellings - {None}))))
        victims.append(Victim(pid, sealer.open(r["name_enc"], record=pid, field="name"),
                              sealer.open(r["birth_date_enc"], record=pid, field="birth_date"), tuple(identifiers)))
    return victims
