"""The service session: an analyst's Cypher over `POST /cypher`, with a token and no database
credentials. The service runs it on an analysis database holding only the analyst's cases,
victims already under pseudonyms (docs/api.md, "The analysis database"): need-to-know by
construction, which a direct session cannot give. What the service does not offer is refused
here with a message, never done on a database instead."""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pandas as pd

from analyst.base import (
    SAMPLE_CASES,
    Notebook,
    PartialNetworkWarning,
    WriteRefused,
    say_if_cut,
    say_notifications,
    with_plan,
)
from analyst.frames import plain_rows
from analyst.service_network import network_from_pages
from queries.network.model import CaseNetwork
from service.cypher_guard import CypherInvalid, CypherRefused, CypherTimedOut
from service.cypher_params import ParameterRefused, encode

TOKEN_ENV = "THBGRAPH_TOKEN"
#: Seconds to wait for an answer: the service stops a query after its own limit, and may first
#: write the analysis database for the analyst's cases.
HTTP_TIMEOUT_S = 300.0
#: Nodes and links asked for per page of a case network (the service's default THBGRAPH_PAGE_MAX).
PAGE = 500
WRITE_REFUSED = ("refused: writes are not possible over the service (analysts' Cypher is read-only, on their "
                 "cases only). Writing is for administrators, in a direct session on their own database.")


WAITING = ("(waiting for the service: the first query after it starts, or after the graph or your cases changed, "
           "waits while the service writes your cases into the analysis database, up to 2 minutes; then your "
           "query runs within its time limit)")


CONNECTING = ("(waiting for the service: the first request after it starts, or after the graph changed, waits "
              "while the service reads your cases' victims, whose names and identifiers it withholds from every "
              "answer; tens of seconds for 10,000 persons)")


class ServiceError(RuntimeError):
    """The service refused the request or did not answer; the message says why."""


