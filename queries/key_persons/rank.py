"""Key persons of a case: who to put out of action to disrupt a network, and why.

`rank_key_persons` scores every person who is not a victim on structure (betweenness,
PageRank, degree) and on roles and evidence (victims they exploit, directly or
through people they control; businesses they control where victims work or are
housed; money they receive; evidence about them), and says why in words traceable
to the graph.
`key_player_set` picks the k persons whose removal most fragments the suspects'
network and cuts victims off from the people exploiting them (Borgatti 2006): a
greedy start improved by exchanges and a beam search, within a time budget.

Victims are never ranked. A victim who also exploits others (a victim who recruits)
is listed apart, with the non-punishment warning, never as a plain target.

References
----------
S. P. Borgatti, "Identifying sets of key players in a social network",
Computational & Mathematical Organization Theory 12:21-34, 2006.
Council of Europe Convention on Action against Trafficking in Human Beings (2005),
Art. 26; Directive 2011/36/EU, Art. 8 (non-punishment).
"""

from __future__ import annotations

from queries.key_persons.centrality import EXACT_MAX_PERSONS, SEED, Centrality
from queries.key_persons.fragmentation import DISTANCE_SAMPLES, Holding
from queries.key_persons.search import BEAM_WIDTH, SEARCH_SECONDS, search_key_players
from queries.network.gc_pause import paused_gc
from queries.key_persons.reasons import NON_PUNISHMENT_WARNING, Explainer
from queries.key_persons.results import (
    KeyPersonsResult,
    KeyPlayerSearchReport,
    KeyPlayerSet,
    KeyPlayerStep,
    RankedPerson,
    Reason,
)
from queries.key_persons.scores import CONTROL_DEPTH, INDIRECT_VICTIM_WEIGHT, WEIGHTS, analyse
from queries.network.model import CaseNetwork
from queries.network.person_graph import holding_edges

# The score is computed in key_person_scores, the reasons in words come from
# key_person_reasons, the result types from key_person_results; this module keeps the
# public interface, so the names below stay importable from here.
__all__ = [
    "CONTROL_DEPTH",
    "INDIRECT_VICTIM_WEIGHT",
    "KEY_PLAYER_LARGEST_WEIGHT",
    "KEY_PLAYER_POOL",
    "KEY_PLAYER_VICTIM_WEIGHT",
    "SEARCH_SECONDS",
    "NON_PUNISHMENT_WARNING",
    "WEIGHTS",
    "KeyPersonsResult",
    "KeyPlayerSearchReport",
    "KeyPlayerSet",
    "KeyPlayerStep",
    "RankedPerson",
    "Reason",
    "key_player_set",
    "rank_key_persons",
]

#: The key-player search considers only the top persons by score: each greedy step or
#: exchange round costs O(n + m) for fragmentation per set evaluated, plus a local
#: search per candidate for victims.
KEY_PLAYER_POOL = 50
#: Weight of victims cut off against the structural part in the key-player objective:
#: equal, as the issue asks for both disruption and victims freed.
KEY_PLAYER_VICTIM_WEIGHT = 0.5
#: Weight, within the structural part, of the largest connected part left against
#: Borgatti's F: equal. F alone cannot see the largest part: on the Montagna phone
#: calls the set of 5 with the highest F found leaves 0.270 of the largest part, one
#: with F 0.002 lower leaves 0.236 (docs/validation.md).
KEY_PLAYER_LARGEST_WEIGHT = 0.5


@paused_gc()  # millions of small objects at 100k persons: see queries.network.gc_pause
def rank_key_persons(
    network: CaseNetwork, *, top: int | None = None, exact: bool | None = None, seed: int = SEED,
    central: Centrality | None = None,
) -> KeyPersonsResult:
    """Rank the persons of a network as targets, with reasons.

    Parameters
    ----------
    network
        The projected case network.
    top
        Return only the first ``top`` ranked persons (all victims who exploit
        others are always returned).
    exact
        Exact betweenness (True), sampled (False) or chosen by size (None); see
        `queries.key_persons.centrality.betweenness`.
    seed
        Seed of the pivot draw when betweenness is sampled.
    central
        The structural measures, already computed for exactly these persons (by GDS in
        the database: `queries.key_persons.gds.centrality`); None computes them here.

    Returns
    -------
    KeyPersonsResult
        ``ranking`` holds the persons without a victim role, best first, each with
        score, components and reasons. Victims who take part in exploitation are in
        ``victim_offenders`` with a non-punishment warning; other victims are not
        scored at all (``excluded_victims`` counts them).
    """
    a = analyse(network, exact, seed, central)
    explain = Explainer(a)
    shown = a.ranked if top is None else a.ranked[:top]
    ranking = [explain.person(pid, rank) for rank, pid in enumerate(shown, start=1)]
    offenders = [explain.person(pid, None) for pid in a.offenders]
    notes = [
        f"{group['via']} ties {group['persons']} persons: tied to {group['tied_to']} only"
        for group in a.ties.oversized
    ]
    return KeyPersonsResult(
        ranking=ranking,
        victim_offenders=offenders,
        excluded_victims=sum(a.ties.victim) - len(offenders),
        method=a.central.method,
        weights=a.weights,
        persons=a.g.vcount(),
        ties=a.g.ecount(),
        notes=notes,
    )


