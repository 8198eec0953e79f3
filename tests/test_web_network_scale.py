"""The network page at a real size, in Chromium at a laptop's 1366x768: a generated 2,000-person case.

Its 150-node start view piled into three strands of stacked nodes (2,669 overlapping pairs), in a
canvas of a quarter of the window, laid out afresh at each load. Now: at most 5 overlapping pairs,
labels readable at fit, the canvas at least half the window, and the same picture at every load.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from neo4j import Driver

import ingest.generate
from service.auth import Role, UserStore
from tests.conftest import wipe
from tests.paths import SAMPLE
from tests.web_support import WebService, act, browser, running, shoot, sign_in  # noqa: F401 (fixtures)

CASE = "GEN-0001"
LAPTOP = {"width": 1366, "height": 768}
MAX_OVERLAPS = 5
#: Cytoscape hides a label drawn smaller than the style's min-zoomed-font-size; 8 px still reads.
MIN_LABEL_PX = 8


@pytest.fixture(scope="module")
def big_service(tmp_path_factory: pytest.TempPathFactory, neo4j_uri: str, session_driver: Driver,
                monkeypatch_module: pytest.MonkeyPatch) -> Iterator[WebService]:
    from ingest.catalogue import load_catalogue  # noqa: PLC0415
    from ingest.generate import generate_bundle  # noqa: PLC0415
    from ingest.writer import load_bundle  # noqa: PLC0415

    home = tmp_path_factory.mktemp("web-big")
    wipe(session_driver)
    load_catalogue(session_driver)
    load_bundle(session_driver, SAMPLE)
    monkeypatch_module.setattr(ingest.generate, "PERSONS_PER_CASE", 2000)  # one case of them all
    generate_bundle(home / "generated", persons=2000, seed=7)
    load_bundle(session_driver, home / "generated")
    secret = secrets.token_urlsafe(32)
    service = WebService("", home, secret=secret)
    service.tokens["investigator"] = UserStore(home / "users.sqlite3", secret).add("investigator", Role.investigator,
                                                                                   [CASE])
    try:
        with running(service, neo4j_uri):
            yield service
    finally:
        wipe(session_driver)


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


MEASURE = """() => {
  const cy = thbNetwork.cy, nodes = cy.nodes(':visible');
  const boxes = nodes.map(n => n.renderedBoundingBox({includeLabels: false}));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps++;
  }
  const g = document.getElementById('nw-graph').getBoundingClientRect();
  const font = Math.min(...nodes.map(n => parseFloat(n.style('font-size')) * cy.zoom()));
  return {nodes: nodes.length, overlaps, share: g.width * g.height / (innerWidth * innerHeight), font,
          positions: Object.fromEntries(cy.nodes().map(n => [n.id(), [Math.round(n.position('x')), Math.round(n.position('y'))]]))};
}"""


def _start_view(page, service: WebService) -> dict:
    page.goto(f"{service.base}/web/cases/{CASE}/network")
    page.wait_for_selector("#network-app[data-ready=true]", timeout=300_000)
    return page.evaluate(MEASURE)


def test_the_start_view_of_a_large_case_fills_the_window_without_pile_ups(big_service, browser) -> None:  # noqa: F811
    page = sign_in(browser, big_service, "investigator").page
    page.set_viewport_size(LAPTOP)
    view = _start_view(page, big_service)
    shoot(page, "network-GEN-0001-1366")
    assert view["share"] >= 0.5, f"the canvas is {view['share']:.0%} of the window"
    assert view["overlaps"] <= MAX_OVERLAPS, f"{view['overlaps']} overlapping pairs of {view['nodes']} nodes"
    assert view["font"] >= MIN_LABEL_PX, f"labels drawn at {view['font']:.1f} px at fit"
    # The same start view with every group of victims open, laid out afresh: 150 nodes, no pile-up either.
    page.evaluate("""() => { const net = thbNetwork;
      net.cy.nodes('[kind = "group"]').forEach(g => net.opened.add(g.data('signature')));
      net.cy.elements().remove(); net.render(true); }""")
    whole = page.evaluate(MEASURE)
    shoot(page, "network-GEN-0001-1366-ungrouped")
    assert whole["nodes"] >= 100  # the start view of a large case: key persons and their neighbours
    assert whole["overlaps"] <= MAX_OVERLAPS, f"{whole['overlaps']} overlapping pairs of {whole['nodes']} nodes"
    assert whole["font"] >= MIN_LABEL_PX, f"labels drawn at {whole['font']:.1f} px at fit"


def test_victims_of_one_controller_are_grouped_and_open_on_click(big_service, browser) -> None:  # noqa: F811
    page = sign_in(browser, big_service, "investigator").page
    page.set_viewport_size(LAPTOP)
    before = _start_view(page, big_service)["nodes"]
    groups = page.evaluate("thbNetwork.cy.nodes('[kind = \"group\"]').map(g => g.data())")
    assert groups and all(g["label"] == f"{len(g['members'])} victims" and len(g["members"]) >= 6 for g in groups)
    first = groups[0]
    drawn = set(page.evaluate("thbNetwork.cy.nodes().map(n => n.id())"))
    assert not drawn & set(first["members"])  # folded: not drawn one by one
    act(page, f"thbNetwork.cy.getElementById({first['id']!r}).emit('tap')")
    after = set(page.evaluate("thbNetwork.cy.nodes().map(n => n.id())"))
    assert set(first["members"]) <= after and first["id"] not in after
    assert len(after) == before - 1 + len(first["members"])


def test_a_reload_draws_the_same_positions(big_service, browser) -> None:  # noqa: F811
    page = sign_in(browser, big_service, "investigator").page
    page.set_viewport_size(LAPTOP)
    first = _start_view(page, big_service)["positions"]
    again = _start_view(page, big_service)["positions"]
    assert first.keys() == again.keys()
    moved = [k for k in first if first[k] != again[k]]
    assert not moved, f"{len(moved)} of {len(first)} nodes moved between two loads"
