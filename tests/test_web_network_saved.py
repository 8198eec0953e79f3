"""Saved views and layouts of the network page, in Chromium over the real service and Neo4j: a view
saved by one user (victims under pseudonyms) opens for a colleague on the case (after a reveal, by the
victims' real ids) with every party where it was put, the filters and who was shown; saving is audited;
another case's user cannot open it. The concentric layout puts the key persons in the middle. The view as
an SVG drawing, and browser print gives the picture (not a blank page)."""

from __future__ import annotations

import math

from tests.api_support import ASSIGNED, VICTIMS
from tests.test_web_network import open_network, until
from tests.web_support import act, browser, htmx_ready, shoot, sign_in, web_service  # noqa: F401 (fixtures)

SHOTS = "network-saved-view"


def positions(page) -> dict[str, tuple[float, float]]:
    return {n["id"]: (round(n["x"], 1), round(n["y"], 1)) for n in page.evaluate(
        "thbNetwork.cy.nodes().map(n => ({id: n.id(), x: n.position('x'), y: n.position('y')}))")}


def labels(page) -> dict[str, str]:
    return {n["id"]: n["label"] for n in page.evaluate("thbNetwork.cy.nodes().map(n => n.data())")}


def test_a_saved_view_opens_for_a_colleague_as_it_was_left(web_service, browser):  # noqa: F811
    v = sign_in(browser, web_service, "investigator")
    page, errors = open_network(v, web_service)
    htmx_ready(page)
    # Arrange: the concentric layout, one party hidden, one moved by hand, one link type off.
    page.select_option("#nw-layout", "concentric")
    hidden = page.evaluate("thbNetwork.cy.nodes().filter(n => n.data('role') === 'witness')[0].id()")
    act(page, f"thbNetwork.cy.getElementById('{hidden}').select()")
    page.click("#nw-hide")
    act(page, "thbNetwork.cy.getElementById('P002').position({x: 1234, y: -321})")
    page.uncheck("#nw-type-PAID")
    saved = positions(page)
    victims_hidden = {i for i, label in labels(page).items() if i.startswith("V-")}
    assert victims_hidden and not set(VICTIMS) & saved.keys()  # the investigator sees pseudonyms
    page.fill("#nw-view-name", "Before the hearing")
    page.click("#nw-view-save button[type=submit]")
    until(page, "document.getElementById('nw-status').textContent.includes('Saved the view')")
    shoot(page, SHOTS)
    records = [r for r in web_service.audit() if r["user"] == "investigator" and r["action"].startswith("view-save")]
    assert [r["action"] for r in records] == ["view-save-intent", "view-save"]
    assert "Before the hearing" in records[-1]["detail"]

    # A colleague on the case, who has revealed the victims' identities, opens it.
    p = sign_in(browser, web_service, "prosecutor").page
    p.goto(f"{web_service.base}/web/cases/{ASSIGNED}/network")
    p.get_by_label("say why").fill("Prepare the hearing")
    with p.expect_navigation():
        p.get_by_role("button", name="Reveal identities").click()
    p.wait_for_selector("#network-app[data-ready=true]", timeout=60_000)
    option = p.locator("#nw-view-list option", has_text="Before the hearing")
    assert "investigator" in option.inner_text()
    p.select_option("#nw-view-list", option.get_attribute("value"))
    p.click("#nw-view-open")
    until(p, "document.getElementById('nw-status').textContent.includes('Opened the view')")
    opened = positions(p)
    assert hidden not in opened and opened["P002"] == (1234.0, -321.0)
    # Every party where it was put: the victims now by their real ids, at their pseudonyms' places.
    assert sorted(opened.values()) == sorted(saved.values())
    assert {i for i in opened if i in VICTIMS} and not any(i.startswith("V-") for i in opened)
    assert not p.is_checked("#nw-type-PAID") and p.input_value("#nw-layout") == "concentric"
    assert errors == []
    shoot(p, f"{SHOTS}-opened")

    # Not for another case's user: as for a view that does not exist.
    view_id = option.get_attribute("value")
    other = sign_in(browser, web_service, "nordlys").page
    answer = other.request.get(f"{web_service.base}/web/api/cases/{ASSIGNED}/views/{view_id}")
    assert answer.status == 404


def test_the_concentric_layout_puts_the_key_persons_in_the_middle(web_service, browser):  # noqa: F811
    page, _ = open_network(sign_in(browser, web_service, "investigator"), web_service)
    page.select_option("#nw-layout", "concentric")
    nodes = page.evaluate("thbNetwork.cy.nodes().map(n => ({id: n.id(), rank: n.data('rank'), role: n.data('role'),"
                          " x: n.position('x'), y: n.position('y')}))")
    cx = sum(n["x"] for n in nodes) / len(nodes)
    cy = sum(n["y"] for n in nodes) / len(nodes)

    def far(n: dict) -> float:
        return math.hypot(n["x"] - cx, n["y"] - cy)

    first = next(n for n in nodes if n["rank"] == 1)
    victims = [n for n in nodes if n["role"] == "victim"]
    assert victims and all(far(first) < far(v) for v in victims)
    page.select_option("#nw-layout", "hierarchy")
    assert positions(page)  # laid out again, no error
    shoot(page, "network-concentric")


def test_the_view_as_an_svg_drawing_and_on_paper(web_service, browser):  # noqa: F811
    import io
    import xml.etree.ElementTree as ET

    from pypdf import PdfReader

    page, errors = open_network(sign_in(browser, web_service, "analyst"), web_service)
    with page.expect_download() as download:
        page.click("#nw-svg")
    svg = ET.parse(download.value.path()).getroot()  # well-formed XML, labels escaped
    ns = {"s": "http://www.w3.org/2000/svg"}
    shown = labels(page)
    assert len(svg.findall("s:g[@class='party']", ns)) == len(shown)
    assert len(svg.findall("s:line[@class='link']", ns)) == page.evaluate("thbNetwork.cy.edges(':visible').length")
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert texts == set(shown.values())
    text = ET.tostring(svg, encoding="unicode")
    assert not any(name in text for name, _ in VICTIMS.values())  # an analyst's drawing: pseudonyms only
    # Print: the picture in place of the canvas, the drawers and the page's chrome left out.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    until(page, "document.getElementById('nw-print').complete && document.getElementById('nw-print').naturalWidth > 0")
    page.emulate_media(media="print")
    assert page.is_visible("#nw-print") and not page.is_visible("#nw-controls") and not page.is_visible(".casenav")
    pdf = PdfReader(io.BytesIO(page.pdf()))
    assert len(pdf.pages) == 1 and len(pdf.pages[0].images) == 1  # the picture, on one page
    assert errors == []
