"""The HTTP service: `create_app(settings, driver)` builds it; `thbgraph serve` runs it under uvicorn."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from neo4j import Driver

from service.analysis_db import AnalysisDatabase, AnalysisServer
from service.audit import AuditLog
from service.auth import UserStore
from service.cache import GraphCache
from service.cypher_pool import CypherPool
from service.pdf_pool import PdfPool
from api.deps import CurrentUser, Services
from api.failures import ReleaseFailures, RouteFailures
from api.headers import SecurityHeaders
from api.problems import HANDLERS
from service.match_process import MatchProcess
from service.redact import Pseudonyms
from service.release import ReleaseMiddleware
from api.routes import bundles, cases, catalogue, cypher, health, key_persons, matches, me, options, persons, plans
from service.settings import ServiceSettings, load_service_settings
from graph.local import database_at
from graph.sealing import sealer_for
from graph.settings import get_settings

log = logging.getLogger("thbgraph.api")
#: pyproject.toml's, as installed: the one place the version is written.
VERSION = version("thbgraph")

ROUTERS = (health.router, me.router, cases.router, persons.router, key_persons.router, options.router,
           plans.router, catalogue.router, bundles.router, cypher.router, matches.router)

DESCRIPTION = """\
Investigation support for human-trafficking cases over a Neo4j knowledge graph: cases and their
networks, persons, key persons, alternative offences and disruption measures with their cost to
victims, the rule-pack catalogue, bundle upload and read-only Cypher for analysts.

Every route but `/health` needs `Authorization: Bearer <token>` (`thbgraph users add`). Users see
only the cases they are assigned to. Investigators and prosecutors state a purpose (`X-Purpose`)
for anything that may show victims' identities; each such response is audited. Analysts see
victims under stable pseudonyms. Errors are RFC 9457 problem details. Decision support, not legal advice.
"""


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


def build_services(settings: ServiceSettings, driver: Driver) -> Services:
    database = get_settings().neo4j_database
    pseudonyms = Pseudonyms(settings.pseudonym_key.get_secret_value())
    sealer = sealer_for(get_settings(), create=True)
    secret = settings.secret_key.get_secret_value()
    audit = AuditLog(settings.audit_path, secret)
    audit.repair()  # a torn last line (a crash mid-append) is set aside, and the log says so
    analysis_settings = get_settings().model_copy(update={"home": settings.home, "heap_mb": settings.analysis_heap_mb,
                                                          "pagecache_mb": settings.analysis_pagecache_mb})
    server = AnalysisServer(analysis_settings, settings.analysis_neo4j_uri, say=log.info)
    services = Services(
        settings=settings, driver=driver, database=database,
        users=UserStore(settings.users_path, secret), audit=audit,
        pseudonyms=pseudonyms, sealer=sealer,
        # Projections of large cases weigh tens of megabytes: few of them; analysis results are small.
        cache=GraphCache(driver, database, settings.cache_ttl_s, max_entries=16),
        results=GraphCache(driver, database, settings.cache_ttl_s, max_entries=1024),
        cypher=CypherPool(settings.cypher_workers, settings.cypher_per_user, settings.cypher_runaways_per_user),
        pdf=PdfPool(settings.pdf_workers, settings.pdf_per_user),
        analysis=None,  # type: ignore[arg-type]  # set below: it reads through the services
        versions=GraphCache(driver, database, settings.analysis_refresh_s, max_entries=256),
    )
    services.analysis = AnalysisDatabase(server, services.analysis_content, services.catalogue,
                                         get_settings().batch_size)
    return services


def _freeze_startup_heap() -> None:
    """What exists once the service has started (modules, the app, the rule packs: 145,000 objects
    after the imports alone) lives as long as the process. Out of the cyclic collector's sight, it
    is not walked again by each full collection: under load those came every two seconds and
    stopped every request for 80 ms. Only a service that owns its process does this, not an app
    in a test."""
    gc.collect()
    gc.freeze()


def service_app() -> FastAPI:
    """The app `thbgraph serve` runs in each worker process (uvicorn's factory): settings from the environment."""
    return create_app(load_service_settings())


def create_app(settings: ServiceSettings, driver: Driver | None = None) -> FastAPI:
    """The app over `driver`; without one, it connects on startup like the CLI does (NEO4J_URI,
    a running `thbgraph neo4j start`, or a local Neo4j started for as long as the service runs)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if driver is not None:
            yield
            return
        with database_at(get_settings(), say=log.info) as (own, store):
            app.state.services = build_services(settings, own)
            app.state.services.store = store
            _freeze_startup_heap()
            if settings.warm_matcher:  # nomenklatura loads in a process of its own, from now
                app.state.services.match_process = MatchProcess()
                app.state.services.match_process.start()
            try:
                yield
            finally:
                app.state.services.cypher.close()
                app.state.services.pdf.close()
                if app.state.services.match_process is not None:
                    app.state.services.match_process.close()
                app.state.services.analysis.server.close()  # started by the first analyst's query, if any

    app = FastAPI(
        title="thbgraph", version=VERSION, summary="Knowledge-graph investigation assistant for trafficking cases",
        description=DESCRIPTION, lifespan=lifespan, exception_handlers=HANDLERS,  # type: ignore[arg-type]
        generate_unique_id_function=_operation_id,
        # No anonymous access but /health: the schema is served to token holders below, and
        # there is no Swagger page (a browser page cannot send the token to fetch it).
        openapi_url=None, docs_url=None, redoc_url=None,
    )
    if driver is not None:
        app.state.services = build_services(settings, driver)
    # Innermost first: a route's failure becomes a 500 that the release step audits; a failure of
    # the release step itself is audited outside it; every response gets the security headers.
    app.add_middleware(RouteFailures)
    app.add_middleware(ReleaseMiddleware)
    app.add_middleware(ReleaseFailures)
    app.add_middleware(SecurityHeaders)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/openapi.json", include_in_schema=False)
    def read_openapi(_: CurrentUser) -> JSONResponse:
        return JSONResponse(app.openapi())

    return app
