"""A case network as one user may see it (`Viewer`): their cases only, victims pseudonymised for analysts."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Response
from fastapi.encoders import jsonable_encoder

from queries.network.model import CaseNetwork
from service.auth import Role, User
from service.redact import VictimIndex, pseudonymise
from service.scope import within
from service.services import Services

T = TypeVar("T")
FAMILY_LINK = "FAMILY_OF"
#: What a victim's real id stands for to a viewer who sees her pseudonym: an id no person has.
MISSING = ""


@dataclass
class Viewer:
    """A case network as this user may see it: their cases only; victims pseudonymised for analysts."""

    services: Services
    user: User
    #: Victims under pseudonyms whatever the role (the web app's view until a purpose is given).
    hidden: bool = False

    @property
    def analyst(self) -> bool:
        return self.user.role is Role.analyst or self.hidden

    @property
    def is_analyst(self) -> bool:
        """An analyst, to whom possible victims are victims too (an investigator's hidden view names them)."""
        return self.user.role is Role.analyst

    def index(self) -> VictimIndex:
        return self.services.victims(self.user.cases, analyst=self.is_analyst)

    def relatives(self) -> frozenset[str]:
        """The real ids of the victims' relatives (a FAMILY_OF link with a victim, or a possible victim, of the
        user's cases): to analysts, as in the analysis database, no name, birth date, identifier or text of theirs."""
        def compute() -> frozenset[str]:
            index, found = self.index(), set()
            for case_id in sorted(self.user.cases):
                for link in self.services.case_network(case_id).links:
                    ends = (link.source_id, link.target_id)
                    if link.type == FAMILY_LINK and any(index.is_victim(e) for e in ends):
                        found |= {e for e in ends if not index.is_victim(e)}
            return frozenset(found)

        # Kept as long as the victims' index it is drawn from (Services.victims).
        return self.services.versions.get(("relatives", self.user.cases, self.is_analyst), compute)

    def person_id(self, given: str) -> str:
        """The real id behind what the user typed (analysts may use pseudonyms).

        To a viewer who sees victims under pseudonyms, a victim's real id is no person at all (`MISSING`,
        which answers 404 like any missing id): mapping it to her pseudonym would put the two side by side."""
        if not self.analyst:
            return given
        index = self.index()
        return MISSING if index.is_victim(given) else index.resolve(given)

    def case_network(self, case_id: str) -> CaseNetwork:
        key = ("view", case_id, self.user.cases, self.analyst, self.is_analyst)
        return self.services.cache.get(key, lambda: self._view(case_id))

    def _view(self, case_id: str) -> CaseNetwork:
        network = within(self.services.case_network(case_id), self.user.cases)
        return pseudonymise(network, self.services.pseudonyms, possible=self.is_analyst) if self.analyst else network

    def memo(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """A result computed from a case as this user sees it, shared with every user who sees it alike."""
        return self.services.results.get((*key, self.user.cases, self.analyst, self.is_analyst), compute)

    def memo_json(self, key: tuple[Hashable, ...], compute: Callable[[], Any]) -> Response:
        """`memo` for a large JSON result, kept encoded: encoding 50 kB of options costs more than computing them."""
        body = self.memo(("json", *key), lambda: json.dumps(jsonable_encoder(compute())).encode())
        return Response(body, media_type="application/json")

    def key_in(self, network: CaseNetwork, person_id: str) -> str:
        """Where a person the service names by real id (a stored plan's) sits in a network from
        `case_network` (a victim under their pseudonym). Never for an id the user gave: `person_id`."""
        alias = self.services.pseudonyms.victim(person_id)
        return alias if self.analyst and alias in network.persons else person_id
