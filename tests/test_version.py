"""The version is written once, in pyproject.toml; the API's schema reads it from the installed
package's metadata."""

from __future__ import annotations

import tomllib
from pathlib import Path

from api.app import create_app
from tests.api_support import service_settings
from tests.paths import ROOT


def test_the_api_states_the_version_pyproject_gives(tmp_path: Path) -> None:
    written = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    app = create_app(service_settings(tmp_path), driver=object())  # type: ignore[arg-type]  # no call reaches it
    assert app.version == app.openapi()["info"]["version"] == written


def test_the_version_is_written_once() -> None:
    written = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    stated = [p.relative_to(ROOT).as_posix() for top in ("api", "service", "web", "cli", "server")
              for p in (ROOT / top).rglob("*.py") if f'"{written}"' in p.read_text()]
    assert stated == []
