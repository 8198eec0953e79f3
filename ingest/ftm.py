"""FollowTheMoney (FtM) JSON lines onto a case: read, checked line by line, mapped to bundle rows.

What maps (docs/ftm.md): Person to a person; Company, Organization and other legal entities to
a business; Ownership, Directorship, Employment, Family, Associate and Payment to links;
phones, e-mails, passport numbers, Passport and Identification entities and addresses to
identifiers; an Event with an indicator in its keywords to evidence, dated (ingest/ftm_evidence.py).
FtM has no roles and no evidence schema: roles come from a roles file or a default role,
and what cannot be placed (a Trip, an Event without an indicator, a link whose end is not a person or business of
the file) is said, never dropped: every entity is also kept as it came (`FtmEntity`, its
properties sealed) so that the case exports back to the same entities.

The mapped rows then go through the bundle's own validation and writer: every problem is
reported at the FtM file's line and property, and the load is all or nothing.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData

from ingest.errors import BundleInvalid, RowError
from ingest.ftm_evidence import evidence_row
from ingest.vocabulary import COUNTRIES, ROLES
from rules import indicator_vocabulary

#: FtM edge schema -> (link type, whether the FtM source is the link's source).
EDGES = {"Ownership": ("OWNS", True), "Directorship": ("DIRECTS", True), "Family": ("FAMILY_OF", True),
         "Associate": ("ASSOCIATE_OF", True), "Payment": ("PAID", True), "Employment": ("WORKS_AT", True)}
#: Bundle column -> FtM property, to name the property a problem is about.
FIELDS = {"persons": {"name": "name", "birth_date": "birthDate", "nationality": "nationality"},
          "businesses": {"name": "name", "registration_no": "registrationNumber", "country": "jurisdiction"},
          "links": {"since": "startDate", "until": "endDate", "amount": "amount"},
          "roles": {"role": "role"},
          "evidence": {"observed_on": "startDate", "until": "endDate", "indicator": "keywords", "kind": "keywords",
                       "about_id": "involved", "description": "description"}}
PERSON_IDS = {"phone": "phone", "email": "email", "passportNumber": "passport"}
#: An id with these (NUL, line breaks, bidi overrides) would be shown as something else than it is.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Placed:
    line: int
    id: str
    schema: str
    as_: str  # "person", "business", "link", "identifier", or "" when not placed
    why: str = ""


@dataclass
class FtmMapping:
    """The bundle document made from an FtM file, and where each row came from."""

    file: str
    document: dict[str, list[dict[str, Any]]]
    origin: dict[str, list[tuple[int, str]]]  # table -> per row: (FtM line, property of the value)
    entities: list[tuple[int, dict[str, Any]]]  # (line, FtM dict as given, cleaned)
    placed: list[Placed] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)

    @property
    def not_placed(self) -> list[Placed]:
        return [p for p in self.placed if not p.as_]

    def add(self, table: str, line: int, prop: str, row: dict[str, Any]) -> None:
        self.document.setdefault(table, []).append({k: v for k, v in row.items() if v is not None})
        self.origin.setdefault(table, []).append((line, prop))

    def located(self, error: BundleInvalid) -> BundleInvalid:
        """The bundle's problems at the FtM file's lines and properties."""
        errors = list(self.problems)
        for e in error.errors:
            if e.table in self.origin and e.line is not None and e.line <= len(self.origin[e.table]):
                line, prop = self.origin[e.table][e.line - 1]
                # An identifier's value came from the property noted; other columns have one FtM name.
                name = prop if e.table == "identifiers" else FIELDS.get(e.table, {}).get(e.field or "", e.field)
                errors.append(RowError(self.file, line, name, e.message))
            else:
                errors.append(RowError(self.file, e.line, e.field, e.message, e.table))
        return BundleInvalid(errors, more=error.more)

    def check(self) -> None:
        if self.problems:
            raise BundleInvalid(self.problems)


def read_roles(path: Path) -> dict[str, dict[str, str]]:
    """A roles file: CSV with columns id (the FtM id), role, and optionally identified_on, cooperation."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    problems = [RowError(path.name, n, "role", f"{r.get('role')!r} is not one of: {', '.join(ROLES)}")
                for n, r in enumerate(rows, start=2) if (r.get("role") or "").strip() not in ROLES]
    problems += [RowError(path.name, n, "id", "required value is missing")
                 for n, r in enumerate(rows, start=2) if not (r.get("id") or "").strip()]
    if problems:
        raise BundleInvalid(problems)
    return {r["id"].strip(): {k: v.strip() for k, v in r.items() if k != "id" and v and v.strip()} for r in rows}


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    yield number, text
    except UnicodeDecodeError as e:
        raise BundleInvalid([RowError(path.name, None, None, f"not UTF-8 text ({e.reason})")]) from None


