"""Key persons of the whole database, without projecting the whole network into Python.

`rank_key_persons(Projector(driver).everything())` builds a Python object per person, link
and evidence row: about 8 GB and a minute and a half at a million persons. This path ranks
the same persons with the same scores and reasons from far less:

1. the whole database as arrays (`queries.network.whole_graph`): persons, victim flags, each link's
   ends, type and amount, evidence counts, shared identifiers; kept in THBGRAPH_HOME while the
   graph does not change (`queries.network.whole_cache`);
2. the person graph from them (`queries.network.whole_ties`), its structure measured in igraph or,
   with the gds engine, by GDS from the same ties (`queries.key_persons.gds.pairs`); igraph's
   measures of an unchanged graph are taken from THBGRAPH_HOME (`queries.key_persons.central_cache`);
3. every person's role components from the same arrays (`queries.key_persons.whole_roles`; kept
   with igraph's measures, so a run on an unchanged graph need not import scipy), and the
   score of `queries.key_persons.scores.analyse`, as arrays;
4. only the persons shown (the top ``top`` and every victim who exploits others) projected,
   with the links and persons their reasons read (`_shown_inputs`). Their reasons come from
   the same `Explainer` as the full path's. With ``fetch_early``, on an unchanged graph that fetch
   starts before the ranking, from the last run's note (`queries.key_persons.shown_fetch`); it is
   used only when the ranking asks for the same ids.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from pathlib import Path

import igraph as ig
import numpy as np
from neo4j import Driver

from queries.key_persons.central_cache import FILE as STRUCTURE_FILE
from queries.key_persons.central_cache import keep_structure, kept_structure
from queries.key_persons.centrality import SEED, Centrality, centrality
from queries.key_persons.cuts import ComponentCuts
from queries.network.gc_pause import paused_gc
from queries.key_persons.gds.centrality import uses_gds
from queries.key_persons.gds.pairs import gds_centrality_of_ties
from queries.key_persons.reasons import STRUCTURE_REASON_RANKS, Explainer
from queries.key_persons.results import KeyPersonsResult
from queries.key_persons.scores import CONTROL_DEPTH, WEIGHTS, Analysis, Facts
from queries.network.model import BUSINESS_CONTROL_LINKS
from queries.options.standing import VictimStandings
from queries.network.whole_cache import read_whole_graph_versioned
from queries.network.whole_graph import WholeGraph
from queries.key_persons.shown_fetch import ShownFetch
from queries.network.whole_ties import array_ties

__all__ = ["rank_whole_database"]

Progress = Callable[[str], None]


class _Positions:
    """person id -> vertex, by bisection of the sorted ids (no dict of a million entries)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids

    def __getitem__(self, pid: str) -> int:
        i = bisect_left(self.ids, pid)
        if i == len(self.ids) or self.ids[i] != pid:
            raise KeyError(pid)
        return i


class _ShownExplainer(Explainer):
    """The full path's Explainer over an analysis that holds the shown persons only; the
    structural ranks come from every ranked person's arrays."""

    def __init__(self, a: Analysis, sorted_values: dict[str, list[float]]) -> None:
        self.a = a
        self.net = a.network
        self.standings = VictimStandings(a.network, controllers=a.facts.controlled_by)
        self.position = _Positions(a.ties.ids)
        self.sorted_values = sorted_values


@paused_gc()
def rank_whole_database(
    driver: Driver, *, database: str | None = None, engine: str = "python", top: int | None = 10,
    exact: bool | None = None, seed: int = SEED, progress: Progress | None = None, central: Centrality | None = None,
    kept: Path | None = None, fetch_early: bool = False,
) -> KeyPersonsResult:
    """The result of `rank_key_persons(Projector(driver).everything(), top=top, central=central)`,
    computed without the whole projection. ``engine`` as for `uses_gds`: the gds engine measures
    the structure in the database (`queries.key_persons.gds.pairs`); ``central``, the measures computed
    already, for exactly the database's persons. ``kept``: a file (in THBGRAPH_HOME) where the
    arrays are kept while the graph does not change (`queries.network.whole_cache`). ``fetch_early``:
    on an unchanged graph, fetch the persons shown last while ranking (`queries.key_persons.shown_fetch`)."""
    say = progress or (lambda _: None)
    in_database = uses_gds(driver, engine, database)
    w, version = read_whole_graph_versioned(driver, database, kept, say)
    businesses = set(w.business_ids)
    home = kept.parent if kept is not None else None
    with ShownFetch(driver, database, home, version, businesses.__contains__, early=fetch_early) as fetch:
        if fetch.started_early:
            say("fetching the persons shown last while ranking (the graph has not changed)")
        structure = home / STRUCTURE_FILE if home is not None and version is not None and not in_database else None
        return _rank(driver, w, fetch, database=database, in_database=in_database, top=top, exact=exact, seed=seed,
                     say=say, central=central, structure=(structure, version or ""))


