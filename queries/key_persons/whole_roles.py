"""The role components of every person of the whole database, from `WholeGraph` arrays.

The same figures as `queries.key_persons.scores.Profile.raw`, for everyone at once, as sparse
boolean matrices over the parties (persons, then businesses):

- victims: the victims a person exploits directly, plus `INDIRECT_VICTIM_WEIGHT` times the
  further victims exploited by someone they reach along 1 to `CONTROL_DEPTH` CONTROLS links;
- businesses: the victims at the businesses they own, direct or manage (working there, or
  housed, transported, exploited by the business);
- money: the amounts of the payments they received;
- evidence: evidence about them and about those businesses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from queries.key_persons.scores import CONTROL_DEPTH, INDIRECT_VICTIM_WEIGHT, WORK_LINKS
from queries.network.model import BUSINESS_CONTROL_LINKS, EXPLOITATION_LINKS
from queries.network.whole_graph import WholeGraph

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["Roles", "array_roles"]


@dataclass
class Roles:
    """Per person (the first n parties): the raw role components, and who exploits anyone."""

    victims: np.ndarray
    businesses: np.ndarray
    money: np.ndarray
    evidence: np.ndarray
    exploiter: np.ndarray  # bool: the source of an exploitation link (victims among them are listed apart)

    def raw(self) -> dict[str, np.ndarray]:
        return {"victims": self.victims, "businesses": self.businesses, "money": self.money, "evidence": self.evidence}


def _matrix(rows: np.ndarray, cols: np.ndarray, size: int) -> sparse.csr_matrix:
    """A boolean (0/1) matrix with a one at each (row, col), however often it is given."""
    from scipy import sparse  # here: a run with the roles kept (central_cache) never imports scipy
    m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(size, size))
    m.data[:] = 1
    return m


def _off_diagonal(m: sparse.csr_matrix) -> sparse.csr_matrix:
    from scipy import sparse
    m = m.tocoo()
    keep = m.row != m.col
    return sparse.csr_matrix((m.data[keep], (m.row[keep], m.col[keep])), shape=m.shape)


def _binary(m: sparse.csr_matrix) -> sparse.csr_matrix:
    m = m.tocsr()
    m.eliminate_zeros()
    m.data[:] = 1
    return m


def array_roles(w: WholeGraph) -> Roles:
    n, size = w.n, w.n + len(w.business_ids)
    s, t = w.source, w.target
    is_victim = np.zeros(size, dtype=bool)
    is_victim[:n] = w.victim
    exploitation = w.is_(EXPLOITATION_LINKS)
    exploiter = np.zeros(n, dtype=bool)
    exploiter[s[exploitation & (s < n)]] = True

    # Direct: exploitation links from a person (any party but a business) to a victim.
    hits = exploitation & is_victim[t]
    direct = _matrix(s[hits & (s < n)], t[hits & (s < n)], size)
    # Everyone reached along 1..CONTROL_DEPTH CONTROLS links, never oneself.
    controls = w.is_({"CONTROLS"})
    step = _matrix(s[controls], t[controls], size)
    reach, frontier = step.copy(), step
    for _ in range(CONTROL_DEPTH - 1):
        frontier = _binary(frontier @ step)
        reach = _binary(reach + frontier)
    reach = _off_diagonal(reach)
    further = _binary(reach @ direct)
    # ... less the victims exploited directly, and the person themself.
    further = _binary(further - further.multiply(direct))
    further = _off_diagonal(further)
    victims = np.asarray(direct.sum(axis=1)).ravel() + INDIRECT_VICTIM_WEIGHT * np.asarray(further.sum(axis=1)).ravel()

    # Businesses: person -> business they control -> victims at it.
    control = w.is_(BUSINESS_CONTROL_LINKS) & (t >= n)
    owns = _matrix(s[control], t[control], size)
    at_exploited = hits & (s >= n)
    work = w.is_(WORK_LINKS)
    work_from = work & (s >= n) & is_victim[t]
    work_to = work & (t >= n) & is_victim[s] & ~work_from
    at = _matrix(np.concatenate([s[at_exploited], s[work_from], t[work_to]]),
                 np.concatenate([t[at_exploited], t[work_from], s[work_to]]), size)
    business_victims = np.asarray(_binary(owns @ at).sum(axis=1)).ravel()
    paid = w.is_({"PAID"})
    money = np.bincount(t[paid], weights=w.amount[paid], minlength=size)
    evidence = w.evidence + owns @ w.evidence
    return Roles(
        victims=victims[:n].astype(np.float64), businesses=business_victims[:n].astype(np.float64),
        money=money[:n].astype(np.float64), evidence=evidence[:n].astype(np.float64), exploiter=exploiter,
    )
