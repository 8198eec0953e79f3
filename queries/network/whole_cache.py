"""The whole database's arrays (`WholeGraph`) kept in THBGRAPH_HOME between runs of `key-persons --all`.

After Neo4j starts, its first reading of every link costs several times a warm one (its page
cache and query plans are empty, its code not yet compiled: 7.6 s against 2.0 s at 100,000
persons, docs/benchmarks.md). An unchanged graph need not be read again: the arrays are kept
in a file, filed under the graph's version, and used only while the version is the same.

The version (`graph_version`) is the database's id and its store's creation time (`db.info()`: a
new import is a new store), its name, and its last committed transaction (the bookmark of a read):
any write, however small, commits a transaction and so makes the file stale. The arrays are kept
only when the version read after them is the one read before (no write in between).

The file holds ids and numbers: person and business ids, link ends as numbers, link types,
amounts, evidence counts, the persons sharing each identifier (by number), and the identifiers
too widely shared to tie anyone (kind and value as `read_whole_graph` reports them: the
identifier's id, never its value, where a victim holds it). No name, no victim's value. It is
the operator's, like the store (mode 600 in THBGRAPH_HOME).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
from neo4j import Driver, NotificationMinimumSeverity

from graph.cypher import query
from queries.network.whole_graph import WholeGraph, read_whole_graph

__all__ = ["FILE", "graph_version", "kept_business_ids", "read_whole_graph_kept", "read_whole_graph_versioned"]

FILE = "whole-graph.npz"
#: Changed whenever what the file holds changes: an older file is then read afresh.
LAYOUT = 1

Progress = Callable[[str], None]


def graph_version(driver: Driver, database: str | None = None) -> str | None:
    """What changes whenever the graph does (see the module), in one small read; None when the
    server gives no bookmark (then nothing is kept)."""
    with driver.session(database=database, default_access_mode="READ",
                        notifications_min_severity=NotificationMinimumSeverity.OFF) as session:
        info = session.run(query("queries.network", "whole_version")).single(strict=True)
        # The bookmark of a read names the last transaction committed when it ran (Neo4j's
        # causal consistency); Community's SHOW DATABASES leaves lastCommittedTxn empty.
        bookmarks = sorted(session.last_bookmarks().raw_values)
    if not bookmarks:
        return None
    return json.dumps([LAYOUT, info["id"], str(info["creationDate"]), info["name"], bookmarks])


def read_whole_graph_kept(driver: Driver, database: str | None, path: Path | None,
                          progress: Progress | None = None) -> WholeGraph:
    """`read_whole_graph`, from the file at ``path`` when it holds this version of the graph;
    otherwise read from the database and kept there (``path`` None: never kept)."""
    return read_whole_graph_versioned(driver, database, path, progress)[0]


def read_whole_graph_versioned(driver: Driver, database: str | None, path: Path | None,
                               progress: Progress | None = None) -> tuple[WholeGraph, str | None]:
    """`read_whole_graph_kept`, and the version of the graph the arrays are of (None: not known,
    as with no ``path``, no bookmark, or a write while they were read)."""
    say = progress or (lambda _: None)
    version = graph_version(driver, database) if path is not None else None
    if path is None or version is None:
        return read_whole_graph(driver, database, say), None
    kept = _load(path, version)
    if kept is not None:
        say(f"{kept.n:,} persons, {len(kept.source):,} links, {len(kept.identifier_groups):,} shared identifiers read "
            f"from {path} (the graph has not changed since they were kept)")
        return kept, version
    w = read_whole_graph(driver, database, say)
    if graph_version(driver, database) != version:
        return w, None
    _save(path, version, w)
    return w, version


def _text(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value).encode(), dtype=np.uint8)


def _from_text(array: np.ndarray) -> object:
    return json.loads(array.tobytes().decode())


def _save(path: Path, version: str, w: WholeGraph) -> None:
    sizes = np.fromiter((len(g) for g in w.identifier_groups), dtype=np.int64, count=len(w.identifier_groups))
    members = np.concatenate(w.identifier_groups) if w.identifier_groups else np.zeros(0, np.int64)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Written aside and moved in: a reader sees the old file or the new one, never half of one.
    draft = path.with_name(f"{path.name}.{os.getpid()}.new")
    draft.unlink(missing_ok=True)
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        np.savez(out, version=_text(version), person_ids=_text(w.person_ids), victim=w.victim,
                 business_ids=_text(w.business_ids), source=w.source, target=w.target, kind=w.kind, amount=w.amount,
                 evidence=w.evidence, group_sizes=sizes, group_members=members,
                 oversized=_text(w.oversized_identifiers))
    os.replace(draft, path)


def _load(path: Path, version: str) -> WholeGraph | None:
    try:
        with np.load(path, allow_pickle=False) as f:
            if _from_text(f["version"]) != version:
                return None
            sizes, members = f["group_sizes"], f["group_members"]
            return WholeGraph(
                person_ids=_from_text(f["person_ids"]), victim=f["victim"],  # type: ignore[arg-type]
                business_ids=_from_text(f["business_ids"]),  # type: ignore[arg-type]
                source=f["source"], target=f["target"], kind=f["kind"], amount=f["amount"], evidence=f["evidence"],
                identifier_groups=np.split(members, np.cumsum(sizes)[:-1]) if len(sizes) else [],
                oversized_identifiers=[(k, v, n) for k, v, n in _from_text(f["oversized"])],  # type: ignore[attr-defined]
            )
    except (OSError, ValueError, KeyError):
        return None  # none yet, or damaged, or of an older layout: read afresh (and rewritten)


def kept_business_ids(path: Path) -> list[str] | None:
    """The business ids of the kept file, whichever version it is of (None: no readable file)."""
    try:
        with np.load(path, allow_pickle=False) as f:
            return _from_text(f["business_ids"])  # type: ignore[return-value]
    except (OSError, ValueError, KeyError):
        return None
