"""`thbgraph export --case ID --format ftm`: a case as FtM entities, for partners on Aleph or OpenAleph.

Entities the case was loaded from in FtM come back as they came (ingest/ftm_load.py kept them);
everything else is written from the graph: persons, businesses, their phones, e-mails,
passport numbers and addresses, the links FtM has an edge schema for (the rest become
UnknownLink), and evidence as dated Events (ingest/ftm_evidence.py; none about a victim).
Victims' values are opened here, with the key: the caller pseudonymises them unless the reader
may see them (cli/ftm.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from followthemoney import model
from neo4j import Driver

from graph.cypher import query
from graph.sealing import Sealer
from ingest.ftm_evidence import evidence_entity

#: Link type -> (FtM schema, property of the link's source, property of its target).
LINK_SCHEMATA = {
    "OWNS": ("Ownership", "owner", "asset"), "DIRECTS": ("Directorship", "director", "organization"),
    "MANAGES": ("Directorship", "director", "organization"), "WORKS_AT": ("Employment", "employee", "employer"),
    "EMPLOYS": ("Employment", "employer", "employee"), "FAMILY_OF": ("Family", "person", "relative"),
    "ASSOCIATE_OF": ("Associate", "person", "associate"), "PAID": ("Payment", "payer", "beneficiary"),
}
IDENTIFIER_PROPS = {"phone": "phone", "email": "email", "passport": "passportNumber", "address": "address"}


@dataclass(frozen=True)
class Exported:
    entity: dict[str, Any]  # {"id", "schema", "properties": {name: [values]}}
    victim: bool = False
    #: The graph's id of the person or business the entity is (an FtM id names it in the file).
    record: str | None = None
    #: Kept as a partner's file gave it (any property, any text), not written from the graph.
    kept: bool = False


def _kept(driver: Driver, database: str | None, case_id: str, sealer: Sealer) -> tuple[list[tuple[dict, str | None]],
                                                                                      set[str]]:
    records, _, _ = driver.execute_query(query("ingest", "ftm_kept"), case_id=case_id, database_=database, routing_="r")
    kept, links = [], set()
    for r in records:
        props = json.loads(sealer.open(r["properties_enc"], record=r["ftm_key"], field="properties"))
        kept.append(({"id": r["ftm_id"], "schema": r["schema"], "properties": props}, r["placed_id"]))
        links.update(r["link_ids"] or [])
    return kept, links


def _entity(row: dict[str, Any], sealer: Sealer) -> dict[str, Any]:
    entity = model.make_entity("Person" if row["kind"] == "Person" else "Company")
    entity.id = row["id"]
    sealed = row["name_enc"] is not None
    name = sealer.open(row["name_enc"], record=row["id"], field="name") if sealed else row["name"]
    entity.add("name", name)
    if row["kind"] == "Person":
        birth = sealer.open(row["birth_date_enc"], record=row["id"], field="birth_date") if sealed else row["birth_date"]
        entity.add("birthDate", birth)
        entity.add("nationality", row["country"], quiet=True)
    else:
        entity.add("registrationNumber", row["registration_no"])
        entity.add("jurisdiction", row["country"], quiet=True)
    for i in row["identifiers"]:
        value = sealer.open(i["value_enc"], record=i["identifier_id"], field="value") if i["value_enc"] else i["value"]
        if i["kind"] in IDENTIFIER_PROPS:
            entity.add(IDENTIFIER_PROPS[i["kind"]], value, quiet=True)
    return entity.to_dict()


def _link(row: dict[str, Any]) -> dict[str, Any]:
    schema, source, target = LINK_SCHEMATA.get(row["type"], ("UnknownLink", "subject", "object"))
    entity = model.make_entity(schema)
    entity.id = f"thbgraph-link-{row['link_id']}"
    entity.add(source, row["source_id"])
    entity.add(target, row["target_id"])
    entity.add("startDate" if schema != "Payment" else "date", row["since"])
    entity.add("endDate", row["until"], quiet=True)
    if row["amount"] is not None:
        entity.add("amount", row["amount"])
    if schema in ("UnknownLink", "Directorship", "Employment"):
        entity.add("role", row["type"].lower(), quiet=True)
    return entity.to_dict()


def export_case(driver: Driver, database: str | None, case_id: str, sealer: Sealer) -> Iterator[Exported]:
    """The case's entities, victims' values opened (and flagged: the caller decides what to show)."""
    kept, kept_links = _kept(driver, database, case_id, sealer)
    records, _, _ = driver.execute_query(query("ingest", "ftm_case_entities"), case_id=case_id, database_=database,
                                         routing_="r")
    rows = {r["id"]: r.data() for r in records}
    # A victim of another case too: their values are sealed, and stay out of a pseudonymised export.
    victims = {i for i, r in rows.items() if r["role"] == "victim" or r["name_enc"] is not None}
    kept_ids = {record for _, record in kept}
    for entity, record in kept:
        yield Exported(entity, record in victims, record, kept=True)
    for entity_id, row in rows.items():
        if entity_id not in kept_ids:
            yield Exported(_entity(row, sealer), entity_id in victims, entity_id)
    # A link made from the graph names a kept entity by the id its file gave it.
    named = {record: entity["id"] for entity, record in kept if record}
    links, _, _ = driver.execute_query(query("ingest", "ftm_case_links"), case_id=case_id, database_=database, routing_="r")
    for row in links:
        if row["link_id"] not in kept_links:
            data = row.data()
            ends = {k: named.get(data[k], data[k]) for k in ("source_id", "target_id")}
            yield Exported(_link(data | ends))
    # Evidence as Events, dated; none about a victim (what was done to her, and when, is her story),
    # none a partner's file gave (it came back above, as it came).
    evidence, _, _ = driver.execute_query(query("ingest", "ftm_case_evidence"), case_id=case_id, database_=database,
                                          routing_="r")
    for row in evidence:
        if row["evidence_id"] not in kept_ids and row["about_id"] not in victims:
            giver = row["given_by"]
            yield Exported(evidence_entity(row.data(), named.get(row["about_id"], row["about_id"]),
                                           named.get(giver, giver) if giver else None))
