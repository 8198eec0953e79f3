"""A validated bundle as the CSV files of `neo4j-admin database import`, holding the graph the
loader would write.

The loader's statements (queries/ingest_*.cypher, then `seal_victims`) decide what the graph
holds; this module writes the same nodes, relationships and properties for an empty
database, computed here instead of in Cypher:

- every value as `writer._params` prepares it (notes and descriptions sealed, identifiers
  under their blind index);
- a link loaded twice is one relationship with the last row's values (the loader matches
  it by link id), likewise an identifier and a holder's spelling of it;
- `minor` as `ingest_minors` marks it (under 18 at the first CONTROLS, RECRUITED,
  TRANSPORTED, HOUSED or EXPLOITS link from a person, else on the day of the load);
- victims' names and birth dates, and the identifiers a victim holds (value and every
  holder's spelling), sealed, never written in clear;
- the `Sealing` node naming the key.

tests/test_bulk_neo4j.py compares the graph imported from these files with the loaded one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from graph.sealing import Sealer
from ingest.bundle import Bundle
from ingest.victim_rows import Touched, victims_and_held
from ingest.writer import _params, link_id

__all__ = ["ImportFiles", "write_import_files"]

#: Links from a person that date the start of exploitation (as in ingest_minors.cypher).
_FIRST_EXPLOITED = frozenset({"CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS"})

# Columns of each file: (CSV header, key in the row). Persons and businesses share one id space.
_CASE = [("case_id:ID(Case)", "case_id"), ("title", "title"), ("jurisdiction", "jurisdiction"),
         ("opened_on:date", "opened_on"), ("status", "status")]
_PERSON = [("person_id:ID(Entity)", "person_id"), ("name", "name"), ("birth_date:date", "birth_date"),
           ("nationality", "nationality"), ("immigration_status", "immigration_status"), ("name_enc", "name_enc"),
           ("birth_date_enc", "birth_date_enc"), ("minor:boolean", "minor")]
_BUSINESS = [("business_id:ID(Entity)", "business_id"), ("name", "name"), ("registration_no", "registration_no"),
             ("sector", "sector"), ("country", "country")]
_ROLE = [(":START_ID(Entity)", "person_id"), (":END_ID(Case)", "case_id"), ("role", "role"),
         ("identified_on:date", "identified_on"), ("cooperation", "cooperation")]
_LINK = [(":START_ID(Entity)", "source_id"), (":TYPE", "type"), (":END_ID(Entity)", "target_id"),
         ("link_id", "link_id"), ("case_id", "case_id"), ("since:date", "since"), ("until:date", "until"),
         ("amount:double", "amount"), ("evidence_id", "evidence_id"), ("note_enc", "note_enc")]
_EVIDENCE = [("evidence_id:ID(Evidence)", "evidence_id"), ("case_id", "case_id"), ("indicator", "indicator"),
             ("kind", "kind"), ("independent_of_victim:boolean", "independent_of_victim"), ("given_by", "given_by"),
             ("about_role", "about_role"), ("description_enc", "description_enc"),
             ("observed_on:date", "observed_on"), ("until:date", "until")]
_EVIDENCE_TIE = [(":START_ID(Evidence)", "from"), (":TYPE", "type"), (":END_ID(Entity)", "to")]
_EVIDENCE_CASE = [(":START_ID(Evidence)", "from"), (":END_ID(Case)", "to")]
_IDENTIFIER = [("identifier_id:ID(Identifier)", "identifier_id"), ("kind", "kind"), ("value", "value"),
               ("value_enc", "value_enc")]
_HELD = [(":START_ID(Entity)", "owner_id"), (":END_ID(Identifier)", "identifier_id"), ("raw_value", "raw_value"),
         ("raw_value_enc", "raw_value_enc")]
_SEALING = [("scope:ID(Sealing)", "scope"), ("key_id", "key_id")]


def _breaks(text: str) -> bool:
    return "\n" in text or "\r" in text


def _cell(value: Any) -> Any:
    if value is None:
        return None  # an empty field: no property, as SET x = null leaves none
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


class ImportFiles:
    """The files written, as `--nodes` and `--relationships` arguments of neo4j-admin."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.nodes: list[str] = []
        self.relationships: list[str] = []
        #: Whether a written cell holds a line break. Only then does neo4j-admin need
        #: `--multiline-fields=true`, which makes it read each file on one thread (at a million
        #: persons its relationship stage took 31 s so against 19 s without).
        self.multiline = False

    def write(self, name: str, columns: list[tuple[str, str]], rows: Iterable[dict[str, Any]], *,
              label: str | None = None, rel_type: str | None = None) -> None:
        path = self.folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow([header for header, _ in columns])
            for row in rows:
                cells = [_cell(row.get(key)) for _, key in columns]
                self.multiline = self.multiline or any(isinstance(c, str) and _breaks(c) for c in cells)
                writer.writerow(cells)
        self.add(path, label=label, rel_type=rel_type)

    def add(self, path: Path, *, label: str | None = None, rel_type: str | None = None) -> None:
        """Name a written file to the import: nodes of `label`, relationships of `rel_type`, or
        relationships whose type is a column of the file (neither given)."""
        if label:
            self.nodes.append(f"{label}={path}")
        elif rel_type:
            self.relationships.append(f"{rel_type}={path}")
        else:
            self.relationships.append(str(path))


