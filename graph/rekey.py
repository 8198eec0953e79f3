"""Re-sealing the graph's victim data under a new key (`thbgraph keys rotate`): all or nothing.

Every sealed value (victims' values, identifiers, evidence, link notes, kept FtM entities) is
opened with the old key and sealed again with the new one, and every identifier gets its blind
index under the new key (holders' spellings are sealed under that index, so they follow it). One transaction: if any value does not open (altered, or sealed
under a third key), nothing changes. The result is the graph the same loads would have
written under the new key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, Transaction

from graph.cypher import query
from graph.sealing import Sealer, SealingError, spelling_record


@dataclass(frozen=True)
class RekeyReport:
    persons: int
    identifiers: int
    spellings: int
    evidence: int
    notes: int
    ftm_entities: int = 0


def _write(tx: Transaction, name: str, rows: list[dict[str, Any]], batch_size: int) -> None:
    for start in range(0, len(rows), batch_size):
        tx.run(query("graph", name), rows=rows[start:start + batch_size]).consume()


def _identifiers(records: Iterable[Any], old: Sealer, new: Sealer) -> list[dict[str, Any]]:
    rows = []
    for r in records:
        iid = r["identifier_id"]
        value = r["value"] if r["value_enc"] is None else old.open(r["value_enc"], record=iid, field="value")
        new_id = new.blind(r["kind"], value)
        rows.append({
            "identifier_id": iid, "new_id": new_id,
            "value_enc": None if r["value_enc"] is None else new.seal(value, record=new_id, field="value"),
            "spellings": [{"owner_id": s["owner_id"],
                           "raw_value_enc": new.seal(old.open(s["raw_value_enc"], record=spelling_record(s["owner_id"], iid),
                                                              field="raw_value"),
                                                     record=spelling_record(s["owner_id"], new_id), field="raw_value")}
                          for s in r["spellings"]],
        })
    return rows


def rekey(driver: Driver, database: str | None, old: Sealer, new: Sealer, batch_size: int = 5000) -> RekeyReport:
    """Move the graph from `old`'s key to `new`'s, in one transaction."""
    if new.key_id == old.key_id:
        raise SealingError(f"the new key is the current key ({old.key_id}): nothing to rotate")
    with driver.session(database=database) as session, session.begin_transaction() as tx:
        sealed_under = tx.run(query("graph", "sealing_key_read")).single()
        if sealed_under is None:
            raise SealingError("nothing is sealed in this graph yet: set the new key before the first load instead")
        if sealed_under["key_id"] != old.key_id:
            raise SealingError(f"the graph is sealed under key {sealed_under['key_id']}, the configured key is "
                               f"{old.key_id}: set THBGRAPH_VICTIM_DATA_KEY to the graph's key")

        def again(sealed: str | None, record: str, field: str) -> str | None:
            return new.seal(old.open(sealed, record=record, field=field), record=record, field=field)

        persons = [{"person_id": r["person_id"], "name_enc": again(r["name_enc"], r["person_id"], "name"),
                    "birth_date_enc": again(r["birth_date_enc"], r["person_id"], "birth_date")}
                   for r in tx.run(query("graph", "rekey_persons_found"))]
        identifiers = _identifiers(tx.run(query("graph", "rekey_identifiers_found")), old, new)
        evidence = [{"evidence_id": r["evidence_id"],
                     "description_enc": again(r["description_enc"], r["evidence_id"], "description")}
                    for r in tx.run(query("graph", "rekey_evidence_found"))]
        notes = [{"element_id": r["element_id"], "note_enc": again(r["note_enc"], r["link_id"], "note")}
                 for r in tx.run(query("graph", "rekey_notes_found"))]
        # FtM entities kept as they came (ingest/ftm_load.py): sealed under their key, field "properties".
        ftm = [{"ftm_key": r["ftm_key"], "properties_enc": again(r["properties_enc"], r["ftm_key"], "properties")}
               for r in tx.run(query("graph", "rekey_ftm_found"))]
        _write(tx, "seal_persons", persons, batch_size)
        _write(tx, "rekey_identifiers", identifiers, batch_size)
        _write(tx, "rekey_evidence", evidence, batch_size)
        _write(tx, "rekey_notes", notes, batch_size)
        _write(tx, "rekey_ftm", ftm, batch_size)
        tx.run(query("graph", "rekey_sealing_key"), old_key_id=old.key_id, new_key_id=new.key_id).consume()
        tx.commit()
    return RekeyReport(len(persons), len(identifiers), sum(len(i["spellings"]) for i in identifiers),
                       len(evidence), len(notes), len(ftm))
