"""Is the service up, and does Neo4j answer? The one route open to anyone: it reveals nothing."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from api.deps import ServicesDep
from service.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Service and database health (no token needed)",
            responses={503: {"model": Health, "description": "Neo4j does not answer"}})
def read_health(services: ServicesDep) -> JSONResponse:
    """`ok` when Neo4j answers; 503 otherwise, so load balancers and compose health checks can tell."""
    try:
        services.driver.verify_connectivity()
    except (ServiceUnavailable, Neo4jError, OSError):
        return JSONResponse(Health(status="degraded", neo4j="unavailable").model_dump(), status_code=503)
    return JSONResponse(Health(status="ok", neo4j="ok").model_dump())