def _adult_on(born: date) -> date:
    # Cypher's date + duration({years: 18}) keeps the day, or the month's last day (29 February).
    try:
        return born.replace(year=born.year + 18)
    except ValueError:
        return born.replace(year=born.year + 18, day=28)


def write_import_files(bundle: Bundle, sealer: Sealer, folder: Path, today: date) -> ImportFiles:
    """Write the bundle's graph as import files into `folder` (private: victims' values are sealed,
    but names of suspects are not); `today` stands for Cypher's date() in `ingest_minors`."""
    files = ImportFiles(folder)
    victims, victims_hold = victims_and_held(bundle, sealer)
    touched = Touched(victims=victims, victims_hold=victims_hold)  # victims' rows sealed as the loader sends them

    def rows(table: str) -> Iterator[dict[str, Any]]:
        return (_params(table, row, sealer, touched) for row in bundle.records(table))

    first_exploited, repeated = _scan_links(bundle)
    files.write("cases", _CASE, rows("cases"), label="Case")
    files.write("persons", _PERSON, _persons(rows("persons"), touched, first_exploited, today), label="Person")
    files.write("businesses", _BUSINESS, rows("businesses"), label="Business")
    files.write("roles", _ROLE, rows("roles"), rel_type="ROLE_IN")
    # A link given twice is one relationship with the last row's values (the loader matches it by id).
    last: dict[str, dict[str, Any]] = {}
    files.write("links", _LINK, _once(rows("links"), repeated, last))
    files.write("links_repeated", _LINK, last.values())
    _evidence(files, rows("evidence"))
    _identifiers(files, rows("identifiers"))
    files.write("sealing", _SEALING, [{"scope": "victim-data", "key_id": sealer.key_id}], label="Sealing")
    return files


def _scan_links(bundle: Bundle) -> tuple[dict[str, date], set[int]]:
    """Who was first exploited when, and the link ids given more than once (as integers: a
    million persons' five million links fit in memory that way)."""
    first_exploited: dict[str, date] = {}
    seen: set[int] = set()
    repeated: set[int] = set()
    for link in bundle.records("links"):
        key = int(link_id(link), 16)
        (repeated if key in seen else seen).add(key)
        since, target = link["since"], link["target_id"]
        if link["type"] in _FIRST_EXPLOITED and since is not None and bundle.kinds.get(link["source_id"]) == "Person":
            if target not in first_exploited or since < first_exploited[target]:
                first_exploited[target] = since
    return first_exploited, repeated


def _once(links: Iterable[dict[str, Any]], repeated: set[int], last: dict[str, dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """The links given once; the last row of each repeated one goes to `last`."""
    for link in links:
        if int(link["link_id"], 16) in repeated:
            last[link["link_id"]] = link
        else:
            yield link


def _persons(persons: Iterable[dict[str, Any]], touched: Touched, first_exploited: dict[str, date],
             today: date) -> Iterable[dict[str, Any]]:
    for p in persons:
        pid = p["person_id"]
        born = touched.sent_sealed[pid] if pid in touched.sent_sealed else p["birth_date"]
        if born is not None and _adult_on(born) > first_exploited.get(pid, today):
            p["minor"] = True
        yield p


def _evidence(files: ImportFiles, evidence: Iterable[dict[str, Any]]) -> None:
    rows = list(evidence)
    files.write("evidence", _EVIDENCE, rows, label="Evidence")
    ties = [{"from": e["evidence_id"], "type": "ABOUT", "to": e["about_id"]} for e in rows]
    ties += [{"from": e["evidence_id"], "type": "GIVEN_BY", "to": e["given_by"]} for e in rows if e["given_by"]]
    files.write("evidence_ties", _EVIDENCE_TIE, ties)
    files.write("evidence_cases", _EVIDENCE_CASE, ({"from": e["evidence_id"], "to": e["case_id"]} for e in rows),
                rel_type="IN_CASE")


def _identifiers(files: ImportFiles, identifiers: Iterable[dict[str, Any]]) -> None:
    """One node per identifier and one spelling per holder, the last row's (sealed by `_params`
    when a victim holds it)."""
    nodes: dict[str, dict[str, Any]] = {}
    held: dict[tuple[str, str], dict[str, Any]] = {}  # (owner, identifier) -> the last row's spelling
    for row in identifiers:
        iid, owner = row["identifier_id"], row["owner_id"]
        nodes[iid] = {"identifier_id": iid, "kind": row["kind"], "value": row.get("value"),
                      "value_enc": row.get("value_enc")}
        held[(owner, iid)] = {"owner_id": owner, "identifier_id": iid, "raw_value": row.get("raw_value"),
                              "raw_value_enc": row.get("raw_value_enc")}
    files.write("identifiers", _IDENTIFIER, nodes.values(), label="Identifier")
    files.write("held", _HELD, held.values(), rel_type="HAS_IDENTIFIER")
