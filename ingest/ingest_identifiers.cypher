// name: ingest_identifiers
// purpose: Tie persons and businesses to phones, accounts, addresses and other identifiers (one node per normalised value, keyed by its blind index). {{Owner ...}} is filled in by ingest/statements.py with the owner's label, as the validation resolved it.
// params: rows (list of maps: identifier_id, owner_id, kind, value, raw_value, value_enc, raw_value_enc)
// returns: nothing
UNWIND $rows AS row
MERGE (i:Identifier {identifier_id: row.identifier_id})
// A value a victim of this bundle holds comes sealed; other clear values a victim holds are
// sealed before the load commits (seal_identifiers).
SET i.kind = row.kind, i.value = row.value, i.value_enc = row.value_enc
WITH i, row
MATCH (owner:{{Owner row.owner_id}})
MERGE (owner)-[held:HAS_IDENTIFIER]->(i)
SET held.raw_value = row.raw_value, held.raw_value_enc = row.raw_value_enc
