"""What `thbgraph serve` runs in each worker (uvicorn's factory): the API with the web app mounted on it.

The only module that imports both faces (api/ and web/ import nothing of each other).
"""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from service.settings import load_service_settings
from web.app import mount_web


def service_app() -> FastAPI:
    """The API with the web app, settings from the environment."""
    return mount_web(create_app(load_service_settings()))
