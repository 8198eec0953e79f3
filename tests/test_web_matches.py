"""The web app's review queue of matches, in Chromium, over the real `thbgraph serve` and Neo4j:
a person decides, the decision is a `SAME_AS` relationship and an audit record, and undo works."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from neo4j import Driver

from service.auth import Role
from ingest.writer import load_bundle
from resolve.review import HIDDEN_NOTE
from tests.api_support import ASSIGNED
from tests.paths import KORSO
from tests.test_match_api_cli import KORSO_CASE, same_as
from tests.test_web import _axe
from tests.web_support import browser, shoot, sign_in, web_service  # noqa: F401 (fixtures)

pytestmark = pytest.mark.neo4j
#: The service loads nomenklatura at start, as by default: the first matches page does not load it.
SERVICE_ENV = {"THBGRAPH_WARM_MATCHER": "1"}


@pytest.fixture(scope="module")
def sample_read_only(sample_read_only: Driver) -> Iterator[Driver]:
    """The sample and Operation Korso: records of two cases that match (tests/test_match_api_cli.py)."""
    load_bundle(sample_read_only, KORSO)
    yield sample_read_only


def _pair(page, left: str, right: str):
    return page.locator("section.match").filter(has=page.get_by_role("heading", name=re.compile(f"^{left}.* and {right}")))


def test_an_investigator_decides_a_match_and_undoes_it(web_service, browser, sample_read_only) -> None:  # noqa: F811
    web_service.add_user("kari", Role.investigator, [ASSIGNED, KORSO_CASE])
    v = sign_in(browser, web_service, "kari")
    page, base = v.page, web_service.base
    # The first test here: its Matches page is the queue's first load, which computes every case's
    # matches (24 s alone at load 10; past Playwright's 30 s beside other test workers).
    page.set_default_timeout(120_000)
    page.goto(f"{base}/web/cases/{KORSO_CASE}")
    page.get_by_role("link", name="Matches").click()
    page.wait_for_url(f"**/web/cases/{KORSO_CASE}/matches")
    pair = _pair(page, "K001", "P003")
    assert "same phone +40733218904" in pair.inner_text() and "not decided yet" in pair.inner_text()
    assert "NO-GLANS" in pair.inner_text() and KORSO_CASE in pair.inner_text()
    # Victims' matches (K002 and P011): their ids under pseudonyms until a purpose is given, their values sealed.
    text = page.locator("main").inner_text()
    assert "P011" not in text and "K002" not in text and "[sealed]" in text
    assert re.search(r"V-[0-9a-f]{16} \(SE-KORSO\) and V-[0-9a-f]{16} \(NO-GLANS\)", text)
    problems = _axe(page)
    assert not problems, problems
    pair.get_by_label("Same", exact=True).check()
    pair.get_by_role("button", name="Record decision").click()
    page.wait_for_url(f"**/web/cases/{KORSO_CASE}/matches")
    pair = _pair(page, "K001", "P003")
    assert "decided: same by kari" in pair.inner_text()
    assert same_as(sample_read_only) == [{"a": "K001", "b": "P003", "judgement": "same", "user": "kari",
                                           "undone": False}]
    shoot(page, "investigator-matches")
    pair.get_by_role("button", name='Undo the decision "same"').click()
    page.wait_for_url(f"**/web/cases/{KORSO_CASE}/matches")
    pair = _pair(page, "K001", "P003")
    assert "not decided yet" in pair.inner_text() and "by kari at" in pair.get_by_role("table", name=re.compile("^Decisions on this pair")).inner_text()
    assert same_as(sample_read_only)[0]["undone"] is True
    audited = [(r["user"], r["action"], r["detail"]["pair"], r["detail"].get("judgement"))
               for r in web_service.audit() if r["action"] in ("match-decide", "match-undo")]
    assert audited == [("kari", "match-decide", ["K001", "P003"], "same"), ("kari", "match-undo", ["K001", "P003"], None)]
    # A decision on the victims' pair through their pseudonyms reaches their real records.
    victim = _pair(page, "V-", "V-").filter(has_text="[sealed]").first
    victim.get_by_label("Unsure", exact=True).check()
    victim.get_by_role("button", name="Record decision").click()
    page.wait_for_url(f"**/web/cases/{KORSO_CASE}/matches")
    assert {"a": "K002", "b": "P011", "judgement": "unsure", "user": "kari", "undone": False} in same_as(sample_read_only)
    # Without the CSRF token: refused, nothing recorded.
    before = same_as(sample_read_only)
    refused = page.request.post(f"{base}/web/cases/{KORSO_CASE}/matches/decide",
                                form={"left": "K001", "right": "P003", "judgement": "different"})
    assert refused.status == 403 and same_as(sample_read_only) == before
    # With a purpose (the case bar's reveal), victims' ids are shown as on the other case pages; an id is no
    # identifying value (service/redact.py), and their values stay sealed in the reasons.
    page.get_by_label("To see who they are, say why").fill("link Korso to Glans")
    page.get_by_role("button", name="Reveal identities").click()
    page.wait_for_url(f"**/web/cases/{KORSO_CASE}/matches")
    revealed = page.locator("main").inner_text()
    assert "K002" in revealed and "P011" in revealed and "[sealed]" in revealed
    v.page.context.close()


def test_a_match_in_an_unassigned_case_is_only_a_notice(web_service, browser) -> None:  # noqa: F811
    v = sign_in(browser, web_service, "investigator")  # NO-GLANS only: Ion Dima's match is in SE-KORSO
    page, base = v.page, web_service.base
    page.set_default_timeout(120_000)  # the queue's first load, when this test runs alone
    page.goto(f"{base}/web/cases/{ASSIGNED}/matches")
    text = page.locator("main").inner_text()
    assert f"P003: {HIDDEN_NOTE}" in text
    assert "K001" not in v.seen() and KORSO_CASE not in v.seen() and "+40733218904" not in text
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    foreign = page.request.post(f"{base}/web/cases/{ASSIGNED}/matches/decide",
                                form={"csrf_token": csrf, "left": "K001", "right": "P003", "judgement": "same"})
    assert foreign.status == 404
    v.page.context.close()


def test_analysts_and_admins_do_not_review_matches(web_service, browser) -> None:  # noqa: F811
    v = sign_in(browser, web_service, "analyst")
    page, base = v.page, web_service.base
    page.goto(f"{base}/web/cases/{ASSIGNED}")
    assert page.locator(".casenav").get_by_role("link", name="Matches").count() == 0
    assert page.goto(f"{base}/web/cases/{ASSIGNED}/matches").status == 403
    v.page.context.close()
    admin = sign_in(browser, web_service, "admin")  # reads no case at all: the case's pages are 404
    assert admin.page.goto(f"{base}/web/cases/{ASSIGNED}/matches").status == 404
    admin.page.context.close()


def test_a_pair_side_by_side_shows_a_victims_values_only_after_a_reveal_in_both_cases(
        web_service, browser, sample_read_only) -> None:  # noqa: F811
    web_service.add_user("liv", Role.prosecutor, [ASSIGNED, KORSO_CASE])
    page = sign_in(browser, web_service, "liv").page
    page.set_default_timeout(120_000)  # the queue's first load computes every case's matches
    matches = f"{web_service.base}/web/cases/{KORSO_CASE}/matches"
    page.goto(matches)
    # A suspect's records: their values in two columns, what they share marked.
    table = _pair(page, "K001", "P003").locator("table.side-by-side")
    phone = table.locator("tr", has_text="+40733218904")
    # K001 has one phone, P003 two: they share one, and the row says so rather than "same".
    assert phone.count() == 1 and "1 in common" in phone.inner_text() and "same" not in phone.inner_text()
    assert table.locator("tr", has_text="Name").count() == 1

    def victims():
        return page.locator("section.match").filter(
            has=page.get_by_role("heading", name=re.compile(r"^(V-[0-9a-f]{16}|K002) \(SE-KORSO\) and")))

    name, born = "Vasyl Kovalenko", "1994-09-08"  # P011, the NO-GLANS side of the victims' pair
    assert "[sealed]" in victims().locator("table.side-by-side").inner_text()
    assert name not in page.content() and born not in page.content()
    # A reveal in one of the two cases is not enough.
    page.get_by_label("say why").fill("Check the Korso victim against Glans")
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal identities").click()
    assert "[sealed]" in victims().locator("table.side-by-side").inner_text() and name not in page.content()
    page.goto(f"{web_service.base}/web/cases/{ASSIGNED}")
    page.get_by_label("say why").fill("Same victim in Glans?")
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal identities").click()
    page.goto(matches)
    table = victims().locator("table.side-by-side")
    assert name in table.inner_text() and born in table.inner_text() and "[sealed]" not in table.locator(
        "tr", has_text="Name").inner_text()
    shoot(page, "matches-side-by-side-revealed")
    compared = [r for r in web_service.audit() if r["user"] == "liv" and r["action"] == "match-compare"]
    assert compared and {"K002", "P011"} <= set(compared[-1]["records"])
    assert "Same victim in Glans?" in compared[-1]["purpose"] and "Korso" in compared[-1]["purpose"]
