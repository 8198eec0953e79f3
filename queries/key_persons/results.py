"""The results of the key-persons analysis: ranked persons with their reasons, and the
key-player set. Plain data, each with `to_dict()` for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from queries.key_persons.centrality import Method

__all__ = ["KeyPersonsResult", "KeyPlayerSearchReport", "KeyPlayerSet", "KeyPlayerStep", "RankedPerson", "Reason"]


@dataclass(frozen=True)
class Reason:
    """One reason in words, and the ids of the persons, businesses, links and
    evidence behind it (links as ``"SOURCE-[TYPE]->TARGET"``, see `link_ref`)."""

    text: str
    facts: tuple[str, ...]
    component: str

    def to_dict(self) -> dict:
        return {"text": self.text, "facts": list(self.facts), "component": self.component}


@dataclass(frozen=True)
class RankedPerson:
    """A scored person.

    ``components`` are the normalised [0, 1] values the score combines (keys of
    `WEIGHTS`); ``raw`` the values before normalisation (counts, amounts, and the
    structural measures as computed). ``rank`` is None for victims who exploit
    others, who are never ranked; they carry a ``warning`` instead.
    """

    person_id: str
    name: str | None
    rank: int | None
    score: float
    components: dict[str, float]
    raw: dict[str, float]
    reasons: tuple[Reason, ...]
    warning: str | None = None
    #: identified | presumed (victims who exploit others) | possible (recorded otherwise, yet
    #: shows a victim's signs: ranked, with the warning); None for everyone else
    standing: str | None = None

    def to_dict(self) -> dict:
        return asdict(self) | {"reasons": [r.to_dict() for r in self.reasons]}


@dataclass(frozen=True)
class KeyPersonsResult:
    """The ranking, the victims shown apart, and how it was computed."""

    ranking: list[RankedPerson]
    victim_offenders: list[RankedPerson]
    excluded_victims: int  # victims left out of the ranking (they exploit no one)
    method: Method
    weights: dict[str, float]  # the weights actually used (re-weighted, see WEIGHTS)
    persons: int
    ties: int
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "ranking": [p.to_dict() for p in self.ranking],
            "victim_offenders": [p.to_dict() for p in self.victim_offenders],
            "excluded_victims": self.excluded_victims,
            "method": self.method.to_dict(),
            "weights": dict(self.weights),
            "persons": self.persons,
            "ties": self.ties,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class KeyPlayerStep:
    """The suspects' network after removing the persons up to this step."""

    step: int
    person_id: str | None  # None for step 0, before any removal
    name: str | None
    rank: int | None
    fragmentation: float
    distance_fragmentation: float
    largest_component: int
    largest_share: float
    victims_held: int
    victims_cut_off: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class KeyPlayerSearchReport:
    """How the key-player set was searched for.

    ``method``: ``"greedy"`` (best single removal, recompute, k times) or ``"swap"``
    (that greedy start, then exchanges and a beam search of ``beam_width``).
    ``found_by``: the start the set came from (``"greedy"`` or ``"beam"``);
    ``swaps``: exchanges that then improved it; ``rounds``: exchange rounds run in
    all. ``greedy_value`` and ``value``: the objective of the greedy set and of the
    set returned. ``stopped_by_budget``: the time budget (``budget`` seconds from the
    start of the search, None for none; the greedy start always runs to the end) ran
    out before the search was done, so a longer budget might give a better set;
    ``seconds``: time spent searching (the steps recorded afterwards not included).
    """

    method: str
    beam_width: int
    found_by: str
    swaps: int
    rounds: int
    greedy_value: float | None
    value: float | None
    stopped_by_budget: bool
    seconds: float
    budget: float | None

    def describe(self) -> str:
        """One line: the search, where the set came from, what the search gained, the time."""
        if self.method == "greedy":
            return f"greedy (best single removal, recomputed after each; {self.seconds:.2f} s)"
        text = f"greedy start, then exchange (swap) and beam search (width {self.beam_width}): "
        if self.found_by == "greedy" and not self.swaps:
            text += "no better set than the greedy one found"
        else:
            swaps = f"improved by {self.swaps} exchange{'s' if self.swaps != 1 else ''}"
            if self.found_by == "greedy":
                origin = f"the greedy set {swaps}"
            else:
                origin = f"the beam search's set{', ' + swaps if self.swaps else ''}"
            text += f"{origin}; objective {_gain(self.greedy_value, self.value)}"
        budget = "no time limit" if self.budget is None else f"budget {self.budget:g} s"
        stop = ", stopped by the time budget" if self.stopped_by_budget else ""
        return f"{text} ({self.seconds:.2f} s, {budget}{stop})"

    def to_dict(self) -> dict:
        return asdict(self)


def _gain(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "not computed"
    if before == after:
        return f"{after:.4f} as for the greedy set, with a higher dF"
    digits = 4 if round(before, 4) != round(after, 4) else 8
    return f"{before:.{digits}f} for the greedy set, {after:.{digits}f} for this one"


@dataclass(frozen=True)
class KeyPlayerSet:
    """A key-player set of size k and what each removal achieves.

    ``steps`` remove the set one person at a time, in the order the greedy search
    takes them (a set found by exchanges is not built one removal at a time, and a
    set of k need not contain the set of k - 1); ``search`` says how it was found.

    The suspects' network is the person graph without victims. ``largest_share`` is
    its largest connected part relative to the largest part before any removal. A
    victim is *held* while a remaining non-victim reaches them along exploitation
    links (CONTROLS, RECRUITED, TRANSPORTED, HOUSED, EXPLOITS) or through a business
    they own, direct or manage and the victim works at, possibly via a victim who
    recruits; communication alone holds no one.
    """

    k: int
    person_ids: list[str]
    steps: list[KeyPlayerStep]
    suspects: int
    pool: int
    objective: str
    distance_method: str
    search: KeyPlayerSearchReport | None = None  # how the set was searched for

    def to_dict(self) -> dict:
        return asdict(self) | {
            "steps": [s.to_dict() for s in self.steps],
            "search": self.search.to_dict() if self.search is not None else None,
        }
