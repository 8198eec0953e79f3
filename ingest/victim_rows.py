"""A bundle's own victims, sealed in Python before their rows are sent.

The bundle's roles rows say who its victims are, so their names, birth dates and the identifiers
they hold need not be written in clear and read back to be sealed before the commit: the writer
(and `load --initial`'s import files) seal those rows as `seal_persons` and `seal_identifiers`
would, and `Touched` remembers what the load wrote, for the victims it could not know in advance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.sealing import Sealer, spelling_record
from ingest.bundle import Bundle

__all__ = ["Touched", "bundle_victims", "seal_identifier", "seal_person", "victims_and_held"]


@dataclass
class Touched:
    """Persons and identifiers a load wrote: where victims' values may need sealing."""

    person_ids: set[str] = field(default_factory=set)
    identifier_ids: set[str] = field(default_factory=set)
    #: The bundle's victims (its roles rows): their persons rows are sealed before they are sent.
    victims: set[str] = field(default_factory=set)
    #: Identifiers a victim of the bundle holds: sealed before they are sent, every holder's spelling too.
    victims_hold: set[str] = field(default_factory=set)
    #: Persons sent sealed -> their clear birth date (the minors mark needs it; never written).
    sent_sealed: dict[str, date | None] = field(default_factory=dict)


def bundle_victims(bundle: Bundle) -> set[str]:
    return {r["person_id"] for r in bundle.records("roles") if r["role"] == "victim"}


def seal_person(values: dict[str, Any], sealer: Sealer) -> dict[str, Any]:
    """A victim's row (person_id, name, birth_date) with name and birth date sealed, as `seal_persons` writes them."""
    pid = values["person_id"]
    values["name_enc"] = sealer.seal(values.pop("name"), record=pid, field="name")
    values["birth_date_enc"] = sealer.seal(_text(values.pop("birth_date")), record=pid, field="birth_date")
    return values


def seal_identifier(values: dict[str, Any], sealer: Sealer) -> None:
    """An identifiers row of a victim's identifier with its value and spelling sealed, as
    `seal_identifiers` leaves them."""
    iid = values["identifier_id"]
    values["value_enc"] = sealer.seal(values.pop("value"), record=iid, field="value")
    values["raw_value_enc"] = sealer.seal(values.pop("raw_value"), record=spelling_record(values["owner_id"], iid),
                                          field="raw_value")


def victims_and_held(bundle: Bundle, sealer: Sealer) -> tuple[set[str], set[str]]:
    """What to seal before sending: the bundle's victims and the identifiers they hold."""
    victims = bundle_victims(bundle)
    return victims, {sealer.blind(r["kind"], r["value"]) for r in bundle.records("identifiers")
                     if r["owner_id"] in victims}


def _text(value: Any) -> str | None:
    return None if value is None else str(value.iso_format() if hasattr(value, "iso_format") else value)
