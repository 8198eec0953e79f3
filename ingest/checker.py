"""The validation pass over a bundle's rows: the row models, then every check across rows
and tables (duplicate ids, references, kinds, a victim's own testimony). It keeps only ids,
reports every problem (the first `MAX_PROBLEMS`) and spills the rows that passed
(`ingest.spill`) for the writer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from ingest.errors import RowError
from ingest.limits import MAX_PROBLEMS, max_chars
from ingest.cells import error_message
from ingest.models import ROW_MODELS
from ingest.vocabulary import BUSINESS, LINK_ENDPOINTS, PERSON
from ingest.sources import CHECK_ORDER, MISSING_COLUMN, TABLES, Source
from ingest.spill import Spill

#: Given ids missing from the bundle, returns {id: "Case" | "Person" | "Business"} for those
#: already in the graph (it may answer "Evidence" too, for links citing loaded evidence).
KnownIds = Callable[[set[str]], dict[str, str]]

CASE, EVIDENCE = "Case", "Evidence"
#: Per table, the most characters each field may have (looked up once per value, on every row).
_LIMITS = {table: {name: max_chars(name) for name in model.model_fields} for table, model in ROW_MODELS.items()}
_CASE, _EVIDENCE = frozenset({CASE}), frozenset({EVIDENCE})
_PERSON, _ENTITY = frozenset({PERSON}), frozenset({PERSON, BUSINESS})
_KIND_WORDS = {CASE: "case", PERSON: "person", BUSINESS: "business", EVIDENCE: "evidence"}


def row_error(file: str, table: str, line: int, error: Any) -> RowError:
    field_name = str(error["loc"][0]) if error["loc"] else None
    return RowError(file, line, field_name, error_message(error), table)


class _Ref(NamedTuple):
    """A reference to an id the bundle does not define, to ask the graph about."""

    table: str
    line: int
    field: str
    id: str
    allowed: frozenset[str]
    what: str
    usage: str


class _Problems(list[RowError]):
    """The problems found: the first `MAX_PROBLEMS` kept, the others only counted (`more`)."""

    def __init__(self) -> None:
        super().__init__()
        self.more = 0

    def append(self, problem: RowError) -> None:
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1


class Checker:
    """The validation pass: row models plus every check across rows and tables."""

    def __init__(self, source: Source, known_ids: KnownIds | None, context: dict[str, Any]) -> None:
        self.source = source
        self.spill = Spill()
        self.known_ids = known_ids
        self.context = context
        self.problems = _Problems()
        self.counts: dict[str, int] = {}
        # id -> the line that defined it, one namespace each (persons and businesses share one)
        self.cases: dict[str, int] = {}
        self.entities: dict[str, int] = {}
        self.evidence: dict[str, int] = {}
        self.kinds: dict[str, str] = {}
        self.roles: dict[tuple[str, str, str], int] = {}
        self.victims: set[tuple[str, str]] = set()
        self.pending: list[_Ref] = []
        self.jurisdictions: set[str] = set()

    def error(self, table: str, line: int | None, field_name: str | None, message: str) -> None:
        self.problems.append(RowError(self.source.file(table), line, field_name, message, table))

    def run(self) -> None:
        for table in CHECK_ORDER:
            self.check_table(table)
            if table == "cases":
                # Phones without a country code belong to the bundle's one jurisdiction;
                # with several, a number must say its country.
                self.context["default_region"] = (
                    next(iter(self.jurisdictions)) if len(self.jurisdictions) == 1 else None
                )
        self.resolve_pending()
        # File order, then line: references resolved last are put back in their place.
        self.problems.sort(key=lambda p: (TABLES.index(p.table) if p.table else -1, p.line or 0))

    def check_table(self, table: str) -> None:
        model = ROW_MODELS[table]
        check_row = getattr(self, f"_{table}")
        file = self.source.file(table)
        header_problems = len(self.problems)
        missing_columns: set[str | None] | None = None
        rows = 0
        for line, raw in self.source.rows(table, self.problems):
            rows += 1
            if not isinstance(raw, dict):
                self.error(table, line, None, "a row must be an object of column: value")
                continue
            too_long = self.too_long(table, line, raw)
            try:
                row = model.model_validate(raw, context=self.context)
            except ValidationError as e:
                if missing_columns is None:
                    # A column missing from the header was reported once: not again per row.
                    missing_columns = {
                        p.field
                        for p in self.problems[header_problems:]
                        if p.line == 1 and p.message == MISSING_COLUMN
                    }
                bad = set(too_long)
                for err in e.errors(include_url=False):
                    error = row_error(file, table, line, err)
                    bad.add(error.field)
                    if error.field not in missing_columns:
                        self.problems.append(error)
                # Check the row's references anyway, with the raw values that are not wrong.
                values = {k: v.strip() for k, v in raw.items() if k not in bad and isinstance(v, str) and v.strip()}
                check_row(line, values, None)
            else:
                if too_long:
                    check_row(line, {k: v for k, v in row.__dict__.items() if k not in too_long}, None)
                else:
                    check_row(line, row.__dict__, row)
                    if not self.problems:  # once a row is bad nothing will be written
                        self.spill.add(table, dict(row.__dict__))  # flat rows: model_dump, cheaper
        self.counts[table] = rows

    def too_long(self, table: str, line: int, raw: dict[Any, Any]) -> set[str]:
        """The row's fields whose text is longer than allowed (`ingest.limits`), each reported."""
        limits = _LIMITS[table]
        found = set()
        for name, value in raw.items():
            limit = limits.get(name)
            if limit is not None and value.__class__ is str and len(value) > limit:
                self.error(table, line, name, f"{len(value):,} characters; at most {limit:,}")
                found.add(name)
        return found

    # --- references ---------------------------------------------------------------------

    def ref(
        self, table: str, line: int, field_name: str, id_: str | None, allowed: frozenset[str], usage: str = ""
    ) -> None:
        """Check that `id_` names something of an `allowed` kind; `usage` says why ("OWNS target")."""
        if id_ is None:
            return
        kind = self.kinds.get(id_)
        if kind is None:
            kind = CASE if id_ in self.cases else EVIDENCE if id_ in self.evidence else None
        if kind is None:
            self.pending.append(_Ref(table, line, field_name, id_, allowed, _kinds_in_words(allowed), usage))
        elif kind not in allowed:
            self.error(table, line, field_name, _wrong_kind(id_, kind, _kinds_in_words(allowed), usage))

    def resolve_pending(self) -> None:
        missing = {ref.id for ref in self.pending}
        graph = self.known_ids(missing) if self.known_ids and missing else {}
        nowhere = "not in the bundle nor in the graph" if self.known_ids else "not in the bundle"
        for ref in self.pending:
            kind = graph.get(ref.id)
            if kind is None:
                self.error(ref.table, ref.line, ref.field, f"unknown {ref.what} {ref.id!r} ({nowhere})")
            elif kind not in ref.allowed:
                message = _wrong_kind(ref.id, kind, ref.what, ref.usage, " in the graph")
                self.error(ref.table, ref.line, ref.field, message)
            elif kind in _ENTITY:
                self.kinds[ref.id] = kind

    def where(self, table: str, line: int) -> str:
        return str(RowError(self.source.file(table), line, None, "", table)).removesuffix(": ")

    def define(self, namespace: dict[str, int], table: str, line: int, field_name: str, id_: str | None) -> bool:
        """Record a new id; False (with an error) when the table already defines it."""
        if id_ is None:
            return False
        first = namespace.setdefault(id_, line)
        if first != line:
            message = f"duplicate {field_name} {id_!r} (first at {self.where(table, first)})"
            self.error(table, line, field_name, message)
            return False
        return True

    # --- one method per table: (line, values, validated row or None) ----------------------

    def _cases(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        self.define(self.cases, "cases", line, "case_id", values.get("case_id"))
        if "jurisdiction" in values:
            self.jurisdictions.add(values["jurisdiction"])

    def _entity(self, table: str, kind: str, line: int, id_: str | None) -> None:
        if id_ is None:
            return
        field_name = f"{kind.lower()}_id"
        other = self.kinds.get(id_)
        if other is not None and other != kind:
            first = self.where("persons" if other == PERSON else "businesses", self.entities[id_])
            message = f"{id_!r} is already a {_KIND_WORDS[other]} ({first}); an id names one person or one business"
            self.error(table, line, field_name, message)
        elif self.define(self.entities, table, line, field_name, id_):
            self.kinds[id_] = kind

    def _persons(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        self._entity("persons", PERSON, line, values.get("person_id"))

    def _businesses(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        self._entity("businesses", BUSINESS, line, values.get("business_id"))

    def _roles(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        case_id, person_id, role = values.get("case_id"), values.get("person_id"), values.get("role")
        self.ref("roles", line, "case_id", case_id, _CASE)
        self.ref("roles", line, "person_id", person_id, _PERSON)
        if case_id and person_id and role:
            first = self.roles.setdefault((case_id, person_id, role), line)
            if first != line:
                message = f"duplicate role: {person_id} is already {role} in {case_id} ({self.where('roles', first)})"
                self.error("roles", line, None, message)
            if role == "victim":
                self.victims.add((case_id, person_id))

    def _evidence(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        self.define(self.evidence, "evidence", line, "evidence_id", values.get("evidence_id"))
        case_id, given_by = values.get("case_id"), values.get("given_by")
        self.ref("evidence", line, "case_id", case_id, _CASE)
        self.ref("evidence", line, "about_id", values.get("about_id"), _ENTITY)
        self.ref("evidence", line, "given_by", given_by, _PERSON)
        # The victim's own word is never independent of the victim.
        if row is not None and values["kind"] == "testimony" and values["independent_of_victim"]:
            if (case_id, given_by) in self.victims:
                message = f"a testimony given by {given_by}, a victim in {case_id}, is not independent of the victim"
                self.error("evidence", line, "independent_of_victim", message)

    def _links(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        source_id, link_type, target_id = values.get("source_id"), values.get("type"), values.get("target_id")
        case_id, evidence_id = values.get("case_id"), values.get("evidence_id")
        sources, targets = LINK_ENDPOINTS.get(link_type or "", (_ENTITY, _ENTITY))
        # Links are most of a large bundle's rows: test the common, valid case inline.
        if source_id is None or self.kinds.get(source_id, "") not in sources:
            self.ref("links", line, "source_id", source_id, sources, f"{link_type} source" if link_type else "")
        if target_id is None or self.kinds.get(target_id, "") not in targets:
            self.ref("links", line, "target_id", target_id, targets, f"{link_type} target" if link_type else "")
        if source_id is not None and source_id == target_id:
            self.error("links", line, "target_id", f"a link from {source_id!r} to itself")
        if case_id is not None and case_id not in self.cases:
            self.ref("links", line, "case_id", case_id, _CASE)
        if evidence_id is not None and evidence_id not in self.evidence:
            self.ref("links", line, "evidence_id", evidence_id, _EVIDENCE)

    def _identifiers(self, line: int, values: dict[str, Any], row: BaseModel | None) -> None:
        self.ref("identifiers", line, "owner_id", values.get("owner_id"), _ENTITY)


def _kinds_in_words(allowed: frozenset[str]) -> str:
    return " or ".join(_KIND_WORDS[kind] for kind in (CASE, PERSON, BUSINESS, EVIDENCE) if kind in allowed)


def _wrong_kind(id_: str, kind: str, what: str, usage: str, where: str = "") -> str:
    because = f" ({usage})" if usage else ""
    return f"{id_!r} is a {_KIND_WORDS.get(kind, kind)}{where}, expected a {what}{because}"
