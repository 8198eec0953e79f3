"""A picture of the nodes and relationships in a result, drawn with neo4j-viz: its JavaScript
ships inside the package, so the picture works offline and inside a saved notebook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
from neo4j_viz import Node, Relationship, VisualizationGraph

from service.redact import VICTIM_PREFIX

COLOURS = {"victim": "#e15759", "Person": "#4e79a7", "Business": "#f28e2b", "Identifier": "#9c9c9c",
           "Case": "#59a14f", "Evidence": "#b07aa1"}
#: The property that names a node in the picture, by label (first found wins).
CAPTIONS = ("name", "title", "kind", "indicator", "case_id", "code")


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


def _caption(node: dict[str, Any]) -> str:
    props = node.get("properties", {})
    for key in CAPTIONS:
        if props.get(key):
            return str(props[key])
    return ":".join(node.get("labels", [])) or node["element_id"]


def _colour(node: dict[str, Any]) -> str:
    if str(node.get("properties", {}).get("person_id", "")).startswith(VICTIM_PREFIX):
        return COLOURS["victim"]
    return next((COLOURS[l] for l in node.get("labels", []) if l in COLOURS), "#76b7b2")


def graph_of(frame: pd.DataFrame) -> VisualizationGraph:
    """The nodes and relationships of a (pseudonymised) result frame; relationships whose ends
    the result does not hold are left out rather than drawn dangling."""
    nodes: dict[str, dict[str, Any]] = {}
    rels: dict[str, dict[str, Any]] = {}
    for value in frame.itertuples(index=False):
        for e in elements(list(value)):
            (rels if "type" in e else nodes)[e["element_id"]] = e
    vis_nodes = [Node(id=eid, caption=_caption(n), color=_colour(n), properties=n.get("properties", {}))
                 for eid, n in nodes.items()]
    vis_rels = [Relationship(id=eid, source=r["start"], target=r["end"], caption=r["type"],
                             properties=r.get("properties", {}))
                for eid, r in rels.items() if r["start"] in nodes and r["end"] in nodes]
    return VisualizationGraph(nodes=vis_nodes, relationships=vis_rels)


def draw(frame: pd.DataFrame, *, height: str = "500px") -> Any:
    """An interactive picture (HTML) of the result's nodes and relationships."""
    graph = graph_of(frame)
    if not graph.nodes:
        raise ValueError("the result holds no nodes to draw: return nodes, relationships or paths")
    return graph.render(height=height)