def _rank(driver: Driver, w: WholeGraph, fetch: ShownFetch, *, database: str | None, in_database: bool,
          top: int | None, exact: bool | None, seed: int, say: Progress, central: Centrality | None,
          structure: tuple[Path | None, str]) -> KeyPersonsResult:
    ties = array_ties(w)
    say(f"person ties built: {len(ties.keys):,}")
    if central is None and in_database:  # before the igraph graph exists: the ties go to GDS as one list
        central = gds_centrality_of_ties(driver, ties.ids, ties.keys, database=database, exact=exact, seed=seed,
                                         progress=say)
        say(f"structure measured in the database by GDS: {central.method.persons:,} persons, {central.method.edges:,} ties")
    g = ties.to_igraph()
    say(f"person graph: {g.vcount():,} persons, {g.ecount():,} ties")
    kept_at, version = structure
    # The measures and roles of this very graph, computed by an earlier run.
    kept = kept_structure(kept_at, version, exact, seed, ties.ids) if kept_at is not None else None
    roles = kept[1] if kept is not None else None
    fresh = central is None and kept is None
    if central is None and kept is not None:
        central = kept[0]
        say(f"structure taken from {kept_at}: measured by an earlier run on this graph")
    if central is None:
        central = centrality(g, exact=exact, seed=seed)
    elif central.ids != ties.ids:
        raise ValueError("the structural measures given are for other persons than the database's")
    say(f"structure measured ({central.method.method} betweenness)")
    if roles is None:
        from queries.key_persons.whole_roles import array_roles  # noqa: PLC0415  # scipy: only when computed

        roles = array_roles(w)
    if fresh and kept_at is not None:
        keep_structure(kept_at, version, exact, seed, central, roles)

    offender = w.victim & roles.exploiter
    scored = ~w.victim | offender
    raw = roles.raw() | {
        "betweenness": np.asarray(central.betweenness, dtype=np.float64),
        "pagerank": np.asarray(central.pagerank, dtype=np.float64),
        "degree": np.asarray(central.degree, dtype=np.float64),
    }
    top_value = {c: float(raw[c][scored].max()) if scored.any() else 0.0 for c in WEIGHTS}
    active = {c: wt for c, wt in WEIGHTS.items() if top_value[c] > 0}
    total = sum(active.values())
    weights = {c: (wt / total if c in active else 0.0) for c, wt in WEIGHTS.items()}
    components = {c: _normalise(c, raw[c], top_value[c]) for c in WEIGHTS}
    score = np.zeros(w.n)
    for c in WEIGHTS:  # in the order of WEIGHTS, as the full path sums them
        score = score + weights[c] * components[c]

    def order(mask: np.ndarray) -> list[int]:
        members = np.flatnonzero(mask).tolist()
        rounded = {i: round(float(score[i]), 12) for i in members}
        return sorted(members, key=lambda i: (-rounded[i], i))  # vertex order is id order

    ranked, offenders = order(scored & ~offender), order(offender)
    shown_ranked = ranked if top is None else ranked[:top]
    say(f"scored {len(ranked):,} persons; reasons for {len(shown_ranked):,} ranked and {len(offenders):,} "
        "victims who exploit others")

    shown = shown_ranked + offenders
    sorted_values = {c: np.sort(raw[c][ranked]).tolist() for c in ("betweenness", "degree")}
    values = sorted_values["betweenness"]
    named = [i for i in shown if len(values) - bisect_right(values, raw["betweenness"][i]) < STRUCTURE_REASON_RANKS]
    network, early = fetch.network(_shown_inputs(w, g, shown, named))
    say(f"projected the {len(network.persons):,} persons the reasons name"
        + (" (fetched while ranking)" if early else ""))
    facts = Facts(network)
    ids = ties.ids
    profiles = {ids[i]: facts.profile(ids[i]) for i in shown}
    facts.victims = _Victims(ids, w.victim)  # type: ignore[assignment]  # the profiles are done
    analysis = Analysis(
        network=network, facts=facts, ties=ties, g=g, central=central, cuts=ComponentCuts(g, central.components),
        ranked=[ids[i] for i in ranked], offenders=[ids[i] for i in offenders],
        raw={ids[i]: {c: float(raw[c][i]) for c in WEIGHTS} for i in shown},
        components={ids[i]: {c: float(components[c][i]) for c in WEIGHTS} for i in shown},
        scores={ids[i]: float(score[i]) for i in shown}, weights=weights,
        profiles=profiles,
    )
    explain = _ShownExplainer(analysis, sorted_values)
    return KeyPersonsResult(
        ranking=[explain.person(ids[i], rank) for rank, i in enumerate(shown_ranked, start=1)],
        victim_offenders=[explain.person(ids[i], None) for i in offenders],
        excluded_victims=int(w.victim.sum()) - len(offenders),
        method=central.method,
        weights=weights,
        persons=g.vcount(),
        ties=g.ecount(),
        notes=[f"{o['via']} ties {o['persons']} persons: tied to {o['tied_to']} only" for o in ties.oversized],
    )


