"""The `thbgraph` command line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import USER_ERRORS, Format, console, err, fail, print_json, say
from cli.plan import case_app, plan_app
from cli.ftm import export_command
from cli.keys import keys_app
from cli.match import match_app
from cli.service import audit_app, serve_command, users_app

# Each command imports what it needs when it runs: `thbgraph --help` and argument errors answer
# without loading the driver, followthemoney or the analyses (tests/test_cli_start.py).
if TYPE_CHECKING:
    from neo4j import Driver

    from queries.network.model import CaseNetwork

app = typer.Typer(help="Knowledge-graph investigation assistant for human-trafficking cases.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The local Neo4j runtime (for machines without Docker or a server).")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(plan_app, name="plan")
app.add_typer(case_app, name="case")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(match_app, name="match")
app.command("serve")(serve_command)
app.command("export")(export_command)

#: `key-persons --engine`: queries.key_persons.gds.centrality's ENGINES, here so that a wrong one is refused
#: before the analyses load (tests/test_cli_start.py checks they agree).
ENGINES = ("auto", "gds", "python")
#: `key-persons --objective`: queries.key_persons.rank' OBJECTIVES, likewise.
OBJECTIVES = ("blended", "largest")
SAMPLE = Path(str(resources.files("ingest").joinpath("sample")))
#: How to give the local runtime OpenGDS, by THBGRAPH_GDS (graph/settings.py).
LOCAL_GDS_HINT = {
    "off": "THBGRAPH_GDS=off keeps it out of the local runtime: set THBGRAPH_GDS=auto (or on) to load it.",
    "auto": "The local runtime was started without it: `thbgraph neo4j start` loads it only with THBGRAPH_GDS=on "
            "(`thbgraph neo4j stop`, then `THBGRAPH_GDS=on thbgraph neo4j start`).",
    "on": "THBGRAPH_GDS=on, yet the local runtime did not load it: was it started before that setting? "
          "(`thbgraph neo4j stop`, then `thbgraph neo4j start`).",
}


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background (fetches its jars once)."""
    from graph.runtime import running_local, start_local
    from graph.settings import get_settings

    try:
        already = running_local(get_settings())
        info = start_local(get_settings(), say)
    except USER_ERRORS as exc:
        fail(exc)
    if not already:
        _warm_up(info["uri"])
    console.print(f"Neo4j is running {_where(info)}.")


def _warm_up(uri: str) -> None:
    """Key persons' queries run once on a few persons, in a niced process of its own, so that the
    first `key-persons --all` after the start does not pay for Neo4j's warming (queries/key_persons/warm_up.py)."""
    import os
    import subprocess
    import sys

    subprocess.Popen([sys.executable, "-m", "queries.key_persons.warm_up", uri], stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                     preexec_fn=lambda: os.nice(10))


def _where(info: dict) -> str:
    from graph.bolt_auth import password_file

    password = password_file(Path(info["data_dir"]))
    return f"at {info['uri']} (pid {info['pid']}, data in {info['data_dir']}; user neo4j, password in {password})"


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started by `thbgraph neo4j start`."""
    from graph.runtime import stop_local
    from graph.settings import get_settings

    console.print("Stopped." if stop_local(get_settings()) else "No local Neo4j was running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j is running, and where."""
    from graph.runtime import running_local
    from graph.settings import get_settings

    settings = get_settings()
    if settings.neo4j_uri:
        console.print(f"NEO4J_URI is set: commands use {settings.neo4j_uri}, not the local runtime.")
    info = running_local(settings)
    if info:
        console.print(f"Local Neo4j running {_where(info)}.")
    else:
        console.print("Local Neo4j is not running.")
        raise typer.Exit(3)


