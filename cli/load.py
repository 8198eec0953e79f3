"""`thbgraph load` and `thbgraph generate`: case bundles into the graph, and synthetic ones to try it on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.console import USER_ERRORS, console, err, fail, say
from graph.errors import InvalidArgument

if TYPE_CHECKING:
    from neo4j import Driver


def load_bundle_here(driver: Driver, path: Path, dry_run: bool) -> None:
    """Validate the bundle at `path` against the graph and, unless `dry_run`, write it (a bar on a terminal)."""
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

    try:
        if initial and not dry_run:
            from ingest.bulk import initial_load

            report = initial_load(get_settings(), path, say=say)
            rows = ", ".join(f"{n} {t}" for t, n in report.counts.items() if n)
            console.print(f"Imported into the empty local database: {path} ({rows}).")
            return
        with database(get_settings(), say=say) as driver:
            if case is not None or is_ftm(path):
                if case is None:
                    raise InvalidArgument(f"{path}: FtM entities carry no case: give --case")
                return load_ftm_file(driver, path, case, roles, default_role, dry_run)
            load_bundle_here(driver, path, dry_run)
    except USER_ERRORS as exc:
        fail(exc)


def generate(
    out: Annotated[Path, typer.Argument(help="Directory to write the bundle into.")],
    persons: Annotated[int, typer.Option(help="How many persons.")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same bundle.")] = 1,
) -> None:
    """Write a synthetic case bundle with planted structure (for tests and benchmarks)."""
    from ingest.generate import generate_bundle

    try:
        counts = generate_bundle(out, persons=persons, seed=seed)
    except USER_ERRORS as exc:
        fail(exc)
    console.print(f"Wrote {out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