def _normalise(c: str, values: np.ndarray, top: float) -> np.ndarray:
    if top <= 0:
        return np.zeros(len(values))
    if c == "money":  # as the full path: math.log1p, value by value (numpy's may differ in the last digit)
        scale = math.log1p(top)
        return np.fromiter((math.log1p(v) / scale if v else 0.0 for v in values.tolist()), dtype=np.float64,
                           count=len(values))
    return values / top


def _shown_inputs(w: WholeGraph, g: ig.Graph, shown: list[int], named: list[int]) -> dict[str, list[str]]:
    """What the shown persons' reasons read (`Projector.shown`'s arguments): the links of the shown
    and of those they reach along CONTROLS links (up to CONTROL_DEPTH, through businesses too, as
    `Facts` does); the links into the shown (payments, control) and at the businesses they own,
    direct or manage; evidence about them and those businesses; and the neighbours of the
    ``named`` (whose structural reasons name persons of the parts they join)."""
    controls = w.is_({"CONTROLS"})
    source, target = w.source[controls], w.target[controls]
    by_source = np.argsort(source, kind="stable")
    source, target = source[by_source], target[by_source]
    reached = set(shown)
    frontier = np.asarray(sorted(reached), dtype=np.int64)
    for _ in range(CONTROL_DEPTH):
        lo, hi = np.searchsorted(source, frontier, "left"), np.searchsorted(source, frontier, "right")
        found = np.concatenate([target[a:b] for a, b in zip(lo.tolist(), hi.tolist())] or [np.zeros(0, np.int64)])
        found = set(found.tolist()) - reached
        reached |= found
        frontier = np.asarray(sorted(found), dtype=np.int64)
    is_shown = np.zeros(w.n + len(w.business_ids), dtype=bool)
    is_shown[shown] = True
    owned = np.unique(w.target[is_shown[w.source] & w.is_(BUSINESS_CONTROL_LINKS) & (w.target >= w.n)])
    chains = sorted(i for i in reached if i < w.n)
    neighbours = {u for vs in g.neighborhood(named, order=1) for u in vs}
    ids = w.person_ids
    return {
        "links_of": [ids[i] for i in chains],
        "links_into": [ids[i] for i in shown],
        "businesses": [w.business_ids[b - w.n] for b in owned.tolist()],
        "evidence_of": [ids[i] for i in shown],
        "persons": [ids[i] for i in sorted(neighbours.union(chains))],
    }


class _Victims:
    """`Facts.victims` of the whole database (a person of the partial projection's reasons may
    count victims among neighbours it did not project)."""

    def __init__(self, ids: list[str], victim: np.ndarray) -> None:
        self.ids, self.victim = ids, victim

    def __contains__(self, pid: str) -> bool:
        i = bisect_left(self.ids, pid)
        return i < len(self.ids) and self.ids[i] == pid and bool(self.victim[i])
