"""The rule packs: offences, measures, protections and non-punishment entries, with citations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from api.deps import CurrentUser
from service.models import PackSummary
from api.problems import responses
from rules import load_packs, pack_for

router = APIRouter(prefix="/catalogue", tags=["catalogue"], responses=responses(401))


@router.get("", response_model=list[PackSummary], summary="The rule packs, one per jurisdiction")
def read_packs(_: CurrentUser) -> list[PackSummary]:
    """Any role: the law as data holds no case data."""
    return [PackSummary(jurisdiction=p.jurisdiction, title=p.title, version=p.version, review_status=p.review_status,
                        currency=p.currency, disclaimer=p.disclaimer, offences=len(p.offences),
                        measures=len(p.measures), protections=len(p.protections))
            for p in load_packs().values()]


@router.get("/{jurisdiction}", summary="One rule pack in full", responses=responses(404))
def read_pack(
    _: CurrentUser,
    jurisdiction: Annotated[str, Path(description="A jurisdiction code.", examples=["NO"], max_length=10)],
) -> dict[str, Any]:
    """Every rule of the pack with its citation and source status (confirmed or unverified)."""
    return pack_for(jurisdiction).model_dump(mode="json")
