"""A CSV bundle validated by columns (polars), for `load --initial` of a national data set.

`ingest.checker` validates row by row in Python: about 60,000 rows/s, so a million persons'
ten million rows took minutes before neo4j-admin wrote a single one. Here each file is read
once by polars' parser and every check of the row models and of `ingest.checker` is a column
expression or a join: the same rules, a hundred times faster.

Errors are not reported from here. The checks are as strict as the row models or stricter
(a date in another ISO spelling, a country code in other letters than A-Z, a cell with a
control character: not decided here), and a bundle that fails any of them is validated again
by `read_bundle`, whose messages (file, line, field) are the only ones a user sees. So a bad
bundle costs one fast pass more, and a good one never meets the row-by-row pass.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.limits import max_chars
from ingest.models import ROW_MODELS
from ingest.vocabulary import (
    BUSINESS,
    CASE_STATUSES,
    COOPERATION,
    COUNTRIES,
    EVIDENCE_KINDS,
    IMMIGRATION_STATUSES,
    JURISDICTIONS,
    LINK_ENDPOINTS,
    LINK_TYPES,
    PERSON,
    ROLES,
)
from ingest.identifiers import IDENTIFIER_KINDS
from ingest.parallel import Workers
from ingest.sources import CHECK_ORDER, MANDATORY_TABLES, TABLES

__all__ = ["Frames", "read_frames"]

_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NUMBER = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"
_TRUE, _FALSE = ("true", "yes", "y", "1"), ("false", "no", "n", "0")
#: Python's str.strip() also strips these; polars' does not: a cell holding one is left to `read_bundle`.
_PY_ONLY_SPACE = "[\x1c-\x1f]"


class _Undecided(Exception):
    """Something the columnar pass does not decide: `read_bundle` does, with its messages."""


@dataclass
class Frames:
    """The bundle's tables, validated and cleaned as the row models clean them (stripped, blanks as
    nulls, dates as dates, codes upper-cased, identifiers normalised with `raw_value` as written)."""

    tables: dict[str, pl.DataFrame]
    counts: dict[str, int] = field(default_factory=dict)

    def kinds(self) -> pl.DataFrame:
        """id -> "Person" | "Business" for every entity of the bundle."""
        persons = self.tables["persons"].select(id=pl.col("person_id"), kind=pl.lit(PERSON))
        businesses = self.tables["businesses"].select(id=pl.col("business_id"), kind=pl.lit(BUSINESS))
        return pl.concat([persons, businesses])


def read_frames(path: Path, indicators: frozenset[str], workers: Workers | None = None) -> Frames | None:
    """The bundle at `path` validated by columns, or None when it is not a CSV directory or anything in
    it is not plainly valid (then `read_bundle` says what)."""
    path = Path(path)
    if not path.is_dir():
        return None
    try:
        tables = {table: _read(path, table) for table in CHECK_ORDER}
        _check_rows(tables, indicators)
        _check_references(tables)
        _normalise_identifiers(tables, workers or Workers(None, processes=1))
    except (_Undecided, pl.exceptions.ComputeError, UnicodeDecodeError, csv.Error, OSError):
        return None
    ordered = {table: tables[table] for table in TABLES}
    return Frames(ordered, {table: frame.height for table, frame in ordered.items()})


def _read(folder: Path, table: str) -> pl.DataFrame:
    """The table's model columns, stripped, blanks as nulls; an absent optional file is no rows.
    Raw lengths are checked here, before stripping, as `Checker.too_long` checks them."""
    fields = list(ROW_MODELS[table].model_fields)
    path = folder / f"{table}.csv"
    if not path.is_file():
        if table in MANDATORY_TABLES:
            raise _Undecided
        return pl.DataFrame({name: pl.Series([], dtype=pl.String) for name in fields})
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise _Undecided
    columns = [name.strip().lower() for name in header]
    if len(set(columns)) != len(columns):
        raise _Undecided  # the row reader keeps the last of two equal names: not decided here
    raw = pl.read_csv(path, infer_schema=False, has_header=True, new_columns=columns, encoding="utf8",
                      quote_char='"')
    present = [name for name in fields if name in columns]
    too_long = [pl.col(name).str.len_chars() > max_chars(name) for name in present]
    odd_space = [pl.col(name).str.contains(_PY_ONLY_SPACE) for name in present]
    if present and raw.select(pl.any_horizontal(*too_long, *odd_space).fill_null(False).any()).item():
        raise _Undecided
    # A row whose every cell (its own columns too) is blank is no row, as the row reader skips it.
    raw = raw.filter(pl.any_horizontal(pl.all().str.strip_chars().fill_null("") != ""))
    cleaned = raw.select(
        [pl.col(name).str.strip_chars().replace("", None) if name in columns
         else pl.lit(None, dtype=pl.String).alias(name) for name in fields])
    if table in MANDATORY_TABLES and cleaned.height == 0:
        raise _Undecided
    return cleaned  # a row with fewer cells than the header has nulls in the rest, as absent cells


def _bad(frame: pl.DataFrame, *conditions: pl.Expr) -> None:
    if conditions and frame.height and frame.select(pl.any_horizontal(*conditions).fill_null(False).any()).item():
        raise _Undecided


def _required(*names: str) -> list[pl.Expr]:
    return [pl.col(name).is_null() for name in names]


def _one_of(name: str, allowed: tuple[str, ...] | frozenset[str], *, optional: bool = True) -> pl.Expr:
    valid = pl.col(name).is_in(list(allowed))
    return ~(valid | pl.col(name).is_null()) if optional else ~valid.fill_null(False)


def _dates(frame: pl.DataFrame, *names: str) -> pl.DataFrame:
    """Dates written YYYY-MM-DD, parsed; any other spelling is left to the row models."""
    for name in names:
        parsed = pl.col(name).str.to_date("%Y-%m-%d", strict=False)
        _bad(frame, pl.col(name).is_not_null() & (~pl.col(name).str.contains(_DATE) | parsed.is_null()
                                                  | (parsed.dt.year() < 1)))
        frame = frame.with_columns(parsed.alias(name))
    return frame


def _countries(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    _bad(frame, pl.col(name).is_not_null() & ~pl.col(name).str.to_uppercase().is_in(list(COUNTRIES)),
         pl.col(name).is_not_null() & ~pl.col(name).str.contains("^[A-Za-z]{2}$"))
    return frame.with_columns(pl.col(name).str.to_uppercase())


def _check_rows(tables: dict[str, pl.DataFrame], indicators: frozenset[str]) -> None:
    """Each row model's checks, as column expressions."""
    cases = tables["cases"]
    _bad(cases, *_required("case_id", "title"), _one_of("jurisdiction", JURISDICTIONS, optional=False),
         _one_of("status", CASE_STATUSES))
    tables["cases"] = _dates(cases, "opened_on").with_columns(pl.col("status").fill_null("open"))

    persons = tables["persons"]
    _bad(persons, *_required("person_id", "name"), _one_of("immigration_status", IMMIGRATION_STATUSES))
    tables["persons"] = _countries(_dates(persons, "birth_date"), "nationality")

    businesses = tables["businesses"]
    _bad(businesses, *_required("business_id", "name"))
    tables["businesses"] = _countries(businesses, "country")

    roles = tables["roles"]
    not_victim = pl.col("role") != "victim"
    _bad(roles, *_required("case_id", "person_id"), _one_of("role", ROLES, optional=False),
         _one_of("cooperation", COOPERATION),
         not_victim & (pl.col("identified_on").is_not_null() | pl.col("cooperation").is_not_null()))
    tables["roles"] = _dates(roles, "identified_on")

    links = _dates(tables["links"], "since", "until")
    amount = pl.col("amount").cast(pl.Float64, strict=False)
    _bad(links, *_required("source_id", "target_id"), _one_of("type", LINK_TYPES, optional=False),
         pl.col("until") < pl.col("since"),
         pl.col("amount").is_not_null() & (~pl.col("amount").str.contains(_NUMBER) | (pl.col("type") != "PAID")
                                           | amount.is_null() | ~amount.is_finite()))
    tables["links"] = links.with_columns(amount.alias("amount"))

    evidence = _dates(tables["evidence"], "observed_on", "until")
    flag = pl.col("independent_of_victim").str.to_lowercase()
    _bad(evidence, *_required("evidence_id", "case_id", "about_id"),
         _one_of("indicator", indicators, optional=False), _one_of("kind", EVIDENCE_KINDS, optional=False),
         _one_of("about_role", ("actor", "subject")),
         ~(pl.col("independent_of_victim").str.contains("^[A-Za-z0-9]+$") & flag.is_in([*_TRUE, *_FALSE])).fill_null(False),
         (pl.col("kind") == "testimony") & pl.col("given_by").is_null(),
         pl.col("until").is_not_null() & ~(pl.col("until") >= pl.col("observed_on")).fill_null(False))
    tables["evidence"] = evidence.with_columns(flag.is_in(list(_TRUE)).alias("independent_of_victim"))

    identifiers = tables["identifiers"]
    _bad(identifiers, *_required("owner_id", "value"), _one_of("kind", IDENTIFIER_KINDS, optional=False))


