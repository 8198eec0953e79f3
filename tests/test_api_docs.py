"""The service documents itself: every route has a summary and is in docs/api.md, every problem
type the code can answer with is in its table, and every setting is described."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.routing import APIRoute

from api.app import create_app
from service.settings import ServiceSettings
from tests.api_support import service_settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def _routes(tmp_path: Path) -> list[APIRoute]:
    app = create_app(service_settings(tmp_path), driver=object())  # type: ignore[arg-type]  # no call reaches it
    return [r for r in app.routes if isinstance(r, APIRoute) and r.include_in_schema]


def test_every_route_has_a_summary_and_is_documented(tmp_path: Path) -> None:
    for route in _routes(tmp_path):
        assert route.summary and route.description, route.path
        assert route.path.split("/{")[0] in DOCS and route.path.split("/")[-1] in DOCS, route.path


def test_every_problem_type_is_documented() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "api").rglob("*.py"))
    slugs = set(re.findall(r'(?:Problem\(|_mapped\()\s*\d{3},\s*"([a-z-]+)"', code))
    slugs |= set(re.findall(r'\d{3}: "([a-z-]+)"', code)) | {"http-error", "internal-error"}
    assert len(slugs) > 10, slugs
    missing = sorted(s for s in slugs if f"`/problems/{s}`" not in DOCS)
    assert not missing, missing


def test_every_setting_is_documented() -> None:
    for field in ServiceSettings.model_fields.values():
        assert field.validation_alias in DOCS, field.validation_alias
