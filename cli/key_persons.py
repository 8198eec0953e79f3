"""`thbgraph key-persons`: who to target to disrupt the network, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import USER_ERRORS, Format, console, fail, print_json, say

if TYPE_CHECKING:
    from neo4j import Driver

    from queries.network.model import CaseNetwork

#: `key-persons --engine`: queries.key_persons.gds.centrality's ENGINES, here so that a wrong one is refused
#: before the analyses load (tests/test_cli_start.py checks they agree).
ENGINES = ("auto", "gds", "python")
#: `key-persons --objective`: queries.key_persons.rank' OBJECTIVES, likewise.
OBJECTIVES = ("blended", "largest")
#: How to give the local runtime OpenGDS, by THBGRAPH_GDS (graph/settings.py).
LOCAL_GDS_HINT = {
    "off": "THBGRAPH_GDS=off keeps it out of the local runtime: set THBGRAPH_GDS=auto (or on) to load it.",
    "auto": "The local runtime was started without it: `thbgraph neo4j start` loads it only with THBGRAPH_GDS=on "
            "(`thbgraph neo4j stop`, then `THBGRAPH_GDS=on thbgraph neo4j start`).",
    "on": "THBGRAPH_GDS=on, yet the local runtime did not load it: was it started before that setting? "
          "(`thbgraph neo4j stop`, then `thbgraph neo4j start`).",
}


def _check_scope(case: list[str] | None, around: str | None, everything: bool) -> None:
    if sum([bool(case), around is not None, everything]) != 1:
        raise typer.BadParameter("choose exactly one of --case ID (repeatable), --around ID or --all")


def _project(driver: Driver, case: list[str] | None, around: str | None, hops: int, everything: bool) -> CaseNetwork:
    from graph.settings import get_settings
    from queries.network.projection import Projector

    _check_scope(case, around, everything)
    projector = Projector(driver, get_settings().neo4j_database)
    if case:
        return projector.case(case)
    if around is not None:
        return projector.around(around, hops)
    return projector.everything()


def key_persons(
    case: Annotated[list[str] | None, typer.Option("--case", help="Case id (repeat for several).")] = None,
    around: Annotated[str | None, typer.Option(help="Everyone within --hops of this person.")] = None,
    hops: Annotated[int, typer.Option(help="Steps from --around: a link, a shared business or identifier.")] = 2,
    everything: Annotated[bool, typer.Option("--all", help="The whole database.")] = False,
    top: Annotated[int, typer.Option(help="How many ranked persons to show.")] = 10,
    key_set: Annotated[int | None, typer.Option("--set", min=0, help="Also the key-player set of this size.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    # Python by default: GDS measured slower on this machine (docs/benchmarks.md); it is there to
    # be chosen and measured.
    engine: Annotated[str, typer.Option(help="With --all, where degree, PageRank, betweenness and components run: "
                                               "python, gds (in the database), or auto (GDS when the server has "
                                               "it).")] = "python",
    objective: Annotated[str, typer.Option(help="What --set is chosen on: blended (fragmentation, largest part "
                                                  "left and victims cut off) or largest (the largest part left "
                                                  "alone, Cavallaro's measure).")] = "blended",
    exact: Annotated[float | None, typer.Option("--exact", metavar="SECONDS",
                                                help="With --objective largest: search until the set is proven "
                                                     "optimal, or SECONDS have passed (then: best found, and "
                                                     "the bound reached).")] = None,
) -> None:
    """Who to target to disrupt the network, and why."""
    from cli.render import key_persons_table, key_player_table, victim_offenders_panel
    from graph.local import database
    from graph.settings import get_settings
    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine is one of {', '.join(ENGINES)}")
    if objective not in OBJECTIVES:
        raise typer.BadParameter(f"--objective is one of {', '.join(OBJECTIVES)}")
    if exact is not None and (objective != "largest" or not key_set):
        raise typer.BadParameter("--exact needs --set K and --objective largest")
    _check_scope(case, around, everything)
    from queries.key_persons.gds.centrality import GdsUnavailable, structure_in_database
    from queries.key_persons.rank_all import rank_whole_database
    from queries.network.whole_cache import FILE as WHOLE_GRAPH_FILE

    # The whole database as arrays, only the persons shown projected; a key-player set needs
    # the whole network (who holds whom), so --all --set projects it all.
    arrays = everything and not key_set
    players, same_as = None, []
    try:
        settings = get_settings()
        with database(settings, say=say, gds=everything and engine != "python") as driver:
            if arrays:
                # The arrays are kept in THBGRAPH_HOME while the graph does not change: the first run
                # after a start then need not read every link from a cold Neo4j.
                result = rank_whole_database(driver, database=settings.neo4j_database, engine=engine, top=top,
                                             progress=say, kept=settings.home / WHOLE_GRAPH_FILE)
                ran = "the whole database as arrays, only the persons shown projected"
            else:
                central = structure_in_database(driver, engine, settings.neo4j_database) if everything else None
                network = _project(driver, case, around, hops, everything)
                ran = "the whole network projected" if everything else None
                same_as = network.same_as
        if not arrays:  # imported here: networkx and the key-player search, a second or two --all does without
            from queries.key_persons.rank import key_player_set, rank_key_persons

            result = rank_key_persons(network, top=top, central=central)
            players = (key_player_set(network, key_set, central=central, objective=objective, exact_seconds=exact)
                       if key_set else None)
    except GdsUnavailable as exc:
        fail(exc if settings.neo4j_uri else GdsUnavailable(f"{exc}.\n{LOCAL_GDS_HINT[settings.gds]}"))
    except USER_ERRORS as exc:
        fail(exc)
    if ran:
        engine_ran = "gds (in the database)" if result.method.engine == "gds" else f"python ({result.method.engine})"
        say(f"Key persons of {ran}; structure by engine {engine_ran}.")
    say(result.method.describe())
    for left, right in same_as:
        say(f"Followed SAME_AS across cases: {left} = {right} (decided the same person; two records here).")
    if fmt is Format.json:
        ranked = [p.to_dict() for p in result.ranking + result.victim_offenders]
        out: object = {"ranking": ranked, "key_player_set": players.to_dict()} if players else ranked
        print_json(out)
        return
    console.print(key_persons_table(result, "Key persons"))
    panel = victim_offenders_panel(result)
    if panel:
        console.print(panel)
    if players:
        console.print(key_player_table(players))
