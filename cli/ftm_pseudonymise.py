"""An FtM export without victims' identities: what each entity may keep, by how it touches a victim.

A partner's file describes a victim from every side: her Person, but also the Passport she
holds (number, birthplace), the Address she lives at, a Family link "cousin of Mina H.", a
Payment "tel 0600-112233" (probe 3, finding 5). So, per entity:

- a victim's own entity: her pseudonym as id and name, her nationality and gender; nothing else;
- an entity whose purpose is to identify (an Identification or Passport she holds, an Address
  she refers to): left out, and references to it dropped;
- any other entity that refers to a victim, or that she refers to, as a partner's file gave it:
  references (as pseudonyms) and the property types that cannot carry who she is (numbers,
  dates but birth and death, countries...); its names, texts, identifiers go;
- everything else: references to victims as pseudonyms, and every victim's values scrubbed from
  its text: her name and name parts, birth date, identifiers, and the values her FtM entities
  give (aliases, ID numbers, birthplace, parents' names...), phones compared by their digits.

Entities written from the graph (not kept as given) carry only the graph's own vocabulary, so
they are scrubbed like the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from followthemoney import model

from service.redact import Pseudonyms, Victim, VictimIndex, _date_spellings
from ingest.ftm_export import Exported

#: FtM properties of a victim's entity an export without identities keeps.
VICTIM_PROPS_SHOWN = ("nationality", "gender")
#: Schemata left out when they touch a victim: they exist to say who, or where, someone is.
IDENTIFYING = ("Identification", "Address")
#: Property types an entity next to a victim keeps (as a partner's file gave it).
NEAR_TYPES = frozenset({"entity", "number", "country", "date", "language", "topic", "gender"})
#: ... but for these properties, which are about a person (of a Passport: her birth date).
NEAR_NOT = frozenset({"birthDate", "deathDate"})
#: Strings an entity next to a victim keeps: they name no one.
NEAR_STRINGS = frozenset({"currency"})
#: Property types whose values, on a victim's entity or one that identifies her, say who she is.
IDENTITY_TYPES = frozenset({"name", "identifier", "phone", "email", "address", "iban", "url", "string"})
#: A phone number in free text, in any spelling: digits with spaces, dots, dashes, brackets.
_PHONE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
#: Fewest digits compared: shorter runs are amounts and dates, not numbers to call.
_PHONE_DIGITS = 7


def _schema(entity: dict[str, Any]) -> Any:
    return model.get(entity["schema"])


def _refs(entity: dict[str, Any]) -> set[str]:
    schema = _schema(entity)
    return {v for k, vs in entity["properties"].items()
            if (p := schema.get(k)) is not None and p.type.name == "entity" for v in vs}


def _identity_values(entity: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(kind, value): phones as phones (compared by digits), dates in their spellings, the rest as text."""
    schema = _schema(entity)
    for k, vs in entity["properties"].items():
        p = schema.get(k)
        if p is None:
            continue
        for v in vs:
            if p.type.name == "phone":
                yield "phone", v
            elif k in NEAR_NOT:
                yield from (("ftm", d) for d in _date_spellings(v))
            elif p.type.name in IDENTITY_TYPES:
                yield "ftm", v


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _same_phone(a: str, b: str) -> bool:
    """One number in two spellings: `+212600112233`, `00212 600 112 233`, `0600-112233`."""
    a, b = a.lstrip("0"), b.lstrip("0")
    return min(len(a), len(b)) >= _PHONE_DIGITS and (a.endswith(b) or b.endswith(a))


class _Scrub:
    """The victims' index, with every value their FtM entities give, and phones by their digits."""

    def __init__(self, victims: list[Victim], extra: dict[str, set[tuple[str, str]]], pseudonyms: Pseudonyms) -> None:
        more = [replace(v, identifiers=v.identifiers + tuple((k, x, ()) for k, x in sorted(extra.get(v.person_id, ()))))
                for v in victims]
        self.index = VictimIndex(more, pseudonyms)
        self.phones = {_digits(x): pseudonyms.identifier(kind, value) for v in more
                       for kind, value, spellings in v.identifiers for x in (value, *spellings)
                       if kind == "phone" and len(_digits(x)) >= _PHONE_DIGITS}

    def _phone(self, match: re.Match[str]) -> str:
        found = _digits(match.group())
        return next((alias for digits, alias in self.phones.items() if _same_phone(found, digits)), match.group())

    def text(self, value: str) -> str:
        value = self.index.scrub_text(value)
        return _PHONE.sub(self._phone, value) if self.phones else value


def _near(entity: dict[str, Any]) -> dict[str, list[str]]:
    schema = _schema(entity)
    return {k: vs for k, vs in entity["properties"].items()
            if (p := schema.get(k)) is not None and k not in NEAR_NOT
            and (p.type.name in NEAR_TYPES or k in NEAR_STRINGS)}


def pseudonymised(items: list[Exported], victims: list[Victim], pseudonyms: Pseudonyms) -> list[dict[str, Any]]:
    """The entities as a reader who may not see victims' identities gets them (`victims`: their values
    as the graph holds them, api/victims.py)."""
    victim_ids = {i.entity["id"]: i.record or i.entity["id"] for i in items if i.victim}
    alias = {exported: pseudonyms.victim(record) for exported, record in victim_ids.items()}
    by_id = {i.entity["id"]: i for i in items}
    # Entities she refers to (her address) and entities that refer to her: next to a victim.
    hers = {ref: victim_ids[i.entity["id"]] for i in items if i.victim for ref in _refs(i.entity)}
    near = {i.entity["id"]: {victim_ids[r] for r in _refs(i.entity) if r in victim_ids} for i in items
            if not i.victim}
    for ref, record in hers.items():
        near.setdefault(ref, set()).add(record)
    dropped = {eid for eid, who in near.items() if who and eid in by_id
               and any(_schema(by_id[eid].entity).is_a(s) for s in IDENTIFYING)}
    # What her entities (her own, and those that identify her) say of her, looked for everywhere else.
    extra: dict[str, set[tuple[str, str]]] = {}
    for i in items:
        if i.victim:
            extra.setdefault(victim_ids[i.entity["id"]], set()).update(_identity_values(i.entity))
            extra[victim_ids[i.entity["id"]]].add(("ftm", i.entity["id"]))
    for eid in dropped:
        for record in near[eid]:
            extra.setdefault(record, set()).update(_identity_values(by_id[eid].entity))
    scrub = _Scrub(victims, extra, pseudonyms)

    def refs(values: list[str]) -> list[str]:
        return [alias.get(v, v) for v in values if v not in dropped]

    out = []
    for item in items:
        e = item.entity
        if item.victim:
            name = alias[e["id"]]
            shown = {k: v for k, v in e["properties"].items() if k in VICTIM_PROPS_SHOWN}
            out.append({"id": name, "schema": e["schema"], "properties": {"name": [name], **shown}})
            continue
        if e["id"] in dropped:
            continue
        props = _near(e) if item.kept and near.get(e["id"]) else e["properties"]
        schema = _schema(e)
        clean: dict[str, list[str]] = {}
        for k, vs in props.items():
            p = schema.get(k)
            values = refs(vs) if p is not None and p.type.name == "entity" else [scrub.text(v) for v in vs]
            if values:
                clean[k] = values
        out.append({"id": e["id"], "schema": e["schema"], "properties": clean})
    return out
