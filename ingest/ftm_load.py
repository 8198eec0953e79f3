"""`thbgraph load entities.ftm.json --case ID`: an FtM file through the bundle's validation and writer.

An FtM file's ids are its author's, not the graph's: every id is written under the case's
namespace (`ftm_graph_id`: `ftm:<case>:<FtM id>`), so a partner's file naming P021 makes a
new record and never reaches another case's P021 (probe 3, finding 1). Reloading the file into
the same case updates its own records. A namespaced id held outside the case (a bundle can name
anything) is refused, dry run too; FtM ids that are also ids in the graph are reported.

The FtM entities are mapped to bundle rows (ingest/ftm.py), written as a JSON bundle to a
temporary directory and validated there like any bundle; problems come back at the FtM file's
lines. The writer then loads the rows and, in the same transaction, keeps every entity as it
came (`FtmEntity`, its properties sealed like free text): all or nothing.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from graph.cypher import query
from graph.sealing import Sealer, sealer_for
from graph.settings import get_settings
from ingest.errors import BundleInvalid, RowError
from ingest.ftm import FtmMapping, Placed, map_entities, read_entities, read_roles
from ingest.writer import link_id, validate_bundle, write_bundle

PROPERTIES = "properties"


#: The namespace of the records an FtM load writes (docs/ftm.md).
FTM_PREFIX = "ftm:"


def ftm_graph_id(case_id: str, ftm_id: str) -> str:
    """The id an FtM entity's record has in the graph: the FtM id, within the case it was loaded into."""
    return f"{FTM_PREFIX}{case_id}:{ftm_id}"


@dataclass
class FtmReport:
    path: Path
    case_id: str
    counts: dict[str, int]
    not_placed: list[Placed]
    written: bool
    #: FtM ids of the file that are also ids of records in the graph (left untouched).
    collisions: list[str] = field(default_factory=list)


def _in_graph(driver: Driver, database: str | None, ids: list[str]) -> dict[str, set[str]]:
    """For each of these ids held by a person, business or evidence: the cases it belongs to."""
    records, _, _ = driver.execute_query(query("ingest", "ftm_scope"), entity_ids=ids, evidence_ids=ids,
                                         database_=database, routing_="r")
    found: dict[str, set[str]] = {}
    for r in records:
        found.setdefault(r["id"], set()).update(c for c in r["cases"] if c is not None)
    return found


def _scope(driver: Driver, database: str | None, file: str, case_id: str,
           entities: list[tuple[int, dict]]) -> list[str]:
    """The FtM ids that are also graph ids (reported); refuses a namespaced id held outside the case."""
    raw = [e["id"] for _, e in entities]
    mine = {ftm_graph_id(case_id, i): (line, i) for line, e in entities for i in [e["id"]]}
    found = _in_graph(driver, database, raw + list(mine))
    foreign = [(mine[g], cases) for g, cases in found.items() if g in mine and not cases <= {case_id}]
    if foreign:
        raise BundleInvalid([RowError(file, line, "id", f"{ftm_id!r} would be written as {ftm_graph_id(case_id, ftm_id)!r}, "
                                                          f"a record held outside {case_id}: nothing was loaded")
                             for (line, ftm_id), _ in sorted(foreign)])
    return sorted(i for i in set(raw) if i in found)


def _case(driver: Driver, database: str | None, file: str, case_id: str, title: str | None,
          jurisdiction: str | None) -> dict[str, str]:
    records, _, _ = driver.execute_query(query("ingest", "ftm_case"), case_id=case_id, database_=database, routing_="r")
    if records:
        return {k: v for k, v in records[0].data().items() if v is not None}
    if title and jurisdiction:
        return {"case_id": case_id, "title": title, "jurisdiction": jurisdiction}
    raise BundleInvalid([RowError(file, None, "case", f"case {case_id!r} is not in the graph: load it first "
                                                      "(or make it alone: thbgraph case new)")])


def kept_entities(m: FtmMapping, case_id: str, sealer: Sealer) -> list[dict]:
    """Each entity as it came, its properties sealed under its key (they may name a victim)."""
    lines = {line: e["id"] for line, e in m.entities}
    links: dict[str, list[str]] = {}
    for row, (line, _) in zip(m.document.get("links", []), m.origin.get("links", [])):
        links.setdefault(lines[line], []).append(link_id(row))
    placed = {p.id: p.as_ for p in m.placed}
    return [{"ftm_key": f"{case_id}:{e['id']}", "ftm_id": e["id"], "schema": e["schema"], "case_id": case_id,
             "line": line, "placed_as": placed.get(e["id"], ""), "link_ids": links.get(e["id"], []),
             "placed_id": ftm_graph_id(case_id, e["id"]) if placed.get(e["id"]) in ("person", "business", "evidence")
             else None,
             "properties_enc": sealer.seal(json.dumps(e[PROPERTIES], ensure_ascii=False, sort_keys=True),
                                           record=f"{case_id}:{e['id']}", field=PROPERTIES)}
            for line, e in m.entities]


def load_ftm(driver: Driver, path: Path, case_id: str, *, roles: Path | None = None, default_role: str | None = None,
             title: str | None = None, jurisdiction: str | None = None, dry_run: bool = False,
             database: str | None = None, sealer: Sealer | None = None) -> FtmReport:
    """Validate an FtM file as a bundle of the case and load it (raises BundleInvalid with every problem)."""
    path = Path(path)
    entities = read_entities(path)
    role_map = read_roles(roles) if roles else {}
    case = _case(driver, database, path.name, case_id, title, jurisdiction)
    collisions = _scope(driver, database, path.name, case_id, entities)
    m = map_entities(path.name, entities, case, role_map, default_role, lambda i: ftm_graph_id(case_id, i))
    with tempfile.TemporaryDirectory(prefix="thbgraph-ftm-") as tmp:
        bundle_path = Path(tmp) / f"{path.stem}.bundle.json"
        bundle_path.write_text(json.dumps(m.document, ensure_ascii=False), encoding="utf-8")
        try:
            bundle = validate_bundle(driver, bundle_path, database=database)
        except BundleInvalid as e:
            raise m.located(e) from None
        m.check()
        counts = {t: n for t, n in bundle.counts.items() if n}
        if dry_run:
            return FtmReport(path, case_id, counts, m.not_placed, written=False, collisions=collisions)
        sealer = sealer or sealer_for(get_settings(), create=True)
        kept = kept_entities(m, case_id, sealer)

        def keep(tx: ManagedTransaction) -> None:
            tx.run(query("ingest", "ingest_ftm_entities"), rows=kept).consume()

        write_bundle(driver, bundle, sealer=sealer, database=database, after=keep)
    return FtmReport(path, case_id, counts, m.not_placed, written=True, collisions=collisions)
