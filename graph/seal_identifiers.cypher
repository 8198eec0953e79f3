// name: seal_identifiers
// purpose: Replace the clear value of identifiers a victim holds, and every holder's clear spelling of it, by sealed values.
// params: rows (list of maps: identifier_id, value_enc, spellings: a list of maps of owner_id and raw_value_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (i:Identifier {identifier_id: row.identifier_id})
SET i.value_enc = coalesce(row.value_enc, i.value_enc), i.value = null
WITH i, row
UNWIND row.spellings AS spelling
MATCH (owner)-[h:HAS_IDENTIFIER]->(i)
WHERE coalesce(owner.person_id, owner.business_id) = spelling.owner_id
SET h.raw_value_enc = spelling.raw_value_enc, h.raw_value = null
