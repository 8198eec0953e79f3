// name: ingest_identifiers
// purpose: Tie persons and businesses to phones, accounts, addresses and other identifiers (one node per normalised value).
// params: rows (list of maps: identifier_id, owner_id, kind, value, raw_value)
// returns: nothing
UNWIND $rows AS row
MERGE (i:Identifier {identifier_id: row.identifier_id})
SET i.kind = row.kind, i.value = row.value
WITH i, row
OPTIONAL MATCH (ps:Person {person_id: row.owner_id})
OPTIONAL MATCH (bs:Business {business_id: row.owner_id})
WITH i, row, coalesce(ps, bs) AS owner
MERGE (owner)-[h:HAS_IDENTIFIER]->(i)
SET h.raw_value = row.raw_value
