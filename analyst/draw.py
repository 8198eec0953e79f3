"""A picture of the nodes and relationships in a result, drawn with neo4j-viz: its JavaScript
ships inside the package, so the picture works offline and inside a saved notebook, where it is
stored once (analyst/viewer.py)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pandas as pd
from neo4j_viz import Node, Relationship, VisualizationGraph

from analyst.viewer import picture
from service.redact import VICTIM_PREFIX

COLOURS = {"victim": "#e15759", "Person": "#4e79a7", "Business": "#f28e2b", "Identifier": "#9c9c9c",
           "Case": "#59a14f", "Evidence": "#b07aa1"}
#: The property that names a node in the picture (first found wins): an identifier by its value
#: (a pseudonym where the analyst may not see it), not by its kind alone.
CAPTIONS = ("name", "title", "value", "indicator", "case_id", "code", "kind")
#: Colours for `colour_by` a property: one per value, in order of first appearance.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f", "#bab0ac")


def elements(value: Any) -> Iterator[dict[str, Any]]:
    """Every node and relationship (in their JSON form) inside a cell, list, map or path."""
    if isinstance(value, dict):
        if "element_id" in value:
            yield value
            return
        for v in value.values():
            yield from elements(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from elements(v)


def _caption(node: dict[str, Any], caption: str | None = None) -> str:
    props = node.get("properties", {})
    for key in ((caption,) if caption else ()) + CAPTIONS:
        if props.get(key):
            return str(props[key])
    return ":".join(node.get("labels", [])) or node["element_id"]


def _kind(node: dict[str, Any]) -> str:
    if str(node.get("properties", {}).get("person_id", "")).startswith(VICTIM_PREFIX):
        return "victim"
    return next((l for l in node.get("labels", []) if l in COLOURS), ":".join(node.get("labels", [])) or "other")


def _link_caption(rel: dict[str, Any]) -> str:
    """The type, with the amount and the period where the link has them (a payment's size and date)."""
    props = rel.get("properties", {})
    parts = [rel["type"]]
    if props.get("amount") is not None:
        parts.append(f"{props['amount']:,.0f}" if isinstance(props["amount"], int | float) else str(props["amount"]))
    if props.get("since"):
        parts.append(str(props["since"]) + (f"–{props['until']}" if props.get("until") else ""))
    return " ".join(parts)


def graph_of(frame: pd.DataFrame, *, caption: str | None = None, colour_by: str | None = None,
             ) -> tuple[VisualizationGraph, dict[str, str]]:
    """The nodes and relationships of a (pseudonymised) result frame, and the legend (what each
    colour means); relationships whose ends the result does not hold are left out rather than
    drawn dangling. `caption`: the property to name nodes by first; `colour_by`: a property to
    colour nodes by (one colour per value) instead of by kind."""
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[str, dict[str, Any]] = {}
    for value in frame.itertuples(index=False):
        for e in elements(list(value)):
            (rels if "type" in e else nodes)[e["element_id"]] = e
    legend: dict[str, str] = {}
    colours: dict[str, str] = {}
    for n in nodes.values():
        if colour_by:
            key = str(n.get("properties", {}).get(colour_by, "(none)"))
            colour = legend.setdefault(key, PALETTE[len(legend) % len(PALETTE)])
        else:
            key = _kind(n)
            colour = legend.setdefault(key, COLOURS.get(key, "#76b7b2"))
        colours[n["element_id"]] = colour
    vis_nodes = [Node(id=eid, caption=_caption(n, caption), color=colours[eid], properties=n.get("properties", {}))
                 for eid, n in nodes.items()]
    vis_rels = [Relationship(id=eid, source=r["start"], target=r["end"], caption=_link_caption(r),
                             properties=r.get("properties", {}))
                for eid, r in rels.items() if r["start"] in nodes and r["end"] in nodes]
    return VisualizationGraph(nodes=vis_nodes, relationships=vis_rels), legend


def legend_html(legend: dict[str, str], title: str | None = None) -> str:
    """A caption line and the colour key, above the picture (both go into a briefing's screenshot)."""
    keys = " ".join(f'<span style="margin-right:1em"><span style="display:inline-block;width:0.8em;height:0.8em;'
                    f'border-radius:50%;background:{colour}"></span> {html.escape(name)}</span>'
                    for name, colour in legend.items())
    head = f"<div style='font-weight:bold'>{html.escape(title)}</div>" if title else ""
    return f"<div style='font-family:sans-serif;font-size:0.9em'>{head}<div>{keys}</div></div>"


def draw(frame: pd.DataFrame, *, height: str = "500px", caption: str | None = None, colour_by: str | None = None,
         title: str | None = None, viewer: bool | None = None) -> Any:
    """An interactive picture (HTML) of the result's nodes and relationships, with a legend of
    its colours and, given `title`, a caption line. The viewer's code comes with the session's
    first picture only (analyst/viewer.py); `viewer=True` puts it into this one too."""
    graph, legend = graph_of(frame, caption=caption, colour_by=colour_by)
    if not graph.nodes:
        raise ValueError("the result holds no nodes to draw: return nodes, relationships or paths")
    from IPython.display import HTML  # noqa: PLC0415 (what neo4j-viz renders to)

    return HTML(legend_html(legend, title) + picture(graph.render(height=height).data, viewer))
