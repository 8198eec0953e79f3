"""A page of one case: the user's case (404 like a missing one otherwise), their view of it, their purpose."""

from __future__ import annotations

from dataclasses import dataclass
import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.responses import JSONResponse

from service.auth import CASE_ROLES, Role
from service.cache import GraphCache
from service.problems import Problem
from service.release import audit, released
from service.services import Services, get_services
from service.viewer import Viewer
from web.session import WebUser, get_web_user


@dataclass
class CasePage:
    request: Request
    services: Services
    web: WebUser
    case_id: str

    @property
    def purpose(self) -> str | None:
        """Why the user sees victims' identities on this case, if they said so (web/routes/cases.py reveal)."""
        return self.web.session.purpose(self.case_id) if self.web.user.sees_identities else None

    @property
    def viewer(self) -> Viewer:
        """The API's view of the case: victims under pseudonyms until a purpose is given."""
        return Viewer(self.services, self.web.user, hidden=self.purpose is None)

    def release(self, data: Any, own: Iterable[str] = ()) -> Any:
        """What the page may show of `data` (service/release.py `released`: scrubbed, or audited with the
        purpose), but for the reader's `own` texts (what they typed, their saved plans' titles): as typed."""
        return released(self.services, self.web.user, self.request.scope, data, purpose=self.purpose, own=own)

    def kept(self, key: tuple[Hashable, ...], compute: Callable[[], Any]) -> Any:
        """`compute()` for this case view, kept while the graph is unchanged (`KEPT`), not for the
        service's short TTL: a controller's panel at 2,000 persons takes seconds to work out."""
        viewer = self.viewer
        return _kept(self.services).get((*key, self.web.user.cases, viewer.analyst, viewer.is_analyst), compute)

    def release_memo(self, key: tuple[Hashable, ...], compute: Callable[[], Any], *, shown: bool = True) -> Any:
        """`release(compute())`, kept per case view and release step (`kept`): scrubbing a controller's
        panel (hundreds of flags) costs more than the page. Scrubbed once per set of cases; with a
        purpose, the victims it discloses are found once and audited at every page shown, as `release`
        does (`shown=False`: worked out ahead, shown to no one, so not audited)."""
        services, user = self.services, self.web.user
        index = services.victims(user.cases, analyst=user.role is Role.analyst)
        if user.role is Role.analyst or not user.sees_identities or not self.purpose:
            # Not keyed by the index's token: a new index is built every TTL, and this keeps only what the
            # graph (its fingerprint) and the cases (the key) decide.
            # Per kind of reader too: an analyst has more withheld than an investigator without a purpose.
            return self.kept(("released", user.role is Role.analyst, *key), lambda: index.scrub(compute()))
        data = self.kept(("raw", *key), compute)
        disclosed = self.kept(("disclosed", *key), lambda: sorted(index.disclosed(data)))
        if disclosed and shown:
            audit(services, user, self.request.scope, status=200, records=disclosed, purpose=self.purpose)
        return data

    def json(self, data: Any) -> JSONResponse:
        """`data` for a widget's JSON endpoint: scrubbed here without a purpose; with one, the API's release
        step audits it on the way out (with the session's purpose, `request.state.purpose`), as for the API."""
        return JSONResponse(data if self.purpose else self.release(data))


#: Panels kept per service while the graph is unchanged (its fingerprint, api/cache.py), an hour at most.
KEPT_TTL_S, KEPT_ENTRIES = 3600.0, 256
_KEPT: dict[int, GraphCache] = {}
_KEPT_LOCK = threading.Lock()


def _kept(services: Services) -> GraphCache:
    with _KEPT_LOCK:
        cache = _KEPT.get(id(services))
        if cache is None or cache.driver is not services.driver:
            cache = _KEPT[id(services)] = GraphCache(services.driver, services.database, KEPT_TTL_S, KEPT_ENTRIES)
        return cache


async def get_case_page(request: Request, web: Annotated[WebUser, Depends(get_web_user)],
                        case_id: Annotated[str, Path(max_length=200)]) -> CasePage:
    if web.user.role not in CASE_ROLES or case_id not in web.user.cases:
        raise Problem(404, "not-found", "no such case among your cases")
    request.state.cases = [case_id]
    case = CasePage(request, await get_services(request), web, case_id)
    if case.purpose:
        request.state.purpose = case.purpose
    return case


CasePageDep = Annotated[CasePage, Depends(get_case_page)]
