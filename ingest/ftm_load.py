"""`thbgraph load entities.ftm.json --case ID`: an FtM file through the bundle's validation and writer.

The FtM entities are mapped to bundle rows (ingest/ftm.py), written as a JSON bundle to a
temporary directory and validated there like any bundle; problems come back at the FtM file's
lines. The writer then loads the rows and, in the same transaction, keeps every entity as it
came (`FtmEntity`, its properties sealed like free text): all or nothing.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from neo4j import Driver, ManagedTransaction

from graph.cypher import query
from graph.sealing import Sealer, sealer_for
from graph.settings import get_settings
from ingest.errors import BundleInvalid, RowError
from ingest.ftm import FtmMapping, Placed, map_entities, read_entities, read_roles
from ingest.writer import link_id, validate_bundle, write_bundle

PROPERTIES = "properties"


@dataclass
class FtmReport:
    path: Path
    case_id: str
    counts: dict[str, int]
    not_placed: list[Placed]
    written: bool


def _case(driver: Driver, database: str | None, file: str, case_id: str, title: str | None,
          jurisdiction: str | None) -> dict[str, str]:
    records, _, _ = driver.execute_query(query("ingest", "ftm_case"), case_id=case_id, database_=database, routing_="r")
    if records:
        return {k: v for k, v in records[0].data().items() if v is not None}
    if title and jurisdiction:
        return {"case_id": case_id, "title": title, "jurisdiction": jurisdiction}
    raise BundleInvalid([RowError(file, None, "case", f"case {case_id!r} is not in the graph: load it first, or "
                                                      "give its --title and --jurisdiction")])


def kept_entities(m: FtmMapping, case_id: str, sealer: Sealer) -> list[dict]:
    """Each entity as it came, its properties sealed under its key (they may name a victim)."""
    lines = {line: e["id"] for line, e in m.entities}
    links: dict[str, list[str]] = {}
    for row, (line, _) in zip(m.document.get("links", []), m.origin.get("links", [])):
        links.setdefault(lines[line], []).append(link_id(row))
    placed = {p.id: p.as_ for p in m.placed}
    return [{"ftm_key": f"{case_id}:{e['id']}", "ftm_id": e["id"], "schema": e["schema"], "case_id": case_id,
             "line": line, "placed_as": placed.get(e["id"], ""), "link_ids": links.get(e["id"], []),
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
    m = map_entities(path.name, entities, case, role_map, default_role)
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
            return FtmReport(path, case_id, counts, m.not_placed, written=False)
        sealer = sealer or sealer_for(get_settings(), create=True)
        kept = kept_entities(m, case_id, sealer)

        def keep(tx: ManagedTransaction) -> None:
            tx.run(query("ingest", "ingest_ftm_entities"), rows=kept).consume()

        write_bundle(driver, bundle, sealer=sealer, database=database, after=keep)
    return FtmReport(path, case_id, counts, m.not_placed, written=True)