@paused_gc()
def key_player_set(
    network: CaseNetwork,
    k: int,
    *,
    pool: int = KEY_PLAYER_POOL,
    exact: bool | None = None,
    seed: int = SEED,
    search: str = "swap",
    search_seconds: float | None = SEARCH_SECONDS,
    central: Centrality | None = None,
) -> KeyPlayerSet:
    """The k persons whose removal most disrupts the network.

    Candidates are the top ``pool`` persons of `rank_key_persons` (victims never).
    The set maximises

        (1 - w) * S + w * victims cut off / victims held at first
        S = (1 - l) * F(suspects' network) + l * (1 - largest part left / largest part at first)

    with ``w`` = `KEY_PLAYER_VICTIM_WEIGHT` (0 when no victim is held) and ``l`` =
    `KEY_PLAYER_LARGEST_WEIGHT`. ``search="swap"`` (default) starts from the greedy set
    (best single removal, recompute, k times) and improves it by exchanges and a beam
    search (`queries.key_persons.search.search_key_players`) until ``search_seconds`` have
    passed since the search began (None: no limit; the greedy start always runs to
    the end); ``search="greedy"`` stops at the greedy set. ``result.search`` says which
    search ran, how many exchanges improved the set and whether the budget stopped it.
    The steps remove the set one person at a time, in the order the greedy search
    takes them. See `KeyPlayerSet` for what the figures mean and
    `queries.key_persons.fragmentation` for F and dF. ``central``: as for `rank_key_persons`.
    """
    if k < 0:
        raise ValueError(f"key-player set size must be >= 0, got {k}")
    a = analyse(network, exact, seed, central)
    ids = a.ties.ids
    suspects = a.g.induced_subgraph([i for i, victim in enumerate(a.ties.victim) if not victim])
    victims = {pid for pid, victim in zip(ids, a.ties.victim) if victim}
    holding = Holding(holding_edges(network), sources=suspects.vs["name"], targets=victims)
    n = suspects.vcount()
    samples = 0 if n <= EXACT_MAX_PERSONS else DISTANCE_SAMPLES
    found = search_key_players(
        suspects,
        k,
        candidates=a.ranked[:pool],
        holding=holding,
        alpha=1.0 - KEY_PLAYER_VICTIM_WEIGHT,
        largest_weight=KEY_PLAYER_LARGEST_WEIGHT,
        search=search,
        beam_width=BEAM_WIDTH,
        seconds=search_seconds,
        distance_samples=samples,
        seed=seed,
    )
    steps = found.steps
    rank = {pid: i for i, pid in enumerate(a.ranked, start=1)}
    held_at_first = steps[0].targets_held or 0
    out = [
        KeyPlayerStep(
            step=s.step,
            person_id=s.removed,
            name=network.persons[s.removed].name if s.removed else None,
            rank=rank.get(s.removed) if s.removed else None,
            fragmentation=round(s.fragmentation, 6),
            distance_fragmentation=round(s.distance_fragmentation, 6),
            largest_component=s.largest_component,
            largest_share=round(s.largest_share, 6),
            victims_held=s.targets_held or 0,
            victims_cut_off=held_at_first - (s.targets_held or 0),
        )
        for s in steps
    ]
    distance = f"sampled over {samples} persons" if samples else "exact"
    structure = (
        f"{1 - KEY_PLAYER_LARGEST_WEIGHT:g} x fragmentation F + "
        f"{KEY_PLAYER_LARGEST_WEIGHT:g} x share of the largest part removed"
    )
    return KeyPlayerSet(
        k=k,
        person_ids=[s.removed for s in steps if s.removed],
        steps=out,
        suspects=n,
        pool=min(pool, len(a.ranked)),
        objective=(
            f"{1 - KEY_PLAYER_VICTIM_WEIGHT:g} x ({structure}) of the suspects' network + "
            f"{KEY_PLAYER_VICTIM_WEIGHT:g} x share of held victims cut off"
            if held_at_first
            else f"{structure} of the suspects' network (no victim held)"
        ),
        distance_method=distance,
        search=KeyPlayerSearchReport(
            method=found.search,
            beam_width=found.beam_width,
            found_by=found.found_by,
            swaps=found.swaps,
            rounds=found.rounds,
            greedy_value=found.greedy_value,
            value=found.value,
            stopped_by_budget=found.stopped_by_budget,
            seconds=round(found.seconds, 3),
            budget=search_seconds,
        ),
    )
