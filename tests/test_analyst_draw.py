"""`nb.draw` for a briefing (analyst review, finding 8): a legend of its colours, a caption line,
captions chosen by the analyst, identifiers named by value, and links with amounts and dates.
Pure: the frames are built here, as `POST /cypher` returns nodes and relationships."""

from __future__ import annotations

import re

import pandas as pd

from analyst import viewer
from analyst.draw import draw, graph_of


def _node(eid: str, labels: list[str], **props: object) -> dict:
    return {"element_id": eid, "labels": labels, "properties": props}


FRAME = pd.DataFrame([[
    _node("1", ["Person"], person_id="P002", name="Marius Popescu", nationality="RO"),
    {"element_id": "r1", "type": "PAID", "start": "1", "end": "2", "properties": {"amount": 12500.0, "since": "2023-01-01"}},
    _node("2", ["Person"], person_id="V-0123456789abcdef", name="V-0123456789abcdef", nationality="UA"),
    {"element_id": "r2", "type": "HAS_IDENTIFIER", "start": "1", "end": "3", "properties": {}},
    _node("3", ["Identifier"], kind="phone", value="+4746890312", identifier_id="phone:+4746890312"),
]], columns=["a", "paid", "b", "has", "phone"])


def test_captions_colours_and_legend() -> None:
    graph, legend = graph_of(FRAME)
    captions = {n.id: n.caption for n in graph.nodes}
    assert captions == {"1": "Marius Popescu", "2": "V-0123456789abcdef", "3": "+4746890312"}
    assert set(legend) == {"Person", "victim", "Identifier"}
    links = {r.id: r.caption for r in graph.relationships}
    assert links["r1"] == "PAID 12,500 2023-01-01"
    graph, legend = graph_of(FRAME, caption="person_id", colour_by="nationality")
    assert {n.id: n.caption for n in graph.nodes}["1"] == "P002"
    assert set(legend) == {"RO", "UA", "(none)"}


def test_the_picture_carries_its_title_and_legend() -> None:
    html = draw(FRAME, title="Payments around P002").data
    assert "Payments around P002" in html and "Identifier" in html and "victim" in html


def test_the_viewer_is_stored_once_per_notebook() -> None:
    """Before, every picture embedded neo4j-viz's 4.4 MB page. Now the session's first picture
    carries the viewer, the later ones their data and a call to it: a few KB each."""
    viewer.forget()
    first, second, third = (draw(FRAME).data for _ in range(3))
    assert len(first) > 1_000_000 and "window.thbgraphViewer=function" in first
    for later in (second, third):
        assert len(later) < 20_000, len(later)
        assert "window.thbgraphViewer=function" not in later and "thbgraphViewer(" in later
        assert "Marius Popescu" in later and "+4746890312" in later  # its own data
    ids = {re.search(r'<div id="(thbgraph-viz-\w+)">', p).group(1) for p in (first, second, third)}  # type: ignore[union-attr]
    assert len(ids) == 3  # each picture reads its own data block, not the first one's
    assert len(draw(FRAME, viewer=True).data) > 1_000_000


def test_the_viewer_stays_with_the_cell_that_carries_it(monkeypatch) -> None:  # noqa: ANN001
    """Re-running the cell whose picture carries the viewer keeps it there (JupyterLab's cell id)."""
    viewer.forget()
    cell = ["cell-a"]
    monkeypatch.setattr(viewer, "_cell", lambda: cell[0])
    assert len(draw(FRAME).data) > 1_000_000
    cell[0] = "cell-b"
    assert len(draw(FRAME).data) < 20_000
    cell[0] = "cell-a"
    assert len(draw(FRAME).data) > 1_000_000
