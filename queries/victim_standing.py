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

from queries.network import CaseNetwork, Evidence
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
    evidence_ids: tuple[str, ...] = ()
    controllers: tuple[str, ...] = ()  # persons whose links show control over them

    @property
    def words(self) -> str:
        return STANDING_WORDS[self.standing]


def _label(indicator: str) -> str:
    return indicator.replace("_", " ")


class VictimStandings:
    """The standing of every person in one network (seen from one case, or all), built once."""

    def __init__(self, network: CaseNetwork, case_id: str | None = None) -> None:
        self.network, self.case_id = network, case_id
        self._done_to = done_to_the_person()
        persons = network.persons
        self.controllers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for link in network.links:
            if case_id is not None and link.case_id not in (None, case_id):
                continue
            if link.type in CONTROL_LINKS and link.source_id in persons and link.target_id in persons:
                if link.source_id != link.target_id:
                    self.controllers[link.target_id][link.source_id].add(link.type)
        self._by_person: dict[str, Standing] = {}
        subject_rows: dict[str, list[Evidence]] = defaultdict(list)
        for e in network.evidence:
            if (case_id is None or e.case_id == case_id) and self.reads_as_subject(e):
                subject_rows[e.about_id].append(e)
        for pid, person in persons.items():
            if person.is_identified_victim:
                self._by_person[pid] = Standing(pid, "identified", controllers=tuple(sorted(self.controllers.get(pid, {}))))
            elif person.is_victim:
                self._by_person[pid] = Standing(pid, "presumed", controllers=tuple(sorted(self.controllers.get(pid, {}))))
            elif pid in self.controllers or pid in subject_rows:
                self._by_person[pid] = self._possible(pid, subject_rows.get(pid, []))

    def _possible(self, pid: str, rows: list[Evidence]) -> Standing:
        signals = [
            f"{'controlled' if 'CONTROLS' in types else 'housed, transported or exploited'} by "
            f"{self.network.label(source)} ({source}: {', '.join(sorted(types))})"
            for source, types in sorted(self.controllers.get(pid, {}).items())
        ]
        signals += [f"{_label(e.indicator)} {e.evidence_id} (done to them)" for e in sorted(rows, key=lambda e: e.evidence_id)]
        return Standing(
            pid, "possible", tuple(signals), tuple(sorted({e.evidence_id for e in rows})),
            tuple(sorted(self.controllers.get(pid, {}))),
        )

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
        return self._by_person.get(person_id)

    def is_victim(self, person_id: str) -> bool:
        return person_id in self._by_person

    def possible(self) -> list[Standing]:
        return [s for _, s in sorted(self._by_person.items()) if s.standing == "possible"]
