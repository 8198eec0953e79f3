"""`thbgraph keys`: the victim-data key that seals victims' identifying values in the graph."""

from __future__ import annotations

import os

import typer

from cli.console import USER_ERRORS, console, fail, say
from graph.cypher import query
from graph.local import database
from graph.sealing import KEY_HINT, KEY_VARIABLE, Sealer, SealingError, key_file, new_key, parse_key, \
    replace_key_file, sealer_for
from graph.settings import get_settings
from graph.rekey import rekey

NEW_KEY_VARIABLE = "THBGRAPH_NEW_VICTIM_DATA_KEY"

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
            records, _, _ = driver.execute_query(query("graph", "sealing_key_read"), routing_="r",
                                                 database_=get_settings().neo4j_database)
    except USER_ERRORS as exc:
        fail(exc)
    graph_key = records[0]["key_id"] if records else None
    console.print(f"Configured key: {sealer.key_id}. Graph: {graph_key or 'nothing sealed yet'}.")
    if graph_key and graph_key != sealer.key_id:
        console.print(f"[red]The graph is sealed under another key: set {KEY_VARIABLE} to it.[/]")
        raise typer.Exit(1)


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-seal all victim data under the key in THBGRAPH_NEW_VICTIM_DATA_KEY, all or nothing.

    Stop the service first: it holds the old key. Afterwards the old key opens nothing."""
    settings = get_settings()
    try:
        old = sealer_for(settings)
        text = os.environ.get(NEW_KEY_VARIABLE, "").strip()
        if not text:
            raise SealingError(f"{NEW_KEY_VARIABLE} is not set: put the new key there ({KEY_HINT})")
        new = Sealer.from_key(parse_key(text, source=NEW_KEY_VARIABLE))
        with database(settings, say=say) as driver:
            report = rekey(driver, settings.neo4j_database, old, new)
    except USER_ERRORS as exc:
        fail(exc)
    console.print(f"Re-sealed under key {new.key_id} (was {old.key_id}): {report.persons} persons, "
                  f"{report.identifiers} identifiers ({report.spellings} sealed spellings), "
                  f"{report.evidence} evidence descriptions, {report.notes} link notes, "
                  f"{report.ftm_entities} kept FtM entities.")
    if settings.victim_data_key is None:  # the local runtime's key file
        path = key_file(settings)
        try:
            replace_key_file(path, text)
        except OSError as exc:
            fail(SealingError(f"the graph is sealed under the new key, but {path} could not be written ({exc}): "
                              f"put the key from {NEW_KEY_VARIABLE} in it yourself"))
        console.print(f"{path} now holds the new key.")
    else:
        console.print(f"Now set {KEY_VARIABLE} to the new key wherever it is set (loaders, the service) "
                      "and start the service again.")
