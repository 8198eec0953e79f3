"""The structural measures and role components of the whole database kept in THBGRAPH_HOME beside its arrays.

Betweenness, PageRank, degree and components depend only on the person ties, which depend only
on the arrays (`queries.network.whole_cache`), and on the parameters of the measure (exact or
sampled, the seed, the limits that choose them). On an unchanged graph they are the numbers the
last run computed: igraph's PageRank and sampled betweenness cost 1.5-3 s of the first run at
100,000 persons on this machine. They are kept, as float64 and int64 arrays (exactly the numbers
computed), filed under the graph's version and those parameters, and used only when both are the
same; any write changes the version. The role components (`queries.key_persons.whole_roles`) depend
on the arrays only, and are kept beside them in the same file: a run that takes them from it need
not import scipy (0.5-1.5 s of the first run's imports here) nor multiply its sparse matrices.
Numbers only: no id, no name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from queries.key_persons.centrality import (
    EXACT_ENGINE,
    EXACT_MAX_PERSONS,
    MIN_PIVOTS,
    PIVOT_BUDGET,
    Centrality,
    Method,
)
from queries.key_persons.whole_roles import Roles

__all__ = ["FILE", "keep_structure", "kept_structure"]

FILE = "whole-structure.npz"
#: Changed whenever what the file holds changes: an older file is then computed afresh.
LAYOUT = 2  # 2: the role components too


def _key(version: str, exact: bool | None, seed: int) -> str:
    return json.dumps([LAYOUT, version, exact, seed, EXACT_MAX_PERSONS, EXACT_ENGINE, PIVOT_BUDGET, MIN_PIVOTS])


ROLE_ARRAYS = ("victims", "businesses", "money", "evidence", "exploiter")


def kept_structure(path: Path, version: str, exact: bool | None, seed: int,
                   ids: list[str]) -> tuple[Centrality, Roles] | None:
    """The measures and role components kept at ``path`` for this version of the graph and these
    parameters (None: none, another version or parameters, or a damaged file). ``ids``: the persons,
    in vertex order."""
    try:
        with np.load(path, allow_pickle=False) as f:
            if f["key"].tobytes().decode() != _key(version, exact, seed) or len(f["degree"]) != len(ids):
                return None
            central = Centrality(ids, f["betweenness"].tolist(), f["degree"].tolist(), f["pagerank"].tolist(),
                                 Method(**json.loads(f["method"].tobytes().decode())), f["components"].tolist())
            roles = Roles(**{name: f[f"role_{name}"] for name in ROLE_ARRAYS})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if any(len(getattr(roles, name)) != len(ids) for name in ROLE_ARRAYS):
        return None
    return central, roles


def keep_structure(path: Path, version: str, exact: bool | None, seed: int, central: Centrality, roles: Roles) -> None:
    """Keep the measures and role components for this version and these parameters (written aside,
    then moved in; mode 600)."""
    method = json.dumps({k: v for k, v in central.method.to_dict().items() if k != "description"})
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.new")
    draft.unlink(missing_ok=True)
    with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        np.savez(out, key=np.frombuffer(_key(version, exact, seed).encode(), dtype=np.uint8),
                 method=np.frombuffer(method.encode(), dtype=np.uint8),
                 betweenness=np.asarray(central.betweenness, dtype=np.float64),
                 degree=np.asarray(central.degree, dtype=np.int64),
                 pagerank=np.asarray(central.pagerank, dtype=np.float64),
                 components=np.asarray(central.components, dtype=np.int64),
                 **{f"role_{name}": getattr(roles, name) for name in ROLE_ARRAYS})
    os.replace(draft, path)
