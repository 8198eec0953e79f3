"""Every victim's identifying values, read from Neo4j and opened: for the redaction index, and
put back into the case networks that investigators and prosecutors see."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from neo4j import Driver

from service.redact import Victim
from graph.cypher import query
from graph.sealing import Sealer, spelling_record
from queries.network.model import CaseNetwork


def read_victims(driver: Driver, database: str | None, sealer: Sealer | None) -> list[Victim]:
    """Every victim, with their identifying values opened; without a sealer (an analyst's
    notebook holds no key), their ids only: their values are sealed in the graph, so there is
    nothing of them in clear to scrub."""
    records, _, _ = driver.execute_query(query("service", "victim_identities"), database_=database, routing_="r")
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


def victim_cases(driver: Driver, database: str | None, victims: Iterable[Victim]) -> dict[str, frozenset[str]]:
    """The cases in which each victim is a victim. A victim of one case who is a suspect in
    another is that other case's suspect: its users see him as such, and learn nothing of the
    first case (security probe, finding 18)."""
    records, _, _ = driver.execute_query(query("service", "victim_role_cases"), person_ids=sorted({v.person_id for v in victims}),
                                         database_=database, routing_="r")
    return {r["person_id"]: frozenset(r["case_ids"]) for r in records}


def reveal(network: CaseNetwork, victims: Iterable[Victim], sealer: Sealer) -> CaseNetwork:
    """The network with victims' names and the identifiers they hold opened (the graph keeps them sealed).

    Analysts' views are derived from it by `pseudonymise`, which replaces both again.
    """
    names = {v.person_id: v.name for v in victims if v.person_id in network.persons}
    values = {sealer.blind(kind, value): value for v in victims for kind, value, _ in v.identifiers}
    persons = {pid: replace(p, name=names[pid]) if pid in names else p for pid, p in network.persons.items()}
    shared = [replace(s, value=values.get(s.value, s.value)) for s in network.shared_identifiers]
    return replace(network, persons=persons, shared_identifiers=shared)
