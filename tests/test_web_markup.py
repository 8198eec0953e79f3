"""Text is text on every page (probe 3, finding 2): markup planted in any field is shown, never rendered.

An investigator loads into their case a person, a business and evidence whose every text field is
HTML: an image pointing at an identity JSON endpoint, a bold element and a link, each with an id.
Colleagues then open every page that shows them (case, network with its timeline and graph, person
panel, plans, matches) in Chromium: no planted element may exist in the page, and no request may
leave for a planted address; the markup is on screen as text.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.api_support import ASSIGNED
from tests.test_web_network import open_network
from tests.web_support import browser, sign_in, web_service  # noqa: F401 (fixtures)

PAGES = ["", "/network", "/persons/PX950", "/plans", "/matches"]


def _markup(field: str) -> str:
    return (f'Mark <img src="/web/api/cases/{ASSIGNED}/persons/P012/options?pwn-{field}" id="pwn-img-{field}">'
            f'<b id="pwn-b-{field}">BOLD</b><a id="pwn-a-{field}" href="https://evil.example/{field}">link</a>')


def _upload(service) -> None:  # noqa: ANN001
    bundle = {
        "cases": [{"case_id": ASSIGNED, "title": "Operation Glans", "jurisdiction": "NO", "opened_on": "2024-03-04",
                   "status": "open"}],
        "persons": [{"person_id": "PX950", "name": _markup("person")}],
        "businesses": [{"business_id": "BX950", "name": _markup("business"), "sector": _markup("sector")}],
        "roles": [{"case_id": ASSIGNED, "person_id": "PX950", "role": "suspect"}],
        "links": [{"source_id": "PX950", "type": "OWNS", "target_id": "BX950", "case_id": ASSIGNED,
                   "since": "2020-01-01"},
                  {"source_id": "PX950", "type": "ASSOCIATE_OF", "target_id": "P001", "case_id": ASSIGNED,
                   "since": "2021-05-01", "note": _markup("note")}],
        "evidence": [{"evidence_id": "EX950", "case_id": ASSIGNED, "about_id": "PX950", "kind": "document",
                      "indicator": "unreported_wages", "independent_of_victim": True, "description": _markup("evidence"),
                      "observed_on": "2020-02-01", "until": "2020-04-30"}],
    }
    request = urllib.request.Request(f"{service.base}/bundles", data=json.dumps(bundle).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {service.tokens['investigator']}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (the test's own server)
            assert answer.status in (200, 201)
    except urllib.error.HTTPError as e:
        raise AssertionError(e.read().decode()) from None


def test_planted_markup_is_text_on_every_page(web_service, browser) -> None:  # noqa: F811
    _upload(web_service)
    for user in ("prosecutor", "investigator", "analyst"):
        visit = sign_in(browser, web_service, user)
        page = visit.page
        planted: list[str] = []
        page.on("request", lambda r: planted.append(r.url) if "pwn" in r.url or "evil.example" in r.url else None)
        for path in PAGES:
            if path == "/matches" and user == "analyst":
                continue  # analysts do not review matches
            if path == "/network":
                open_network(visit, web_service)
                page.wait_for_selector(".vis-item-content", timeout=30_000)
            else:
                page.goto(f"{web_service.base}/web/cases/{ASSIGNED}{path}")
            found = page.evaluate("document.querySelectorAll('[id^=pwn]').length")
            assert found == 0, (user, path, page.content()[:2000])
            if path in ("/network", "/persons/PX950"):
                assert '<b id="pwn-b-person">' in page.inner_text("body"), (user, path)  # shown, as text
        assert planted == [], (user, planted)
        page.context.close()


def test_planted_markup_in_a_timeline_tooltip_is_text(web_service, browser) -> None:  # noqa: F811
    """The timeline's tooltip (a link's `title`: both parties' names) goes through vis-timeline's `xss`
    filter, set to keep no tag: shown over the bar of the planted person's OWNS link, it holds the
    markup as text, no element, and the browser fetches nothing planted."""
    _upload(web_service)
    visit = sign_in(browser, web_service, "prosecutor")
    page = visit.page
    planted: list[str] = []
    page.on("request", lambda r: planted.append(r.url) if "pwn" in r.url or "evil.example" in r.url else None)
    open_network(visit, web_service)
    # The planted person's OWNS bar, brought into the timeline's window and scrolled to (vis-timeline
    # draws only what is in view).
    item = page.evaluate("thbNetwork.timeline.items.get().find(i => (i.title || '').includes('pwn-b-business'))?.id")
    assert item is not None
    page.evaluate("id => thbNetwork.timeline.timeline.focus(id, {animation: false})", item)
    bar = page.locator(".vis-item", has_text="pwn-b-business").first
    bar.wait_for(state="attached", timeout=30_000)
    # Rows and bars are text nodes of their own, never strings for vis-timeline's HTML path (whose filter
    # alone would also keep tags out: mutation audit, each layer checked on its own).
    for where in (".vis-item-content", ".vis-label .vis-inner"):
        first = page.evaluate(f"[...document.querySelectorAll('{where}')].map(e => e.firstElementChild?.tagName ?? null)")
        assert first and set(first) == {"SPAN"}, (where, first)
    bar.dispatch_event("mouseover")  # what a hover sends; the bar may be under another row's
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=30_000)
    shown = tooltip.inner_text()
    assert '<b id="pwn-b-person">BOLD</b>' in shown and "OWNS" in shown, shown  # the markup, as text
    assert page.evaluate("document.querySelectorAll('.vis-tooltip *').length") == 0, tooltip.inner_html()
    assert page.evaluate("document.querySelectorAll('[id^=pwn]').length") == 0
    page.wait_for_timeout(500)  # an <img> would have asked for its address by now
    assert planted == [], planted
    page.context.close()


def test_planted_markup_in_an_evidence_items_tooltip_is_text(web_service, browser) -> None:  # noqa: F811
    """Dated evidence on the timeline (its tooltip names whom it is about: the planted person) is text
    too: the item's content a text node, the tooltip free of elements, nothing fetched."""
    _upload(web_service)
    visit = sign_in(browser, web_service, "investigator")
    page = visit.page
    planted: list[str] = []
    page.on("request", lambda r: planted.append(r.url) if "pwn" in r.url or "evil.example" in r.url else None)
    open_network(visit, web_service)
    page.evaluate("thbNetwork.timeline.timeline.focus('ev-EX950', {animation: false})")
    bar = page.locator(".vis-item.evidence", has_text="Unreported wages").first
    bar.wait_for(state="attached", timeout=30_000)
    assert page.evaluate("[...document.querySelectorAll('.vis-item.evidence .vis-item-content')]"
                         ".every(e => e.children.length === 1 && e.firstElementChild.tagName === 'SPAN'"
                         " && e.firstElementChild.children.length === 0)")
    bar.dispatch_event("mouseover")
    tooltip = page.locator(".vis-tooltip")
    tooltip.wait_for(state="visible", timeout=30_000)
    shown = tooltip.inner_text()
    assert '<b id="pwn-b-person">BOLD</b>' in shown and "2020-02-01 to 2020-04-30" in shown, shown
    assert page.evaluate("document.querySelectorAll('.vis-tooltip *').length") == 0, tooltip.inner_html()
    assert page.evaluate("document.querySelectorAll('[id^=pwn]').length") == 0
    page.wait_for_timeout(500)
    assert planted == [], planted
    page.context.close()
