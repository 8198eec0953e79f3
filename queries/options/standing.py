"""Who may be a victim, and how sure the case is of it: identified, presumed or possible.

- **identified**: a victim role with `identified_on` (formally identified, reasonable or
  conclusive grounds).
- **presumed**: a victim role without `identified_on`. Not yet identified, and an
  alternatives-only plan is what would keep her so: "victim identification presupposes the
  use of the THB Act" (Bjelland).
- **possible**: recorded as anything but a victim (often a suspect), yet someone else
  controls, houses, transports or exploits them, or evidence about them shows what was done
  to them (a passport held, a debt imposed). The fact pattern of *V.C.L. and A.N. v United
  Kingdom*: assess before prosecuting.

Evidence about a person is read for what it says (`reads_as_subject`): an explicit
`about_role` wins; otherwise an indicator marked `done_to_the_person` in the vocabulary,
recorded about a victim or about a person under someone else's control, describes what was
done to them, not their own conduct. Everything else is the person's (or business's) conduct.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from queries.network.model import CaseNetwork, Evidence
from rules.load import done_to_the_person

__all__ = ["CONTROL_LINKS", "STANDING_WORDS", "Standing", "VictimStandings"]

#: Links that put one person under another's control (recruitment alone does not).
CONTROL_LINKS = frozenset({"CONTROLS", "HOUSED", "TRANSPORTED", "EXPLOITS"})

StandingCode = Literal["identified", "presumed", "possible"]
STANDING_WORDS: dict[str, str] = {
    "identified": "identified victim",
    "presumed": "not yet identified",
    "possible": "possibly a victim",
}


@dataclass(frozen=True)
class Standing:
    person_id: str
    standing: StandingCode
    signals: tuple[str, ...] = ()  # why a possible victim is one, in words

    @property
    def words(self) -> str:
        return STANDING_WORDS[self.standing]


def _label(indicator: str) -> str:
    return indicator.replace("_", " ")


class VictimStandings:
    """The standing of the persons of one network (seen from one case, or all).

    The control links and the rows done to a person are indexed once; a person's standing is
    worked out when first asked (key persons ask for ten persons of a hundred thousand)."""

    _UNSET = Standing("", "possible")  # a person asked about who is no victim of any standing

    def __init__(
        self, network: CaseNetwork, case_id: str | None = None,
        controllers: dict[str, dict[str, set[str]]] | None = None,
    ) -> None:
        """`controllers` (person -> controlling person -> link types), where a caller has
        indexed the links already (key persons at 100k persons: a pass saved)."""
        self.network, self.case_id = network, case_id
        self._done_to = done_to_the_person()
        persons = network.persons
        if controllers is None:
            controllers = {}
            for link in network.links:
                if link.type not in CONTROL_LINKS or (case_id is not None and link.case_id not in (None, case_id)):
                    continue
                if link.source_id in persons and link.target_id in persons and link.source_id != link.target_id:
                    controllers.setdefault(link.target_id, {}).setdefault(link.source_id, set()).add(link.type)
        self.controllers = controllers
        self._subject_rows: dict[str, list[Evidence]] = defaultdict(list)
        for e in network.evidence:
            if (case_id is None or e.case_id == case_id) and self.reads_as_subject(e):
                self._subject_rows[e.about_id].append(e)
        self._by_person: dict[str, Standing] = {}

    def _standing(self, pid: str) -> Standing:
        person = self.network.persons.get(pid)
        if person is None:
            return self._UNSET
        if person.is_identified_victim:
            return Standing(pid, "identified")
        if person.is_victim:
            return Standing(pid, "presumed")
        if pid in self.controllers or pid in self._subject_rows:
            return self._possible(pid, self._subject_rows.get(pid, []))
        return self._UNSET

    def _possible(self, pid: str, rows: list[Evidence]) -> Standing:
        signals = [
            f"{'controlled' if 'CONTROLS' in types else 'housed, transported or exploited'} by "
            f"{self.network.label(source)} ({source}: {', '.join(sorted(types))})"
            for source, types in sorted(self.controllers.get(pid, {}).items())
        ]
        signals += [f"{_label(e.indicator)} {e.evidence_id} (done to them)" for e in sorted(rows, key=lambda e: e.evidence_id)]
        return Standing(pid, "possible", tuple(signals))

    def reads_as_subject(self, e: Evidence) -> bool:
        """True where the row says what was done to the person it is about."""
        if e.about_role:
            return e.about_role == "subject"
        person = self.network.persons.get(e.about_id)
        if person is None or e.indicator not in self._done_to:
            return False
        return person.is_victim or e.about_id in self.controllers

    def of(self, person_id: str) -> Standing | None:
        """The person's standing, or None for a person nothing marks as a victim."""
        standing = self._by_person.get(person_id)
        if standing is None:
            standing = self._by_person[person_id] = self._standing(person_id)
        return None if standing is self._UNSET else standing

    def is_victim(self, person_id: str) -> bool:
        return self.of(person_id) is not None

    def possible(self) -> list[Standing]:
        candidates = sorted(set(self.controllers) | set(self._subject_rows))
        return [s for pid in candidates if (s := self.of(pid)) is not None and s.standing == "possible"]
