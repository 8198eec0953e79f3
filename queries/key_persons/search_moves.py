"""The moves of the key-player search (`queries.key_persons.search`) beyond the greedy start: the
exchange search (Borgatti 2006: swap a member of the set for a candidate outside it while that
improves the value) and the beam search (keep the best few sets of each size).
"""

from __future__ import annotations

from collections.abc import Callable

from queries.key_persons.search_problem import SearchProblem, SearchState

__all__ = ["SetCandidate", "beam_search", "exchange"]


class SetCandidate:
    """A set of k persons, its value, and its dF when equals are told apart by it."""

    def __init__(self, problem: SearchProblem, persons: list, found_by: str, swaps: int = 0,
                 value: float | None = None, df: float | None = None) -> None:
        self.problem = problem
        self.persons = list(persons)
        self.found_by = found_by
        self.swaps = swaps
        self._state: SearchState | None = None
        self.value = value if value is not None else problem.set_value(self.state)
        self._df = df

    @property
    def state(self) -> SearchState:
        if self._state is None:
            self._state = self.problem.state(self.persons)
        return self._state

    @property
    def df(self) -> float:
        if self._df is None:
            self._df = self.problem.df(self.state)
        return self._df

    def better_than(self, other: SetCandidate) -> bool:
        if self.value != other.value:
            return self.value > other.value
        return self.problem.tie_break(self.state) and self.df > other.df


def exchange(problem: SearchProblem, current: SetCandidate, expired: Callable[[], bool]) -> tuple[SetCandidate, int]:
    """Best-improvement exchange search from ``current``: (the set it ends on, rounds run)."""
    rounds = 0
    # Every exchange strictly improves (value, dF); remembering the sets seen also rules
    # out a cycle through float noise in dF.
    seen = {frozenset(current.persons)}
    while not expired():
        rounds += 1
        members = set(current.persons)
        # The best exchange of this round: (value, dF or None, u, v, state without the set but u).
        best_value, best_df, move = current.value, None, None
        for u in current.persons:
            if expired():
                break
            state = problem.state(p for p in current.persons if p != u)
            small = problem.tie_break(state)
            others = members - {u}
            for v, value in problem.values(state).items():
                if v in members or value < best_value or frozenset((*others, v)) in seen:
                    continue
                if value > best_value:
                    best_value, best_df, move = value, None, (u, v, state)
                    continue
                if not small or expired():
                    continue
                if best_df is None:
                    best_df = current.df if move is None else problem.df_without(move[2], move[1])
                df = problem.df_without(state, v)
                if df > best_df:
                    best_value, best_df, move = value, df, (u, v, state)
        if move is None:
            break
        u, v, _ = move
        persons = [v if p == u else p for p in current.persons]
        seen.add(frozenset(persons))
        current = SetCandidate(problem, persons, current.found_by, current.swaps + 1, best_value, best_df)
    return current, rounds


def beam_search(problem: SearchProblem, k: int, width: int, expired: Callable[[], bool]) -> list | None:
    """Beam search: the best set of k (in order of removal), or None if the budget ran out."""
    states = [problem.state()]
    for _ in range(k):
        scored = []  # (value, state number, candidate position, candidate)
        for i, state in enumerate(states):
            if expired():
                return None
            scored.extend((value, i, problem.position[c], c) for c, value in problem.values(state).items())
        if not scored:
            break
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        chosen = distinct(scored, states, width)
        cutoff = chosen[-1][0]
        if problem.tie_break(states[0]):
            near = [t for t in scored if t[0] >= cutoff]
            if len(near) > 1:
                df = {}
                for t in near:
                    if expired():
                        return None
                    df[t[1], t[3]] = problem.df_without(states[t[1]], t[3])
                near.sort(key=lambda t: (-t[0], -df[t[1], t[3]], t[1], t[2]))
                chosen = distinct(near, states, width)
        states = [problem.child(states[i], c) for _, i, _, c in chosen]
    return list(states[0].removed)


def distinct(scored: list, states: list[SearchState], width: int) -> list:
    """The first ``width`` entries of ``scored`` that make different sets."""
    seen: set[frozenset] = set()
    chosen = []
    for t in scored:
        key = frozenset((*states[t[1]].removed, t[3]))
        if key not in seen:
            seen.add(key)
            chosen.append(t)
            if len(chosen) == width:
                break
    return chosen
