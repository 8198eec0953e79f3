// name: rekey_identifiers_found
// purpose: Every identifier (its blind index is keyed too), with its value in clear or sealed and every holder's sealed spelling (read inside the key rotation's transaction).
// params: none
// returns: identifier_id, kind, value, value_enc, spellings (list of maps: owner_id, raw_value_enc)
MATCH (i:Identifier)
OPTIONAL MATCH (owner)-[h:HAS_IDENTIFIER]->(i)
WHERE h.raw_value_enc IS NOT NULL
WITH i, collect(CASE WHEN h IS NULL THEN null
                ELSE {owner_id: coalesce(owner.person_id, owner.business_id), raw_value_enc: h.raw_value_enc} END) AS spellings
RETURN i.identifier_id AS identifier_id, i.kind AS kind, i.value AS value, i.value_enc AS value_enc, spellings