def read_entities(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every line an FtM entity, every property valid for its schema; all problems at once."""
    file, problems, entities, seen = path.name, [], [], {}
    for line, text in _lines(path):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            problems.append(RowError(file, line, None, f"not valid JSON: {e.msg}"))
            continue
        except RecursionError:  # a line nested thousands deep: a problem at its line, not a crash
            problems.append(RowError(file, line, None, "not valid JSON: nested too deep"))
            continue
        if not isinstance(data, dict):
            problems.append(RowError(file, line, None, "an FtM entity must be a JSON object"))
            continue
        schema = model.get(str(data.get("schema")))
        if schema is None:
            problems.append(RowError(file, line, "schema", f"not an FtM schema: {data.get('schema')!r}"))
            continue
        if not isinstance(data.get("id"), str) or not data["id"].strip():
            problems.append(RowError(file, line, "id", "required value is missing"))
            continue
        if _CONTROL.search(data["id"]):
            problems.append(RowError(file, line, "id", f"control characters in the id: {data['id']!r}"))
            continue
        if data["id"] in seen:
            problems.append(RowError(file, line, "id", f"{data['id']!r} is also on line {seen[data['id']]}"))
            continue
        seen[data["id"]] = line
        properties = data.get("properties") or {}
        if not isinstance(properties, dict):
            problems.append(RowError(file, line, "properties", "must be an object of lists"))
            continue
        for name, values in properties.items():
            prop = schema.get(name)
            if prop is None:
                problems.append(RowError(file, line, name, f"not a property of {schema.name}"))
                continue
            for value in values if isinstance(values, list) else [values]:
                if prop.type.clean(str(value), proxy=None) is None and prop.type.name != "entity":
                    problems.append(RowError(file, line, name, f"not a valid {prop.type.name}: {value!r}"))
        try:
            entities.append((line, model.get_proxy(data, cleaned=False).to_dict()))
        except InvalidData as e:
            problems.append(RowError(file, line, None, str(e)))
    if not entities and not problems:
        problems.append(RowError(file, None, None, "no entities (an FtM file has one JSON object per line)"))
    if problems:
        raise BundleInvalid(problems)
    return entities


def _first(entity: dict[str, Any], prop: str) -> str | None:
    values = entity["properties"].get(prop) or []
    return values[0] if values else None


def _day(value: str | None) -> str | None:
    """A date the bundle can hold: a full day (coarser ones stay in the kept entity)."""
    return value[:10] if value and len(value) >= 10 else None


def _country(entity: dict[str, Any], *props: str) -> str | None:
    for prop in props:
        for value in entity["properties"].get(prop) or []:
            if value.upper() in COUNTRIES:
                return value.upper()
    return None


def map_entities(file: str, entities: list[tuple[int, dict[str, Any]]], case: dict[str, Any],
                 roles: dict[str, dict[str, str]], default_role: str | None,
                 graph_id: Callable[[str], str] = lambda i: i) -> FtmMapping:
    """The bundle rows of the entities; `graph_id` turns an FtM id into the id it is written under
    (ingest/ftm_load.py namespaces it to the case, so no file can address another record)."""
    m = FtmMapping(file, {"cases": [case], "persons": []}, {"cases": [(0, "case")]}, entities)
    kinds: dict[str, str] = {}
    g = graph_id
    indicators = indicator_vocabulary()
    for line, e in entities:
        schema = model.get(e["schema"])
        if schema.is_a("Person"):
            kinds[e["id"]] = "Person"
            m.add("persons", line, "name", {"person_id": g(e["id"]), "name": _first(e, "name") or e.get("caption"),
                                            "birth_date": _day(_first(e, "birthDate")),
                                            "nationality": _country(e, "nationality", "citizenship", "country")})
            role = roles.get(e["id"]) or ({"role": default_role} if default_role else None)
            if role is None:
                m.problems.append(RowError(file, line, "role", f"no role for {e['id']}: FtM has none; give it in "
                                                               "the roles file (--roles) or give --default-role"))
            else:
                m.add("roles", line, "role", {"case_id": case["case_id"], "person_id": g(e["id"]), **role})
            m.placed.append(Placed(line, e["id"], e["schema"], "person"))
        elif schema.is_a("LegalEntity") and not schema.edge:
            kinds[e["id"]] = "Business"
            m.add("businesses", line, "name", {"business_id": g(e["id"]), "name": _first(e, "name") or e["id"],
                                               "registration_no": _first(e, "registrationNumber"),
                                               "country": _country(e, "jurisdiction", "country")})
            m.placed.append(Placed(line, e["id"], e["schema"], "business"))
    addresses = {e["id"]: _first(e, "full") or ", ".join(
        v for p in ("street", "postalCode", "city") if (v := _first(e, p))) for _, e in entities
        if e["schema"] == "Address"}
    referred = {a for _, e in entities if e["id"] in kinds for a in e["properties"].get("addressEntity", [])}
    for line, e in entities:
        if e["id"] in kinds:
            _identifiers(m, line, e, addresses, g)
        elif e["schema"] in EDGES:
            _edge(m, line, e, kinds, case["case_id"], g)
        elif model.get(e["schema"]).is_a("Identification"):
            holders = [h for h in e["properties"].get("holder", []) if h in kinds]
            for holder in holders:
                for number in e["properties"].get("number", []):
                    m.add("identifiers", line, "number", {"owner_id": g(holder), "kind": "passport", "value": number})
            m.placed.append(Placed(line, e["id"], e["schema"], "identifier" if holders else "",
                                   "" if holders else "its holder is not a person or business of the file"))
        elif e["schema"] == "Address":
            used = e["id"] in referred
            m.placed.append(Placed(line, e["id"], e["schema"], "identifier" if used else "",
                                   "" if used else "no person or business of the file refers to it"))
        elif e["schema"] == "Event" and (row := evidence_row(e, kinds, case["case_id"], indicators, g)):
            m.add("evidence", line, "keywords", row)
            m.placed.append(Placed(line, e["id"], e["schema"], "evidence"))
        elif e["id"] not in kinds:
            why = f"thbgraph has no place for a {e['schema']}"
            if e["schema"] == "Event":
                why = "an Event is evidence only with one indicator in its keywords and a person or business involved"
            m.placed.append(Placed(line, e["id"], e["schema"], "", why))
    return m


def _identifiers(m: FtmMapping, line: int, e: dict[str, Any], addresses: dict[str, str],
                 g: Callable[[str], str]) -> None:
    props = e["properties"]
    for prop, kind in PERSON_IDS.items():
        for value in props.get(prop, []):
            m.add("identifiers", line, prop, {"owner_id": g(e["id"]), "kind": kind, "value": value})
    for value in props.get("address", []) + [addresses[a] for a in props.get("addressEntity", []) if a in addresses]:
        m.add("identifiers", line, "address", {"owner_id": g(e["id"]), "kind": "address", "value": value})


def _edge(m: FtmMapping, line: int, e: dict[str, Any], kinds: dict[str, str], case_id: str,
          g: Callable[[str], str]) -> None:
    schema = model.get(e["schema"])
    link_type, _ = EDGES[e["schema"]]
    sources = e["properties"].get(schema.edge_source, [])
    targets = e["properties"].get(schema.edge_target, [])
    placed = 0
    for source in sources:
        for target in targets:
            ends = (kinds.get(source), kinds.get(target))
            kind, s, t = link_type, source, target
            if e["schema"] == "Employment" and ends == ("Person", "Person"):
                kind, s, t = "EMPLOYS", target, source  # the employer employs the employee
            elif e["schema"] == "Employment" and ends != ("Person", "Business"):
                continue
            elif None in ends or (kind in ("FAMILY_OF", "ASSOCIATE_OF") and ends != ("Person", "Person")) or \
                    (kind in ("OWNS", "DIRECTS") and ends[1] != "Business"):
                continue
            amount = _first(e, "amount") if kind == "PAID" else None
            m.add("links", line, schema.edge_source, {
                "source_id": g(s), "type": kind, "target_id": g(t), "case_id": case_id,
                "since": _day(_first(e, "startDate") or _first(e, "date")), "until": _day(_first(e, "endDate")),
                "amount": amount})
            placed += 1
    m.placed.append(Placed(line, e["id"], e["schema"], "link" if placed else "",
                           "" if placed else "its ends are not persons or businesses of the file that this link "
                                             "type can join"))
