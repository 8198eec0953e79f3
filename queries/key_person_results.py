"""The results of the key-persons analysis: ranked persons with their reasons, and the
key-player set. Plain data, each with `to_dict()` for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from queries.centrality import Method

__all__ = ["KeyPersonsResult", "KeyPlayerSet", "KeyPlayerStep", "RankedPerson", "Reason"]


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
class KeyPlayerSet:
    """A greedy key-player set of size k and what each removal achieves.

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

    def to_dict(self) -> dict:
        return asdict(self) | {"steps": [s.to_dict() for s in self.steps]}