class ServiceAnalyst(Notebook):
    """What `analyst.connect(service=...)` gives: `cypher`, `named`, `%%cypher`, `draw` and
    `case_network` over the service, as DataFrames and networks already pseudonymised."""

    mode = "service"
    #: Seconds before a cell waiting for its answer says why it waits.
    wait_notice_s = 3.0
    #: Pseudonyms are the service's: stable across sessions and the same as in the API.
    stable_key = True

    def __init__(self, url: str, client: httpx.Client) -> None:
        self.url, self._client = url, client

    def __repr__(self) -> str:  # never the token
        return f"<ServiceAnalyst {self.url}>"

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.HTTPError as e:
            raise ServiceError(f"the service at {self.url} does not answer ({type(e).__name__}): is the URL right "
                               "and the service running?") from None
        if response.status_code == 200:
            return response.json()
        try:
            problem = response.json()
        except ValueError:
            problem = {}
        detail, slug = problem.get("detail") or response.reason_phrase, str(problem.get("type", "")).rsplit("/", 1)[-1]
        if response.status_code == 401:
            raise ServiceError(f"the service refused the token ({detail}): it is wrong, revoked or expired. Ask the "
                               f"administrator for a new one and set {TOKEN_ENV}.")
        raised = {"cypher-refused": CypherRefused, "cypher-invalid": CypherInvalid,
                  "cypher-timeout": CypherTimedOut, "cypher-parameter": ParameterRefused}.get(slug, ServiceError)
        raise raised(f"the service answered {response.status_code}: {detail}")

    def cypher(self, text: str, parameters: dict[str, Any] | None = None, *, write: bool = False,
               timeout: float | None = None, max_rows: int | None = None) -> pd.DataFrame:
        """Run read-only Cypher on the analysis database of your cases; `$case_ids` is preset to
        them. Victims are `V-…` there: give pseudonyms as parameters, get pseudonyms back."""
        if write:
            raise WriteRefused(WRITE_REFUSED)
        if timeout is not None:
            raise ServiceError("the service sets the time limit of analysts' Cypher (THBGRAPH_CYPHER_TIMEOUT_S): "
                               "a notebook cannot change it")
        body = self._waiting(lambda: self._call("POST", "/cypher", json={"query": text,
                                                                        "parameters": encode(parameters or {})}))
        frame = with_plan(pd.DataFrame(body["rows"], columns=body["columns"]), body.get("plan"))
        say_notifications(frame, body.get("notifications") or [])
        frame.attrs["truncated"] = bool(body["truncated"])
        if body["truncated"]:
            frame.attrs["message"] = body.get("message")
            frame.attrs["cut_by"] = (f"cut at {len(frame)} rows, the service's cap of {body['row_cap']} rows "
                                     "(THBGRAPH_CYPHER_MAX_ROWS)" if len(frame) == body["row_cap"]
                                     else f"cut at {len(frame)} rows ({body.get('message')})")
        if max_rows is not None and len(frame) > max_rows:
            frame = frame.head(max_rows)
            frame.attrs.update(truncated=True, cut_by=f"cut at {max_rows} rows (your max_rows)")
        return say_if_cut(frame, "Page it with ORDER BY and SKIP/LIMIT, or aggregate (the service's cap cannot be "
                                 "raised from a notebook).")

    def _waiting(self, call: Callable[[], Any], notice: str = WAITING) -> Any:
        """`call()`, saying what the cell waits for when the answer is slow to come (the review:
        a first query hung 37 s with no word why)."""
        timer = threading.Timer(self.wait_notice_s, lambda: print(notice, flush=True))
        timer.daemon = True
        timer.start()
        try:
            return call()
        finally:
            timer.cancel()

    def case_network(self, *case_ids: str) -> CaseNetwork:
        """Your cases' networks from `GET /cases/{id}/network` (victims under pseudonyms), for
        `rank_key_persons`, `options_for_person`, plans. The route serves persons, businesses and
        links only: no evidence, shared identifiers or minor flags, so analyses that weigh them
        see less than in a direct session (a warning says so)."""
        pages = [self._pages(case_id) for case_id in sorted(case_ids)]
        warnings.warn("a case network from the service holds persons, businesses and links only (no evidence, "
                      "shared identifiers or minor flags): analyses weighing those see less, and options_for_person "
                      "finds no options or flags. For the complete answers use nb.key_persons(case_id) and "
                      "nb.options(case_id, person_id)", PartialNetworkWarning, stacklevel=2)
        return network_from_pages(pages)

    def _pages(self, case_id: str) -> list[dict[str, Any]]:
        pages, offset = [], 0
        while True:
            page = self._call("GET", f"/cases/{case_id}/network", params={"offset": offset, "limit": PAGE})
            pages.append(page)
            offset += PAGE
            if offset >= max(page["nodes"]["count"], page["links"]["count"]):
                return pages

    @staticmethod
    def frame(records: Iterable[Any]) -> pd.DataFrame:
        """Analysis results as a DataFrame (what the service sent is already pseudonymised)."""
        return pd.DataFrame(plain_rows(records))

    @staticmethod
    def scrub(value: Any) -> Any:
        """Unchanged: a service session never receives a victim's real id or identifying values."""
        return value

    def alias(self, person_id: str) -> str:
        raise ServiceError("a service session has no pseudonym key: victims are known only by their pseudonyms, "
                           "as the service returns them")

    real_id = alias

    def ensure_sample(self) -> str:
        """The walkthrough notebooks' first cell: fine when the sample cases are among yours
        (nothing is loaded over the service: its cases are loaded by its administrators)."""
        cases = set(self._call("GET", "/me").get("cases", []))
        missing = sorted(SAMPLE_CASES - cases)
        if missing:
            raise ServiceError(f"a service session cannot load data, and the sample case(s) {', '.join(missing)} "
                               "are not among your cases: ask the administrator to assign them (the service's cases "
                               "are loaded by its administrators)")
        return "The sample cases are among your cases on the service."

    # -- the service's own analyses: complete, where a notebook's copy of the network is not ------
    def key_persons(self, case_id: str, *, top: int = 10, key_set: int | None = None) -> dict[str, Any]:
        """`GET /cases/{id}/key-persons`: the ranking with its reasons, computed by the service on
        everything it holds of the case (evidence and identifiers too), victims as pseudonyms."""
        params = {"top": top} | ({"set": key_set} if key_set else {})
        return self._call("GET", f"/cases/{case_id}/key-persons", params=params)

    def options(self, case_id: str, person_id: str) -> dict[str, Any]:
        """`GET /cases/{id}/persons/{pid}/options`: offences and measures with every victim-protection
        flag, on the evidence the service holds (a notebook's network from the service has none)."""
        return self._call("GET", f"/cases/{case_id}/persons/{person_id}/options")

    def close(self) -> None:
        self._client.close()


def connect_service(url: str, token: str | None = None) -> ServiceAnalyst:
    """A service session with `token`, else THBGRAPH_TOKEN; checked at once with `GET /me`."""
    token = (token or os.environ.get(TOKEN_ENV, "")).strip()
    if not token:
        raise ServiceError(f"a service session needs an analyst's token: pass token=... or set {TOKEN_ENV}")
    client = httpx.Client(base_url=url.rstrip("/"), headers={"Authorization": f"Bearer {token}"},
                          timeout=HTTP_TIMEOUT_S)
    session = ServiceAnalyst(url.rstrip("/"), client)
    try:
        # At 10,000 persons the service's first answer took 57 s (docs/benchmarks.md): said, not silent.
        me = session._waiting(lambda: session._call("GET", "/me"), CONNECTING)  # noqa: SLF001 (its own class)
    except ServiceError:
        client.close()
        raise
    if me["role"] != "analyst":
        client.close()
        raise ServiceError(f"this token is a{'n' if me['role'][0] in 'aeiou' else ''} {me['role']}'s: the service "
                           "runs notebook Cypher for analysts only")
    return session
