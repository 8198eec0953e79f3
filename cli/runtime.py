"""`thbgraph neo4j start|stop|status`: the local Neo4j runtime, for machines without Docker or a server."""

from __future__ import annotations

from pathlib import Path

import typer

from cli.console import USER_ERRORS, console, fail, say

neo4j_app = typer.Typer(help="The local Neo4j runtime (for machines without Docker or a server).")


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
