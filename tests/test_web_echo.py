"""The web app is no echo oracle (probe 3, finding 4): text a user types comes back as typed.

A plan title typed as a victim's name, surname, id or birth date came back as her pseudonym (or
"[withheld]") on the evaluation, in the saved list, in the comparison and in the plan PDF, to
analysts and to investigators who had not given a purpose: with a list of names, each victim of
one's cases could be tied to a name. Now the author gets every title back as typed, the same for
a victim's value as for anyone's; another reader gets a colleague's title with victims' values
withheld, never turned into a pseudonym.
"""

from __future__ import annotations

import html
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.app import create_app
from service.auth import Role
from tests.api_support import ASSIGNED, VICTIMS, sample_once, service_settings  # noqa: F401 (fixture)
from web.app import mount_web
from web.session import COOKIE, Session, codec

pytestmark = pytest.mark.neo4j
#: Victims of the reader's case, their values as a user might type them, beside values of no one.
OWN = [pid for pid in VICTIMS if pid <= "P014"]
TYPED = [v for pid in OWN[:3] for v in (VICTIMS[pid][0], VICTIMS[pid][0].split()[-1], pid, VICTIMS[pid][1])]
NOBODY = ["Kari Nordmann", "Nordmann", "P999", "1990-01-01"] * 3
SIGNS = re.compile(r"V-[0-9a-f]{16}|ID-[0-9a-f]{16}|\[withheld\]")


@pytest.fixture(scope="module")
def web(sample_once: Driver, tmp_path_factory: pytest.TempPathFactory) -> TestClient:  # noqa: F811
    app = mount_web(create_app(service_settings(tmp_path_factory.mktemp("web-echo")), sample_once))
    return TestClient(app, follow_redirects=False)


_tokens: dict[str, str] = {}


def _as(web: TestClient, name: str, role: Role) -> dict[str, str]:
    """Signed in as `name` (a session cookie as the sign-in page makes one); the headers of a change."""
    services = web.app.state.services  # type: ignore[attr-defined]
    if name not in _tokens:
        _tokens[name] = services.users.add(name, role, [ASSIGNED])
    now = time.time()
    web.cookies.clear()
    web.cookies.set(COOKIE, codec(services).dumps(Session(services.users.digest(_tokens[name]), "tok", now, now)))
    return {"X-CSRF-Token": "tok"}


def _action(web: TestClient, headers: dict[str, str]) -> str:
    page = web.get(f"/web/cases/{ASSIGNED}/plans", headers=headers)
    assert page.status_code == 200, page.text
    return re.findall(r'name="action" value="([^"]+)"', page.text)[0]


def _loaded(location: str) -> str:
    """The saved plan a redirect after a save loads (`saved:N`)."""
    return parse_qs(urlsplit(location).query)["load"][0]


def _shown(text: str, value: str) -> str:
    """The answer with the typed value taken out: what is left must not depend on whose value it was."""
    return SIGNS.sub("<sign>", text.replace(html.escape(value), "<v>").replace(value, "<v>"))


@pytest.mark.parametrize("role", [Role.analyst, Role.investigator])
def test_a_typed_title_comes_back_as_typed(web: TestClient, role: Role, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = _as(web, f"echo-{role.value}", role)
    action = _action(web, headers)
    printed: list[str] = []
    monkeypatch.setattr("web.routes.export.html_to_pdf", lambda h: printed.append(h) or b"%PDF-1.4")
    for value, other in zip(TYPED, NOBODY):
        answers = []
        for title in (value, other):
            evaluated = web.post(f"/web/cases/{ASSIGNED}/plans/evaluate", data={"title": title, "action": action},
                                 headers=headers)
            assert evaluated.status_code == 200, evaluated.text
            heading = re.findall(r"<th scope=\"col\">(.*?)</th>", evaluated.text)
            assert html.escape(title) in heading, (role, title, heading)
            saved = web.post(f"/web/cases/{ASSIGNED}/plans/save", data={"title": title, "action": action},
                             headers=headers)
            assert saved.status_code == 303, saved.text
            ref = _loaded(saved.headers["location"])
            listed = web.get(f"/web/cases/{ASSIGNED}/plans?load={ref}", headers=headers)
            label = re.findall(rf'<label for="saved-{ref.partition(":")[2]}">(.*?) <span', listed.text)
            assert label == [html.escape(title)], (role, title, label)
            assert f'value="{html.escape(title)}"' in listed.text  # the loaded plan's title field
            compared = web.post(f"/web/cases/{ASSIGNED}/plans/compare", data={"plan": [ref, ref]}, headers=headers)
            assert compared.status_code == 200 and html.escape(title) in compared.text, compared.text
            pdf = web.post(f"/web/cases/{ASSIGNED}/plans/export.pdf", data={"plan": [ref]}, headers=headers)
            assert pdf.status_code == 200, pdf.text
            assert f"<h2>{html.escape(title)}</h2>" in printed[-1], (role, title)
            answers.append(_shown(evaluated.text + "\n" + printed[-1], title))
        assert answers[0].count("<sign>") == answers[1].count("<sign>"), (role, value)


def test_another_readers_sees_a_colleagues_title_withheld_never_as_a_pseudonym(web: TestClient) -> None:
    author = _as(web, "echo-author", Role.investigator)
    action = _action(web, author)
    refs = {}
    for value in TYPED:
        saved = web.post(f"/web/cases/{ASSIGNED}/plans/save", data={"title": f"Plan {value} x", "action": action},
                         headers=author)
        refs[value] = _loaded(saved.headers["location"])
    surnames = {VICTIMS[pid][0].split()[-1] for pid in OWN}
    for name, role in (("echo-reader-a", Role.analyst), ("echo-reader-i", Role.investigator)):
        reader = _as(web, name, role)
        page = web.get(f"/web/cases/{ASSIGNED}/plans", headers=reader).text
        for value, ref in refs.items():
            label = re.findall(rf'<label for="saved-{ref.partition(":")[2]}">(.*?) <span', page)
            # A surname alone is a victim's value to analysts only (her relatives share it); an investigator
            # without a purpose has whole values withheld (docs/api.md, "What is withheld from whom").
            shown = f"Plan {value} x" if role is Role.investigator and value in surnames else "Plan [withheld] x"
            assert label == [shown], (role, value, label)
