// name: ingest_identifiers
// purpose: Tie persons and businesses to phones, accounts, addresses and other identifiers (one node per normalised value, keyed by its blind index).
// params: rows (list of maps: identifier_id, owner_id, kind, value, raw_value)
// returns: nothing
UNWIND $rows AS row
MERGE (i:Identifier {identifier_id: row.identifier_id})
// Clear values held by a victim are sealed before the load commits (ingest_seal_identifiers).
SET i.kind = row.kind, i.value = row.value, i.value_enc = null
WITH i, row
CALL (row) {
  MATCH (owner:Person {person_id: row.owner_id}) RETURN owner
  UNION
  MATCH (owner:Business {business_id: row.owner_id}) RETURN owner
}
// Expand from the owner rather than MERGE: see ingest_links for why.
OPTIONAL MATCH (owner)-[old:HAS_IDENTIFIER]->(x:Identifier) WHERE x.identifier_id = row.identifier_id
CALL (owner, i, old) {
  WITH owner, i, old WHERE old IS NULL
  CREATE (owner)-[held:HAS_IDENTIFIER]->(i)
  RETURN held
  UNION
  WITH old WHERE old IS NOT NULL
  RETURN old AS held
}
SET held.raw_value = row.raw_value, held.raw_value_enc = null
