"""The chronology on the network page, in Chromium against the real service and Neo4j: dated evidence
on the timeline beside the links, on the row of whom it is about (a point on its day, a range where
what it shows lasted), selecting its party in the graph; none about a victim shown to an analyst."""

from __future__ import annotations

from tests.test_web_network import open_network, until
from tests.web_support import browser, shoot, sign_in, web_service  # noqa: F401 (fixtures)


def _items(page) -> dict[str, dict]:
    return {i["id"]: i for i in page.evaluate(
        "thbNetwork.timeline.items.get().map(i => ({id: i.id, group: i.group, start: i.start, end: i.end ?? null,"
        " type: i.type, title: i.title, className: i.className}))")}


def test_dated_evidence_is_on_the_timeline(web_service, browser):  # noqa: F811
    page, errors = open_network(sign_in(browser, web_service, "prosecutor"), web_service)
    items = _items(page)
    # E0012: two weeks of surveillance of Popescu, a range on his row; E0007: the passports seized, a point.
    watched, seized = items["ev-E0012"], items["ev-E0007"]
    assert (watched["group"], watched["start"], watched["end"], watched["type"]) == (
        "P002", "2024-02-12", "2024-02-25", "range")
    assert (seized["group"], seized["start"], seized["end"], seized["type"]) == ("P002", "2024-03-05", None, "point")
    assert "Movement control (surveillance)" in watched["title"] and "2024-02-12 to 2024-02-25" in watched["title"]
    assert "evidence" in watched["className"].split()
    assert "ev-E0018" not in items  # undated evidence stays off the timeline
    assert sum(i.startswith("ev-") for i in items) == sum(1 for i in items if "evidence" in items[i]["className"])
    # Drawn: brought into view, the bar is there with its words as text.
    page.evaluate("thbNetwork.timeline.timeline.focus(['ev-E0012', 'ev-E0007'], {animation: false})")
    bar = page.locator("#nw-timeline .vis-item.evidence.vis-range", has_text="Movement control").first
    bar.wait_for(state="visible", timeout=30_000)
    shoot(page, "network-timeline-evidence")
    assert page.locator("#nw-timeline .vis-item.evidence.vis-point", has_text="Passport withheld").count() >= 1
    # Chosen on the timeline, it selects the party it is about in the graph.
    bar.click()
    until(page, "thbNetwork.cy.nodes(':selected').map(n => n.id()).join() === 'P002'")
    assert not errors, errors


def test_an_analyst_sees_no_evidence_dates_about_a_victim(web_service, browser):  # noqa: F811
    page, _ = open_network(sign_in(browser, web_service, "analyst"), web_service)
    evidence = page.evaluate("thbNetwork.data.evidence")
    shown = {e["id"].removeprefix("ev-") for e in evidence}
    assert "E0012" in shown  # about the controller: his conduct, dated
    # E0030 and E0031 are about P016, a possible victim (under a pseudonym for analysts): not dated here.
    assert not shown & {"E0030", "E0031"}
    assert not [e for e in evidence if e["about"].startswith("V-")]
    page.context.close()
