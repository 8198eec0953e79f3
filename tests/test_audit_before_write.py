"""A write is committed only after its audit record is on disk (probe 3, finding 7).

With the audit log unwritable, a match decision, an undo and a saved plan answered 500
`audit-unavailable` but were committed all the same. Each now writes its intent first: with the log
down, the answer is 500 and nothing changes.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.app import create_app
from ingest.writer import load_bundle
from service.auth import Role
from tests.api_support import ASSIGNED, service_settings
from tests.paths import KORSO
from tests.test_match_api_cli import KORSO_CASE, same_as
from web.app import mount_web
from web.session import COOKIE, Session, codec

pytestmark = pytest.mark.neo4j


def test_with_the_log_down_no_decision_undo_or_plan_is_committed(sample_loaded: Driver, tmp_path: Path) -> None:
    load_bundle(sample_loaded, KORSO)
    app = mount_web(create_app(service_settings(tmp_path, THBGRAPH_AUDIT_LOG="/dev/full"), sample_loaded))
    client = TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    services = app.state.services
    token = services.users.add("both", Role.investigator, [ASSIGNED, KORSO_CASE])
    api = {"Authorization": f"Bearer {token}", "X-Purpose": "test"}
    before = same_as(sample_loaded)
    assert client.post("/matches/K001/P003", headers=api, json={"judgement": "same"}).status_code == 500
    assert same_as(sample_loaded) == before
    now = time.time()
    client.cookies.set(COOKIE, codec(services).dumps(Session(services.users.digest(token), "tok", now, now)))
    web = {"X-CSRF-Token": "tok"}
    decided = client.post(f"/web/cases/{KORSO_CASE}/matches/decide", headers=web,
                          data={"left": "K001", "right": "P003", "judgement": "unsure"})
    assert decided.status_code == 500 and same_as(sample_loaded) == before
    # An undo: a decision made with the log up, then undone with it down.
    from resolve.decisions import decide  # noqa: PLC0415
    from resolve.matcher import Matcher  # noqa: PLC0415

    decide(sample_loaded, None, Matcher.from_graph(sample_loaded, None, services.sealer).pair("K001", "P003"),
           "same", "x")
    standing = same_as(sample_loaded)
    assert client.delete("/matches/K001/P003/decision", headers=api).status_code == 500
    assert same_as(sample_loaded) == standing
    plans = (tmp_path / "plans.sqlite3")
    page = client.get(f"/web/cases/{ASSIGNED}/plans", headers=web)
    import re  # noqa: PLC0415

    action = re.findall(r'name="action" value="([^"]+)"', page.text)[0]
    saved = client.post(f"/web/cases/{ASSIGNED}/plans/save", headers=web, data={"title": "t", "action": action})
    assert saved.status_code == 500
    from service.plan_store import plan_store  # noqa: PLC0415

    assert plan_store(services.settings.home).list(ASSIGNED) == [], plans
