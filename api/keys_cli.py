"""`thbgraph keys`: the victim-data key that seals victims' identifying values in the graph."""

from __future__ import annotations

import typer

from api.console import USER_ERRORS, console, fail, say
from graph.cypher import query
from graph.local import database
from graph.sealing import KEY_VARIABLE, new_key, sealer_for
from graph.settings import get_settings

keys_app = typer.Typer(help="The victim-data key (THBGRAPH_VICTIM_DATA_KEY).", no_args_is_help=True)


@keys_app.command("new")
def keys_new() -> None:
    """Print a fresh key, to put in THBGRAPH_VICTIM_DATA_KEY (before the first load)."""
    print(new_key())


@keys_app.command("check")
def keys_check() -> None:
    """Say which key is configured and whether the graph is sealed under it (exit 1 if not)."""
    try:
        sealer = sealer_for(get_settings())
        with database(get_settings(), say=say) as driver:
            records, _, _ = driver.execute_query(query("sealing_key_read"), routing_="r",
                                                 database_=get_settings().neo4j_database)
    except USER_ERRORS as exc:
        fail(exc)
    graph_key = records[0]["key_id"] if records else None
    console.print(f"Configured key: {sealer.key_id}. Graph: {graph_key or 'nothing sealed yet'}.")
    if graph_key and graph_key != sealer.key_id:
        console.print(f"[red]The graph is sealed under another key: set {KEY_VARIABLE} to it.[/]")
        raise typer.Exit(1)
