"""The queries of `key-persons --all` run once right after Neo4j starts, on the persons it showed last.

The first run after a start pays for Neo4j's own warming: its first query (the Bolt and Cypher
machinery loaded and compiled, 2-3 s here), the planning of each query it has not seen (the schema
reads every command starts with among them), and the
projection of the persons shown running its rows through code the JVM has not compiled yet and
pages not yet in its cache (3-4 s at 10,000 persons, 7-8 s at 100,000, against 0.2 and 1.1-1.5 s
warm; docs/benchmarks.md). Each whole-database run with kept arrays notes what it projected
(`SHOWN_FILE` in THBGRAPH_HOME: the ids it asked for and the graph's version, mode 600); the warm-up asks for them again
(`Projector.shown`), or, with no such note, runs the same queries on the first `WARM_PERSONS`
persons and `WARM_BUSINESSES` businesses. The whole reading of the links is spared by the kept
arrays (`queries.network.whole_cache`). `thbgraph neo4j start` runs this in a niced process of its
own once Neo4j answers (`python -m queries.key_persons.warm_up URI`). Nothing is written to Neo4j.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from neo4j import Driver, NotificationMinimumSeverity
from neo4j.exceptions import Neo4jError

from graph.cypher import query
from graph.schema import AWAIT_INDEXES, describe_schema
from queries.network.projection import Projector
from queries.network.whole_cache import FILE, graph_version, kept_business_ids

__all__ = ["SHOWN_FILE", "WARM_BUSINESSES", "WARM_PERSONS", "noted_shown", "remember_shown", "warm_up"]

#: What the last whole-database run projected (ids only), in THBGRAPH_HOME.
SHOWN_FILE = "key-persons-shown.json"

#: The arguments of `Projector.shown` that a note holds.
SHOWN_INPUTS = {"links_of", "links_into", "businesses", "evidence_of", "persons"}

#: How many persons and businesses the warm-up projects (the first by id).
WARM_PERSONS = 5_000
WARM_BUSINESSES = 1_000
#: How long the warm-up waits on indexes still being populated (it only reads; a command waits longer).
WARM_INDEX_SECONDS = 5


def remember_shown(path: Path, inputs: dict[str, list[str]], version: str | None = None) -> None:
    """Note the ids a run's `Projector.shown` asked for, and the graph's version they are of
    (written aside, then moved in)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.new")
    draft.unlink(missing_ok=True)
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        json.dump({"version": version, "inputs": inputs}, out)
    os.replace(draft, path)


def noted_shown(path: Path) -> tuple[dict[str, list[str]], str | None] | None:
    """The ids the last run projected and the version of the graph they were of (None: no note,
    or one this code did not write)."""
    try:
        note = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    inputs = note.get("inputs") if isinstance(note, dict) else None
    if not isinstance(inputs, dict) or set(inputs) != SHOWN_INPUTS:
        return None
    return inputs, note.get("version")


def warm_up(driver: Driver, database: str | None = None, home: Path | None = None) -> str:
    """Send the reads every command starts with (`apply_schema`'s: the schema's names, the wait on its
    indexes) and the graph's version read, then project what the last run showed (its note in ``home``),
    or run the same queries on a few persons and businesses. Says which."""
    describe_schema(driver, database)  # the same statements as `apply_schema`, so their plans are cached
    try:
        driver.execute_query(AWAIT_INDEXES, seconds=WARM_INDEX_SECONDS, database_=database)
    except Neo4jError:  # indexes still being populated: the command will wait on them, planned already
        pass
    graph_version(driver, database)
    replayed = _replay(driver, database, home) if home is not None else False
    if replayed:
        return "the persons shown last"
    with driver.session(database=database, default_access_mode="READ",
                        notifications_min_severity=NotificationMinimumSeverity.OFF) as session:
        def run(name: str, **params: Any) -> None:
            session.run(query("queries.network", name), params).consume()

        persons = session.run(query("queries.network", "warm_persons"), limit=WARM_PERSONS).value("id")
        businesses = session.run(query("queries.network", "warm_businesses"), limit=WARM_BUSINESSES).value("id")
        run("whole_links", lo=0, hi=WARM_PERSONS)
        run("network_links", person_ids=persons)
        run("network_links_into", person_ids=persons)
        run("network_business_links", business_ids=businesses)
        run("network_evidence", person_ids=persons, business_ids=businesses)
        run("network_persons", person_ids=persons)
        run("network_businesses", business_ids=businesses)
    return f"the first {len(persons):,} persons"


def _replay(driver: Driver, database: str | None, home: Path) -> bool:
    noted = noted_shown(home / SHOWN_FILE)
    businesses = kept_business_ids(home / FILE)
    if noted is None or businesses is None:
        return False
    Projector(driver, database).shown(**noted[0], is_business=set(businesses).__contains__)
    return True


def main() -> None:  # pragma: no cover - run as a process by `thbgraph neo4j start`
    from graph.db import connect  # noqa: PLC0415
    from graph.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    with connect(settings, uri=sys.argv[1]) as driver:
        print(f"warmed up on {warm_up(driver, settings.neo4j_database, settings.home)}", flush=True)


if __name__ == "__main__":
    main()
