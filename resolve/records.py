"""The persons and businesses of the graph as matching records; victims' values opened in memory.

Victims' names, birth dates and identifiers are sealed in the graph. The matcher opens them
with the key in this process only: they are compared here, and never written anywhere in clear
(a candidate's reasons say `[sealed]` where they would quote one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from neo4j import Driver

from graph.cypher import query
from graph.sealing import Sealer
from resolve.candidates import Identifier, Record

#: Identifiers that say who someone is. Addresses and vehicles are left out: housemates and
#: victims housed by one controller share them without being one person.
KINDS = ["phone", "email", "passport", "bank_account", "online_handle"]
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def _person(row: dict, sealer: Sealer | None) -> Record | None:
    sealed = row["name_enc"] is not None
    name, birth = row["name"], row["birth_date"]
    if sealed:
        if sealer is None:
            return None  # without the key a victim cannot be compared; `read_records` says so
        name = sealer.open(row["name_enc"], record=row["id"], field="name")
        birth = sealer.open(row["birth_date_enc"], record=row["id"], field="birth_date")
    identifiers = tuple(Identifier(i["kind"], i["identifier_id"], None if sealed else i["value"])
                        for i in row["identifiers"])
    return Record(row["id"], "Person", frozenset(row["cases"]), name, birth, row["country"], identifiers, sealed)


def _business(row: dict) -> Record:
    identifiers = [Identifier(i["kind"], i["identifier_id"], i["value"]) for i in row["identifiers"]]
    if row["registration_no"] and (number := _NOT_ALNUM.sub("", row["registration_no"].upper())):
        identifiers.append(Identifier("registration_no", f"registration_no:{number}", row["registration_no"]))
    return Record(row["id"], "Business", frozenset(row["cases"]), row["name"], None, row["country"],
                  tuple(identifiers))


def read_records(driver: Driver, database: str | None, sealer: Sealer | None) -> Iterator[Record]:
    """Every person with a role and every business linked in a case (victims only with a sealer)."""
    persons, _, _ = driver.execute_query(query("resolve", "match_persons"), kinds=KINDS, database_=database, routing_="r")
    for row in persons:
        if (record := _person(row.data(), sealer)) is not None:
            yield record
    businesses, _, _ = driver.execute_query(query("resolve", "match_businesses"), kinds=KINDS, database_=database,
                                            routing_="r")
    for row in businesses:
        yield _business(row.data())
