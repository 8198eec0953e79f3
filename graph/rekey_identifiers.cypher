// name: rekey_identifiers
// purpose: Give identifiers their blind index under the new key, and their sealed value and holders' spellings re-sealed under it.
// params: rows (list of maps: identifier_id, new_id, value_enc, spellings: a list of maps of owner_id and raw_value_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (i:Identifier {identifier_id: row.identifier_id})
SET i.identifier_id = row.new_id, i.value_enc = row.value_enc
WITH i, row
UNWIND row.spellings AS spelling
MATCH (owner)-[h:HAS_IDENTIFIER]->(i)
WHERE coalesce(owner.person_id, owner.business_id) = spelling.owner_id
SET h.raw_value_enc = spelling.raw_value_enc
