"""Who the token belongs to."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser
from service.models import Me
from api.problems import responses

router = APIRouter(tags=["me"], responses=responses(401))


@router.get("/me", response_model=Me, summary="The user behind the token, their role and cases")
async def read_me(user: CurrentUser) -> Me:
    """Any role."""
    return Me(name=user.name, role=user.role.value, cases=sorted(user.cases), sees_identities=user.sees_identities)
