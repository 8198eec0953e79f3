"""`thbgraph export --case ID --format ftm`: a case as FtM entities, for partners on Aleph or OpenAleph.

Entities the case was loaded from in FtM come back as they came (ingest/ftm_load.py kept them);
everything else is written from the graph: persons, businesses, their phones, e-mails,
passport numbers and addresses, and the links FtM has an edge schema for (the rest become
UnknownLink). Victims' values are opened here, with the key: the caller pseudonymises them
unless the reader may see them (cli/ftm.py).
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


def _kept(driver: Driver, database: str | None, case_id: str, sealer: Sealer) -> tuple[list[dict], set[str]]:
    records, _, _ = driver.execute_query(query("ingest", "ftm_kept"), case_id=case_id, database_=database, routing_="r")
    kept, links = [], set()
    for r in records:
        props = json.loads(sealer.open(r["properties_enc"], record=r["ftm_key"], field="properties"))
        kept.append({"id": r["ftm_id"], "schema": r["schema"], "properties": props})
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
    kept_ids = {e["id"] for e in kept}
    for entity in kept:
        yield Exported(entity, entity["id"] in victims)
    for entity_id, row in rows.items():
        if entity_id not in kept_ids:
            yield Exported(_entity(row, sealer), entity_id in victims)
    links, _, _ = driver.execute_query(query("ingest", "ftm_case_links"), case_id=case_id, database_=database, routing_="r")
    for row in links:
        if row["link_id"] not in kept_links:
            yield Exported(_link(row.data()))