def _load(driver: Driver, path: Path, dry_run: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graph.sealing import sealer_for
    from graph.settings import get_settings
    from ingest.writer import validate_bundle, write_bundle

    settings = get_settings()
    bundle = validate_bundle(driver, path, database=settings.neo4j_database)
    if not dry_run:
        sealer = sealer_for(settings, create=True, say=say)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        # A bar is for a terminal: piped, it would only leave a blank line behind.
        with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as bar:
            tasks = {t: bar.add_task(f"loading {t}", total=n) for t, n in bundle.counts.items()}
            write_bundle(driver, bundle, sealer=sealer, database=settings.neo4j_database,
                         batch_size=settings.batch_size,
                         progress=lambda table, done: bar.update(tasks[table], completed=done))
    rows = ", ".join(f"{n} {t}" for t, n in bundle.counts.items() if n)
    verb = "Valid (dry run, nothing written)" if dry_run else "Loaded"
    console.print(f"{verb}: {path} ({rows}).")


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="A bundle: a directory of CSV files or one JSON file.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")] = False,
    case: Annotated[str | None, typer.Option(help="FtM files: the case they belong to.")] = None,
    roles: Annotated[Path | None, typer.Option(help="FtM files: a CSV of id,role (FtM has no roles).")] = None,
    default_role: Annotated[str | None, typer.Option(help="FtM files: the role of persons the roles file "
                                                          "leaves out.")] = None,
    initial: Annotated[bool, typer.Option("--initial", help="First load of an EMPTY local database, through "
                                          "neo4j-admin database import (the local Neo4j stopped).")] = False,
) -> None:
    """Validate a case bundle (or FtM JSON lines with --case) and load it, all or nothing."""
    from cli.ftm import is_ftm, load_ftm_file
    from graph.local import database
    from graph.settings import get_settings
    from ingest.bulk import initial_load

    try:
        if initial and not dry_run:
            report = initial_load(get_settings(), path, say=say)
            rows = ", ".join(f"{n} {t}" for t, n in report.counts.items() if n)
            console.print(f"Imported into the empty local database: {path} ({rows}).")
            return
        with database(get_settings(), say=say) as driver:
            if case is not None or is_ftm(path):
                if case is None:
                    raise ValueError(f"{path}: FtM entities carry no case: give --case")
                return load_ftm_file(driver, path, case, roles, default_role, dry_run)
            _load(driver, path, dry_run)
    except USER_ERRORS as exc:
        fail(exc)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Directory to write the bundle into.")],
    persons: Annotated[int, typer.Option(help="How many persons.")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same bundle.")] = 1,
) -> None:
    """Write a synthetic case bundle with planted structure (for tests and benchmarks)."""
    from ingest.generate import generate_bundle

    counts = generate_bundle(out, persons=persons, seed=seed)
    console.print(f"Wrote {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


def summary(driver: Driver) -> None:
    from rich.table import Column
    from rich.text import Text

    from cli.render import table
    from graph.cypher import query
    from graph.settings import get_settings

    db = get_settings().neo4j_database
    counts, _, _ = driver.execute_query(query("queries.library", "graph_counts"), database_=db, routing_="r")
    nodes = table("label", Column("nodes", justify="right"), title="The graph", show_edge=False)
    for r in counts:
        nodes.add_row(r["label"], str(r["count"]))
    console.print(nodes)
    cases, _, _ = driver.execute_query(query("queries.library", "case_list"), database_=db, routing_="r")
    listed = table("case", "title", "jurisdiction", "suspects", "victims", "identified", title="Cases", show_edge=False)
    for r in cases:
        listed.add_row(r["case_id"], Text(r["title"]), r["jurisdiction"], str(r["suspects"]), str(r["victims"]),
                       str(r["identified_victims"]))
    console.print(listed)


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


@app.command("key-persons")
def key_persons(
    case: Annotated[list[str] | None, typer.Option("--case", help="Case id (repeat for several).")] = None,
    around: Annotated[str | None, typer.Option(help="Everyone within --hops of this person.")] = None,
    hops: Annotated[int, typer.Option(help="Steps from --around: a link, a shared business or identifier.")] = 2,
    everything: Annotated[bool, typer.Option("--all", help="The whole database.")] = False,
    top: Annotated[int, typer.Option(help="How many ranked persons to show.")] = 10,
    key_set: Annotated[int | None, typer.Option("--set", help="Also the key-player set of this size.")] = None,
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
    from queries.key_persons.rank import key_player_set, rank_key_persons
    from queries.key_persons.rank_all import rank_whole_database
    from queries.network.whole_cache import FILE as WHOLE_GRAPH_FILE

    # The whole database as arrays, only the persons shown projected; a key-player set needs
    # the whole network (who holds whom), so --all --set projects it all.
    arrays = everything and not key_set
    players, same_as = None, []
    settings = get_settings()
    try:
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
        if not arrays:
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


def _person_case(driver: Driver, person_id: str, case: str | None) -> tuple[CaseNetwork, str]:
    """The case network to judge a person in, and its jurisdiction."""
    from graph.cypher import query
    from graph.settings import get_settings
    from queries.network.projection import Projector

    records, _, _ = driver.execute_query(query("queries.library", "person_cases"), person_id=person_id,
                                         database_=get_settings().neo4j_database, routing_="r")
    cases = {r["case_id"]: r["jurisdiction"] for r in records}
    if not cases:
        raise LookupError(f"person {person_id} has no role in any case in the graph")
    if case and case not in cases:
        raise LookupError(f"person {person_id} has no role in case {case} (their cases: {', '.join(cases)})")
    chosen = [case] if case else sorted(cases)
    jurisdictions = {cases[c] for c in chosen}
    if len(jurisdictions) > 1:
        raise ValueError(f"person {person_id} is in cases under {', '.join(sorted(jurisdictions))}: choose one with --case")
    return Projector(driver, get_settings().neo4j_database).case(chosen), jurisdictions.pop()


@app.command()
def options(
    person: Annotated[str, typer.Option(help="The person id.")],
    case: Annotated[str | None, typer.Option(help="Judge them in this case only.")] = None,
    fmt: Annotated[Format, typer.Option("--format")] = Format.table,
    redact: Annotated[bool, typer.Option(help="Show everyone by id only (victims' names are sealed in the graph anyway).")] = False,
) -> None:
    """What else to charge a person with or do to disrupt them, and what it costs the victims."""
    from cli.render import print_options
    from graph.local import database
    from graph.settings import get_settings
    from queries.options.engine import options_for_person
    from rules import pack_for

    try:
        with database(get_settings(), say=say) as driver:
            network, jurisdiction = _person_case(driver, person, case)
        result = options_for_person(network, pack_for(jurisdiction), person, case_id=case, show_names=not redact)
    except USER_ERRORS as exc:
        fail(exc)
    if fmt is Format.json:
        print_json(result.to_dict())
    else:
        print_options(console, result)


@app.command()
def demo() -> None:
    """Load the sample case network and show what the tool finds in it."""
    from graph.local import database
    from graph.settings import get_settings
    from ingest.catalogue import load_catalogue
    from queries.network.projection import Projector

    try:
        with database(get_settings(), say=say) as driver:
            load_catalogue(driver, database=get_settings().neo4j_database)
            _load(driver, SAMPLE, dry_run=False)
            summary(driver)
            projector = Projector(driver, get_settings().neo4j_database)
            networks = {c: projector.case([c]) for c in _case_ids(driver)}
        for case_id, network in networks.items():
            _demo_case(case_id, network)
        _demo_plans(networks["NO-GLANS"])
    except USER_ERRORS as exc:
        fail(exc)


def _case_ids(driver: Driver) -> list[str]:
    from graph.cypher import query
    from graph.settings import get_settings

    records, _, _ = driver.execute_query(query("queries.library", "case_list"), database_=get_settings().neo4j_database, routing_="r")
    return [r["case_id"] for r in records]


def _demo_case(case_id: str, network: CaseNetwork, top: int = 5, with_options: int = 2) -> None:
    from cli.render import key_persons_table, key_player_table, print_options, victim_offenders_panel
    from queries.key_persons.rank import key_player_set, rank_key_persons
    from queries.options.engine import options_for_person
    from queries.options.standing import VictimStandings
    from rules import pack_for

    console.rule(f"Case {case_id}")
    result = rank_key_persons(network, top=top)
    console.print(key_persons_table(result, f"Key persons of {case_id} (top {top})"))
    panel = victim_offenders_panel(result)
    if panel:
        console.print(panel)
    console.print(key_player_table(key_player_set(network, 3)))
    if not network.jurisdiction:
        return
    pack = pack_for(network.jurisdiction)
    shown = [p.person_id for p in result.ranking[:with_options]]
    # A suspect who may be a victim is shown too: what acting against them would mean.
    shown += [s.person_id for s in VictimStandings(network, case_id).possible() if s.person_id not in shown]
    for person_id in shown:
        print_options(console, options_for_person(network, pack, person_id, case_id=case_id), limit=6)


DEMO_PLANS = ("alternatives-only.yaml", "trafficking-plus-alternatives.yaml")


def _demo_plans(network: CaseNetwork) -> None:
    """The choice prosecutors face: alternatives only, or a trafficking charge on the controller too."""
    from cli.plan_render import print_plan_comparison
    from queries.plans.evaluate import PlanEvaluator
    from queries.plans.model import load_plan
    from rules import pack_for

    console.rule("Two charge plans for NO-GLANS")
    evaluator = PlanEvaluator(network, pack_for("NO"), "NO-GLANS")
    print_plan_comparison(console, [evaluator.evaluate(load_plan(SAMPLE / "plans" / name)) for name in DEMO_PLANS])
