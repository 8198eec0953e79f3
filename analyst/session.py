"""The direct session: one driver from the CLI's settings, read-only Cypher, victims pseudonymised.

It reads the whole database it points at: for administrators and local exploration of test
data. Analysts use the service session (analyst/service.py): `connect(service=URL, token=...)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
from neo4j import Driver

from analyst.base import SAMPLE_CASES, Notebook, WriteRefused, say_if_cut, say_notifications, with_plan
from analyst.frames import records_frame, result_frame
from analyst.keys import pseudonym_key
from service.cache import GraphCache
from service.cypher_guard import CypherRefused, run_read_only, run_write
from service.cypher_params import plain
from service.redact import Pseudonyms, VictimIndex, pseudonymise
from service.victims import read_victims
from graph.cypher import LIBRARY, query
from graph.db import connect as connect_driver
from graph.settings import Settings, get_settings
from queries.network.model import CaseNetwork
from queries.network.projection import Projector

#: Analysts' queries may run longer than the service's (they are alone on their session) ...
DEFAULT_TIMEOUT_S = 60.0
#: ... and return more rows: a DataFrame holds them well.
DEFAULT_MAX_ROWS = 10_000
#: The victims' index is re-read when the graph's counts change, and at the latest after this.
VICTIMS_TTL_S = 60.0
SAMPLE = Path(str(resources.files("ingest").joinpath("sample")))


#: Where the service is, for `connect()` without arguments (its token: THBGRAPH_TOKEN).
SERVICE_ENV = "THBGRAPH_SERVICE_URL"

__all__ = ["SERVICE_ENV", "Analyst", "WriteRefused", "connect"]


class Analyst(Notebook):
    """What `analyst.connect()` gives without a service: Cypher and named queries as DataFrames, pictures, and
    case networks for the analyses, with victims under pseudonyms everywhere."""

    def __init__(self, driver: Driver, database: str | None, pseudonyms: Pseudonyms, *, stable_key: bool) -> None:
        self.driver, self.database, self.pseudonyms, self.stable_key = driver, database, pseudonyms, stable_key
        self.timeout, self.max_rows = DEFAULT_TIMEOUT_S, DEFAULT_MAX_ROWS
        self._cache = GraphCache(driver, database, ttl=VICTIMS_TTL_S, max_entries=64)

    # -- victims -------------------------------------------------------------------------------
    def victims(self) -> VictimIndex:
        return self._cache.get("victims", lambda: VictimIndex(read_victims(self.driver, self.database, None),
                                                               self.pseudonyms))

    def scrub(self, value: Any) -> Any:
        """Any value with every victim's identifying text replaced (names, birth dates, identifiers, ids)."""
        return self.victims().scrub(value)

    def real_id(self, given: str) -> str:
        """The person id behind a victim's pseudonym (other ids unchanged): for query parameters."""
        return self.victims().resolve(given)

    def alias(self, person_id: str) -> str:
        """How a person appears to analysts: a victim by pseudonym, anyone else by id."""
        return self.victims().alias(person_id)

    # -- Cypher --------------------------------------------------------------------------------
    def cypher(self, text: str, parameters: dict[str, Any] | None = None, *, write: bool = False,
               timeout: float | None = None, max_rows: int | None = None) -> pd.DataFrame:
        """Run Cypher and return a DataFrame. Read-only unless `write=True`: the plan is checked
        first and the query runs in a READ transaction. Values travel as parameters; a victim's
        pseudonym given as a parameter is turned back into their id."""
        params = {k: self._resolve(v) for k, v in plain(parameters or {}).items()}
        run = run_write if write else run_read_only
        try:
            result = run(self.driver, self.database, text, params,
                         timeout=timeout or self.timeout, max_rows=max_rows or self.max_rows)
        except CypherRefused as e:
            if write:
                raise
            raise WriteRefused(f"refused: {e}. Queries run read-only unless you allow writes: "
                               "`%%cypher --write`, or `cypher(..., write=True)`.") from None
        if write:
            self._cache.clear()
        frame = with_plan(result_frame(result, self.victims()), self.scrub(result.plan))
        say_notifications(frame, self.scrub(result.notifications))
        if result.truncated:
            frame.attrs["cut_by"] = f"cut at {len(frame)} rows ({result.note})"
        return say_if_cut(frame, "Keep more with max_rows= (`%%cypher --max-rows N`), page it with ORDER BY and "
                                 "SKIP/LIMIT, or aggregate.")

    def _resolve(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.real_id(value)
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return [self.real_id(v) for v in value]
        return value

    # -- analyses ------------------------------------------------------------------------------
    def case_network(self, *case_ids: str) -> CaseNetwork:
        """The cases' network for `rank_key_persons`, `options_for_person`, plans, ...: victims
        known by their pseudonyms from the start, so reasons and flags speak of pseudonyms."""
        network = Projector(self.driver, self.database).case(sorted(case_ids))
        return pseudonymise(network, self.pseudonyms)

    def key_persons(self, case_id: str, *, top: int = 10, key_set: int | None = None) -> dict[str, Any]:
        """What `GET /cases/{id}/key-persons` answers (the same shape in a service session)."""
        from queries.key_persons.rank import key_player_set, rank_key_persons  # noqa: PLC0415

        network = self.case_network(case_id)
        result = rank_key_persons(network, top=top).to_dict()
        if key_set:
            result["key_player_set"] = key_player_set(network, key_set).to_dict()
        return self.scrub(result)

    def options(self, case_id: str, person_id: str) -> dict[str, Any]:
        """What `GET /cases/{id}/persons/{pid}/options` answers (the same shape in a service session)."""
        from service.views import network_options  # noqa: PLC0415

        # The network knows victims by pseudonym; a victim's real id is a missing person there, as on the service.
        network = self.case_network(case_id)
        if self.victims().is_victim(person_id):
            pid = person_id
        else:
            pid = self.alias(self.real_id(person_id))
            if pid not in network.persons and self.pseudonyms.victim(pid) in network.persons:
                # A possible victim: the network knows him by pseudonym, this session's index (identified
                # victims, read from the graph) does not, so its own Cypher still shows his id.
                pid = self.pseudonyms.victim(pid)
        return self.scrub(network_options(network, case_id, pid))

    def frame(self, records: Iterable[Any]) -> pd.DataFrame:
        """Analysis results (dicts, dataclasses, objects with `to_dict`) as a scrubbed DataFrame."""
        return records_frame(records, self.victims())

    # -- data ----------------------------------------------------------------------------------
    def ensure_sample(self) -> str:
        """Load the sample cases into an empty database (the notebooks start from them); do nothing
        if they are there; refuse to mix them into a database that holds other cases."""
        from graph.schema import apply_schema  # noqa: PLC0415 (only this method writes)
        from ingest.catalogue import load_catalogue  # noqa: PLC0415
        from ingest.writer import load_bundle  # noqa: PLC0415

        records, _, _ = self.driver.execute_query(query(LIBRARY, "case_list"), database_=self.database, routing_="r")
        cases = {r["case_id"] for r in records}
        if cases >= SAMPLE_CASES:
            return "The sample cases are loaded."
        if cases:
            raise RuntimeError(f"this database holds other cases ({', '.join(sorted(cases)[:5])}, ...): the "
                               "sample is not loaded into it. Point NEO4J_URI at a scratch database for the notebooks.")
        apply_schema(self.driver, self.database)
        load_catalogue(self.driver, database=self.database)
        load_bundle(self.driver, SAMPLE, database=self.database)
        self._cache.clear()
        return "Loaded the sample cases into the empty database."

    def close(self) -> None:
        self.driver.close()


def connect(settings: Settings | None = None, *, uri: str | None = None, service: str | None = None,
            token: str | None = None) -> Notebook:
    """With `service` (or THBGRAPH_SERVICE_URL, when no `uri` is given): a session on the HTTP
    service with an analyst's token (or THBGRAPH_TOKEN), reaching only their cases. Otherwise a
    session on the Neo4j the CLI would use (NEO4J_URI, else the running local runtime), reaching
    all of it. Inside IPython it also makes `%%cypher` run on this session."""
    if service is None and uri is None and settings is None:
        service = os.environ.get(SERVICE_ENV, "").strip() or None
    session: Notebook
    if service is not None:
        if uri is not None or settings is not None:
            raise ValueError("give either `service` (the analysts' way) or `uri`/`settings` (direct), not both")
        from analyst.service import connect_service  # noqa: PLC0415

        session = connect_service(service, token)
    else:
        settings = settings or get_settings()
        key, stable = pseudonym_key()
        session = Analyst(connect_driver(settings, uri=uri), settings.neo4j_database, Pseudonyms(key),
                          stable_key=stable)
    from analyst.magic import register  # noqa: PLC0415 (IPython only when there is one)

    register(session)
    return session