def _unique(frame: pl.DataFrame, *names: str) -> None:
    if frame.height and frame.select(pl.struct(*names).is_duplicated().any()).item():
        raise _Undecided


def _within(column: str, ids: pl.Series, *, optional: bool = False) -> pl.Expr:
    inside = pl.col(column).is_in(ids.implode())  # a Series as one collection (polars 2.1: not as is)
    return ~(inside | pl.col(column).is_null()) if optional else ~inside.fill_null(False)


def _check_references(tables: dict[str, pl.DataFrame]) -> None:
    """`ingest.checker`'s checks across rows and tables, as joins: an initial load refers to
    nothing outside the bundle."""
    cases, persons, evidence = tables["cases"], tables["persons"], tables["evidence"]
    entities = pl.concat([persons.select(id=pl.col("person_id"), kind=pl.lit(PERSON)),
                          tables["businesses"].select(id=pl.col("business_id"), kind=pl.lit(BUSINESS))])
    _unique(cases, "case_id")
    _unique(entities, "id")
    _unique(evidence, "evidence_id")
    case_ids, person_ids, entity_ids = cases["case_id"], persons["person_id"], entities["id"]

    roles = tables["roles"]
    _unique(roles, "case_id", "person_id", "role")
    _bad(roles, _within("case_id", case_ids), _within("person_id", person_ids))

    _bad(evidence, _within("case_id", case_ids), _within("about_id", entity_ids),
         _within("given_by", person_ids, optional=True))
    victims = roles.filter(pl.col("role") == "victim").select("case_id", given_by=pl.col("person_id"))
    own_word = evidence.filter((pl.col("kind") == "testimony") & pl.col("independent_of_victim"))
    if own_word.join(victims, on=["case_id", "given_by"], how="semi").height:
        raise _Undecided  # a victim's own testimony called independent of the victim

    links = tables["links"]
    _bad(links, pl.col("source_id") == pl.col("target_id"), _within("case_id", case_ids, optional=True),
         _within("evidence_id", evidence["evidence_id"], optional=True))
    allowed = pl.DataFrame(
        [(link_type, end, kind) for link_type, ends in LINK_ENDPOINTS.items()
         for end, kinds in zip(("source", "target"), ends) for kind in kinds],
        schema={"type": pl.String, "end": pl.String, "kind": pl.String}, orient="row")
    for end in ("source", "target"):
        ends = links.select("type", id=pl.col(f"{end}_id")).join(entities, on="id", how="left")
        fitting = allowed.filter(pl.col("end") == end).drop("end")
        if ends.join(fitting, on=["type", "kind"], how="anti").height:
            raise _Undecided  # an unknown end, or one of a kind the link type does not take

    _bad(tables["identifiers"], _within("owner_id", entity_ids))


def _normalise_identifiers(tables: dict[str, pl.DataFrame], workers: Workers) -> None:
    """Each distinct (kind, value) normalised once, in the region the row models would use."""
    identifiers = tables["identifiers"]
    jurisdictions = tables["cases"]["jurisdiction"].unique()
    region = jurisdictions[0] if len(jurisdictions) == 1 else None
    distinct = identifiers.select("kind", "value").unique()
    normal = workers.normalise(distinct["kind"].to_list(), distinct["value"].to_list(), region)
    if None in normal:
        raise _Undecided  # a value that is not an identifier of its kind
    mapping = distinct.with_columns(normal=pl.Series(normal, dtype=pl.String))
    tables["identifiers"] = (identifiers.join(mapping, on=["kind", "value"], how="left", maintain_order="left")
                             .select("owner_id", "kind", value=pl.col("normal"), raw_value=pl.col("value")))
