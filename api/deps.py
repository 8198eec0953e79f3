"""What routes depend on: the services, the user, their role, their case, their purpose, their view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from service.auth import CASE_ROLES, Role, User
from service.problems import Problem
from service.services import ServicesDep
# Routes take these service-layer names from here too (explicit re-exports).
from service.services import Services as Services
from service.services import get_services as get_services
from service.viewer import Viewer

# The dependencies below are `async def` so that they run on the event loop: each plain `def` would
# cost a hop to a worker thread and back, and they do little more than read memory (the user
# store asks SQLite whether its file changed, in microseconds, and reads users only when it has).
# Routes that query Neo4j stay plain `def`.


bearer = HTTPBearer(auto_error=False, description="An API token from `thbgraph users add`.")


async def get_current_user(
    request: Request, services: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise Problem(401, "unauthorized", "send an API token: `Authorization: Bearer <token>`", headers=challenge)
    user = services.users.authenticate(credentials.credentials)
    if user is None:
        raise Problem(401, "unauthorized", "the API token is unknown or revoked", headers=challenge)
    request.state.user = user  # read by the release middleware (redaction and audit)
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require(*roles: Role) -> Callable[[User], User]:
    """A dependency that lets only these roles through (403 for the others)."""

    async def check(user: CurrentUser) -> User:
        if user.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise Problem(403, "forbidden", f"role {user.role.value!r} may not do this (allowed: {allowed})")
        return user

    return check


CaseReader = Annotated[User, Depends(require(*CASE_ROLES))]

CaseIdPath = Annotated[str, Path(description="A case id.", examples=["NO-GLANS"], max_length=200)]


async def get_assigned_case(request: Request, case_id: CaseIdPath, user: CurrentUser) -> str:
    """The case, if the user is assigned to it; 404 otherwise, so that no one learns which cases exist."""
    if user.role is not Role.admin and case_id not in user.cases:
        raise Problem(404, "not-found", "no such case among your cases")
    request.state.cases = [case_id]
    return case_id


AssignedCase = Annotated[str, Depends(get_assigned_case)]


async def get_purpose(
    user: CurrentUser,
    x_purpose: Annotated[str | None, Header(
        alias="X-Purpose", max_length=500,
        description="Why you need this data (required from investigators and prosecutors: "
                    "it is written to the audit log with the victims the response shows).",
        examples=["Prepare the interview of P002 on 2024-11-05"])] = None,
) -> str | None:
    if user.sees_identities and not (x_purpose or "").strip():
        raise Problem(400, "purpose-required", "this may show victims' identities: say why you need them in the "
                      "X-Purpose header", errors=[{"in": "header", "name": "X-Purpose", "message": "required"}])
    return x_purpose


Purpose = Annotated[str | None, Depends(get_purpose)]


async def get_viewer(services: ServicesDep, user: CurrentUser) -> Viewer:
    return Viewer(services, user)


ViewerDep = Annotated[Viewer, Depends(get_viewer)]
