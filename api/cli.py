"""The `thbgraph` command line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from neo4j import Driver
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.cypher import query
from graph.errors import ThbgraphError
from graph.local import database
from graph.runtime import running_local, start_local, stop_local
from graph.settings import get_settings
from ingest.bundle import read_bundle
from ingest.errors import IngestError
from ingest.generate import generate_bundle
from ingest.writer import graph_known_ids, write_bundle

app = typer.Typer(help="Knowledge-graph investigation assistant for human-trafficking cases.", no_args_is_help=True)
neo4j_app = typer.Typer(help="The local Neo4j runtime (for machines without Docker or a server).")
app.add_typer(neo4j_app, name="neo4j")

console = Console()
err = Console(stderr=True)

SAMPLE = Path(str(resources.files("ingest").joinpath("sample")))


def _fail(exc: Exception) -> None:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
    raise typer.Exit(1)


def _say(msg: str) -> None:
    err.print(msg, style="dim", highlight=False, markup=False)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Start the local Neo4j in the background (fetches its jars once)."""

    try:
        info = start_local(get_settings(), _say)
    except ThbgraphError as exc:
        _fail(exc)
    console.print(f"Neo4j is running at {info['uri']} (pid {info['pid']}, data in {info['data_dir']}).")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j started by `thbgraph neo4j start`."""

    console.print("Stopped." if stop_local(get_settings()) else "No local Neo4j was running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j is running, and where."""

    settings = get_settings()
    if settings.neo4j_uri:
        console.print(f"NEO4J_URI is set: commands use {settings.neo4j_uri}, not the local runtime.")
    info = running_local(settings)
    if info:
        console.print(f"Local Neo4j running at {info['uri']} (pid {info['pid']}, data in {info['data_dir']}).")
    else:
        console.print("Local Neo4j is not running.")
        raise typer.Exit(3)


def _load(driver: Driver, path: Path, dry_run: bool) -> None:
    settings = get_settings()
    bundle = read_bundle(path, known_ids=graph_known_ids(driver, settings.neo4j_database))
    if not dry_run:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            tasks = {t: bar.add_task(f"loading {t}", total=n) for t, n in bundle.counts.items()}
            write_bundle(driver, bundle, database=settings.neo4j_database, batch_size=settings.batch_size,
                         progress=lambda table, done: bar.update(tasks[table], completed=done))
    rows = ", ".join(f"{n} {t}" for t, n in bundle.counts.items() if n)
    verb = "Valid (dry run, nothing written)" if dry_run else "Loaded"
    console.print(f"{verb}: {path} ({rows}).")


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="A bundle: a directory of CSV files or one JSON file.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate only; write nothing.")] = False,
) -> None:
    """Validate a case bundle and load it, all or nothing."""
    try:
        with database(get_settings(), say=_say) as driver:
            _load(driver, path, dry_run)
    except (ThbgraphError, IngestError) as exc:
        _fail(exc)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Directory to write the bundle into.")],
    persons: Annotated[int, typer.Option(help="How many persons.")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same bundle.")] = 1,
) -> None:
    """Write a synthetic case bundle with planted structure (for tests and benchmarks)."""

    counts = generate_bundle(out, persons=persons, seed=seed)
    console.print(f"Wrote {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))


def summary(driver: Driver) -> None:
    db = get_settings().neo4j_database
    counts, _, _ = driver.execute_query(query("graph_counts"), database_=db, routing_="r")
    table = Table(title="The graph", show_edge=False)
    table.add_column("label")
    table.add_column("nodes", justify="right")
    for r in counts:
        table.add_row(r["label"], str(r["count"]))
    console.print(table)
    cases, _, _ = driver.execute_query(query("case_list"), database_=db, routing_="r")
    table = Table(title="Cases", show_edge=False)
    for col in ("case", "title", "jurisdiction", "suspects", "victims", "identified"):
        table.add_column(col)
    for r in cases:
        table.add_row(r["case_id"], r["title"], r["jurisdiction"], str(r["suspects"]), str(r["victims"]),
                      str(r["identified_victims"]))
    console.print(table)


@app.command()
def demo() -> None:
    """Load the sample case network and show what the tool finds in it."""
    try:
        with database(get_settings(), say=_say) as driver:
            _load(driver, SAMPLE, dry_run=False)
            summary(driver)
    except (ThbgraphError, IngestError) as exc:
        _fail(exc)
