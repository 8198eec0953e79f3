"""The service session: an analyst's Cypher over `POST /cypher`, with a token and no database
credentials. The service runs it on an analysis database holding only the analyst's cases,
victims already under pseudonyms (docs/api.md, "The analysis database"): need-to-know by
construction, which a direct session cannot give. What the service does not offer is refused
here with a message, never done on a database instead."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from typing import Any

import httpx
import pandas as pd
from pydantic_core import to_jsonable_python

from analyst.base import Notebook, WriteRefused
from analyst.frames import plain_rows
from analyst.service_network import network_from_pages
from service.cypher_guard import CypherInvalid, CypherRefused, CypherTimedOut
from queries.network.model import CaseNetwork

TOKEN_ENV = "THBGRAPH_TOKEN"
#: Seconds to wait for an answer: the service stops a query after its own limit, and may first
#: write the analysis database for the analyst's cases.
HTTP_TIMEOUT_S = 300.0
#: Nodes and links asked for per page of a case network (the service's default THBGRAPH_PAGE_MAX).
PAGE = 500
WRITE_REFUSED = ("refused: writes are not possible over the service (analysts' Cypher is read-only, on their "
                 "cases only). Writing is for administrators, in a direct session on their own database.")


class ServiceError(RuntimeError):
    """The service refused the request or did not answer; the message says why."""


class PartialNetworkWarning(UserWarning):
    """A case network from the service lacks what the network route does not serve."""


class ServiceAnalyst(Notebook):
    """What `analyst.connect(service=...)` gives: `cypher`, `named`, `%%cypher`, `draw` and
    `case_network` over the service, as DataFrames and networks already pseudonymised."""

    mode = "service"
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
                  "cypher-timeout": CypherTimedOut}.get(slug, ServiceError)
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
        body = self._call("POST", "/cypher", json={"query": text, "parameters": to_jsonable_python(parameters or {})})
        frame = pd.DataFrame(body["rows"], columns=body["columns"])
        truncated = bool(body["truncated"])
        if max_rows is not None and len(frame) > max_rows:
            frame, truncated = frame.head(max_rows), True
        frame.attrs["truncated"] = truncated
        if body.get("message"):
            frame.attrs["message"] = body["message"]
        return frame

    def case_network(self, *case_ids: str) -> CaseNetwork:
        """Your cases' networks from `GET /cases/{id}/network` (victims under pseudonyms), for
        `rank_key_persons`, `options_for_person`, plans. The route serves persons, businesses and
        links only: no evidence, shared identifiers or minor flags, so analyses that weigh them
        see less than in a direct session (a warning says so)."""
        pages = [self._pages(case_id) for case_id in sorted(case_ids)]
        warnings.warn("a case network from the service holds persons, businesses and links only (no evidence, "
                      "shared identifiers or minor flags): analyses weighing those see less", PartialNetworkWarning,
                      stacklevel=2)
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
        raise ServiceError("a service session cannot load data: the service's cases are loaded by its administrators")

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
        me = session._call("GET", "/me")  # noqa: SLF001 (its own class, before it is handed out)
    except ServiceError:
        client.close()
        raise
    if me["role"] != "analyst":
        client.close()
        raise ServiceError(f"this token is a{'n' if me['role'][0] in 'aeiou' else ''} {me['role']}'s: the service "
                           "runs notebook Cypher for analysts only")
    return session
