"""Who a victim is to the redaction (`Victim`: her identifying values as stored) and her stable pseudonym
(`Pseudonyms`): the ground the scrubbing index (service/victim_index.py) and the pseudonymised views
(service/redact.py) stand on."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

VICTIM_PREFIX = "V-"
IDENTIFIER_PREFIX = "ID-"
#: Stands in for a value that belongs to several victims, or to none in particular (a date).
WITHHELD = "[withheld]"


class Pseudonyms:
    """HMAC-SHA256 of an id under the pseudonym key: the same victim, the same name, everywhere."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def _digest(self, kind: str, value: str) -> str:
        return hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:16]

    def victim(self, person_id: str) -> str:
        return VICTIM_PREFIX + self._digest("person", person_id)

    def identifier(self, kind: str, value: str) -> str:
        return IDENTIFIER_PREFIX + self._digest("identifier", f"{kind}:{value}")


@dataclass(frozen=True)
class Victim:
    """A victim's identifying values as stored (identifiers: kind, value, spellings loaded)."""

    person_id: str
    name: str | None = None
    birth_date: str | None = None
    identifiers: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
