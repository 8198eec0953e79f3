"""What the service holds for its lifetime (`app.state.services`): the driver, users, audit log,
pseudonyms, sealer, caches, the Cypher pool and the analysis database; both faces reach it by `get_services`."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from neo4j import Driver

from graph.cypher import query
from graph.sealing import Sealer
from graph.store_full import Store
from queries.network.model import CaseNetwork, SharedIdentifier
from queries.network.projection import Projector, UnknownCase
from service.analysis_content import AnalysisContent, content
from service.analysis_db import AnalysisDatabase
from service.audit import AuditLog
from service.auth import UserStore
from service.cache import GraphCache
from service.match_process import MatchProcess
from service.cypher_pool import CypherPool
from service.pdf_pool import PdfPool
from service.redact import Pseudonyms, Victim, VictimIndex, possible_victims, pseudonymise
from service.scope import within
from service.settings import ServiceSettings
from service.victims import read_victims, reveal, victim_cases

#: Versions of the analysis database's content (see `Services.analysis_reading`).
_VERSIONS = itertools.count()
CASE_FIELDS = ("case_id", "title", "jurisdiction", "status", "opened_on")


@dataclass
class Services:
    """Everything the service holds for its lifetime (`app.state.services`)."""

    settings: ServiceSettings
    driver: Driver
    database: str | None
    users: UserStore
    audit: AuditLog
    pseudonyms: Pseudonyms
    sealer: Sealer  # opens victims' sealed values; only this process holds the key
    cache: GraphCache  # case projections (as stored, and as each user sees them), the victims' list
    results: GraphCache  # analyses of a case as one user sees it (small, many)
    cypher: CypherPool  # analysts' Cypher, on threads of its own
    pdf: PdfPool  # PDF exports: a few Chromiums shared by all users
    analysis: AnalysisDatabase  # where analysts' Cypher runs: their cases only, pseudonymised
    #: A version of each set of cases, new when the graph changed; and what is kept as long as that
    #: content (the victims' indexes), because it takes tens of seconds to rebuild at 10,000 persons.
    versions: GraphCache
    #: Where the matcher scores (nomenklatura loaded at start, service/match_process.py); None: in this process.
    match_process: MatchProcess | None = None
    #: Where the database is: its store's folder, named in the server's log when its disk is full (none
    #: known for a driver given to `create_app`).
    store: Store = Store("")

    def victim_list(self) -> list[Victim]:
        """Every victim's identifying values, opened."""
        return self.cache.get("victim-list", lambda: read_victims(self.driver, self.database, self.sealer))

    def victims(self, cases: frozenset[str], *, sealed_values: bool = True, analyst: bool = True) -> VictimIndex:
        """The identifying values of the victims in these cases (a user's), for redaction and the
        audit: every person who is a victim in one of them. Never every victim: a victim of a case
        the user does not work on must neither be found from the user's requests nor change their
        responses, not even when he is a suspect in theirs (he is shown as that suspect).

        `analyst`: the index for an analyst, who has each word of a victim's name withheld (her
        relatives share it); for anyone else, whole values only, and everyone else's own name in
        their own record is theirs (service/victim_index.py).

        Kept as long as the content it indexes (`versions`), not for the projections' short TTL:
        every response is released through it, and at 10,000 persons it took tens of seconds to
        build, which the first request after each pause of a few seconds paid again. The victims'
        values are part of its key: a corrected name that changes no count (re-read with the
        victims' list after that short TTL) still gets a new index, withheld as soon as before."""
        listed = tuple(self.victim_list())

        def build() -> VictimIndex:
            theirs = self.cache.get("victim-cases", lambda: victim_cases(self.driver, self.database, listed))
            victims = [v for v in listed if theirs.get(v.person_id, frozenset()) & cases]
            ids = {v.person_id for v in victims}
            # Each case's projection read once for both uses: at 10,000 persons a projection takes
            # seconds, and one read per use outlived the projections' TTL (each was read twice).
            networks = list(self._networks(cases))
            if not analyst:
                return VictimIndex(victims, self.pseudonyms, sealed_values=sealed_values, relatives=False,
                                   others=own_names(networks, ids))
            possible = _possible_victims(networks, ids)
            return VictimIndex(victims, self.pseudonyms, sealed_values=sealed_values, clear=possible,
                               others=own_names(networks, ids | {v.person_id for v in possible}))

        return self.versions.get(("victims", cases, sealed_values, analyst, listed), build)

    def cypher_victims(self, cases: frozenset[str]) -> VictimIndex:
        """The index an analyst's Cypher results are checked with (`victims(cases, sealed_values=False)`),
        kept as long as the analysis database's content (`analysis_reading`): built while the query
        waits for that content, never within the query's own time limit. At 10,000 persons it took
        34 s under load, which the 10 s limit of the first query after a rewrite could not hold
        (docs/benchmarks.md)."""
        return self.victims(cases, sealed_values=False)

    def _networks(self, cases: frozenset[str]) -> Iterator[CaseNetwork]:
        """The networks of these cases that are in the graph: a user may be assigned a case before
        its bundle lands (or after it was removed), and such a case has no one to withhold."""
        for case_id in sorted(cases):
            try:
                yield self.case_network(case_id)
            except UnknownCase:
                continue

    def forget(self) -> None:
        """Drop everything computed from the graph (after a load through the API)."""
        self.cache.clear()
        self.results.clear()
        self.versions.clear()

    def analysis_content(self, cases: frozenset[str]) -> AnalysisContent:
        """What the analysis database holds for these cases: the analysts' view (service/analysis_content.py)."""
        records, _, _ = self.driver.execute_query(query("service", "case_summaries"), case_ids=sorted(cases),
                                                  database_=self.database, routing_="r")
        summaries = [{k: r[k] for k in CASE_FIELDS} for r in records]
        if not summaries:
            return AnalysisContent()
        victims = self.victim_list()
        # The analysts' database holds the cases as loaded: SAME_AS decisions are not copied into it.
        network = reveal(Projector(self.driver, self.database).case([c["case_id"] for c in summaries],
                                                                    follow_same_as=False), victims, self.sealer)
        sealed = frozenset((kind, value) for v in victims for kind, value, _ in v.identifiers)
        scoped = within(network, cases)
        # Every identifier the parties hold, not only shared ones: "is this number anyone's in my
        # case?" must find a suspect's own phone (analyst review, finding 6).
        records, _, _ = self.driver.execute_query(
            query("service", "analysis_identifiers_held"), person_ids=sorted(scoped.persons),
            business_ids=sorted(scoped.businesses), database_=self.database, routing_="r")
        held = [SharedIdentifier(kind, value, tuple(sorted(owners))) for kind, value, owners in records[0]["identifiers"]]
        scoped = reveal(replace(scoped, shared_identifiers=held), victims, self.sealer)
        records, _, _ = self.driver.execute_query(
            query("service", "analysis_details"), person_ids=sorted(scoped.persons),
            evidence_ids=sorted(e.evidence_id for e in scoped.evidence), database_=self.database, routing_="r")
        births = {pid: born.to_native() for pid, born in records[0]["births"]}
        texts = {eid: self.sealer.open(enc, record=eid, field="description") for eid, enc in records[0]["descriptions"]}
        return content(summaries, pseudonymise(scoped, self.pseudonyms), self.victims(cases), self.pseudonyms, sealed,
                       births=births, texts=texts)

    def catalogue(self) -> dict[str, list[object]]:
        """The public rule catalogue, as copied into the analysis database."""
        def read() -> dict[str, list[object]]:
            records, _, _ = self.driver.execute_query(query("service", "analysis_catalogue"), database_=self.database,
                                                      routing_="r")
            return {"nodes": records[0]["nodes"], "relationships": records[0]["relationships"]}

        return self.cache.get("catalogue", read)

    @contextmanager
    def analysis_reading(self, cases: frozenset[str], wait_s: float) -> Iterator[Driver]:
        """A driver to the analysis database holding these cases as the graph is now (rewritten if
        it holds other cases, or if the graph changed since it was written)."""
        version = self.versions.get(cases, lambda: next(_VERSIONS))
        with self.analysis.reading((cases, version), cases, wait_s) as driver:
            yield driver

    def case_network(self, case_id: str) -> CaseNetwork:
        """A case's projection, as it is in the graph (shared: never change it; derive a copy)."""
        return self.cache.get(("case", case_id), lambda: reveal(Projector(self.driver, self.database).case([case_id]),
                                                                self.victim_list(), self.sealer))



def _possible_victims(networks: list[CaseNetwork], victims: set[str]) -> list[Victim]:
    """The possible victims of these networks (a victim to analysts), with their name: held in clear."""
    found: dict[str, Victim] = {}
    for network in networks:
        for pid in possible_victims(network) - victims:
            found[pid] = Victim(pid, network.persons[pid].name)
    return list(found.values())


def own_names(networks: list[CaseNetwork], victims: set[str]) -> dict[str, str]:
    """The name of each person of these networks who is no victim in them, by id."""
    return {pid: person.name for network in networks for pid, person in network.persons.items()
            if pid not in victims and person.name}


# `async def` so that it runs on the event loop: a plain `def` would cost a hop to a worker thread
# and back for reading memory (see api/deps.py).
async def get_services(request: Request) -> Services:
    return request.app.state.services


ServicesDep = Annotated[Services, Depends(get_services)]

