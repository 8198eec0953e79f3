// name: victim_identities
// purpose: Every person who is a victim in any case, with the sealed values that identify them (for the API's redaction and audit, which open them; never shown to analysts).
// params: none
// returns: person_id, name_enc, birth_date_enc, identifiers (list of maps: identifier_id, kind, value_enc, spellings (list of maps: owner_id, raw_value_enc) — every holder's spelling)
MATCH (p:Person)-[r:ROLE_IN]->(:Case)
WHERE r.role = 'victim'
WITH DISTINCT p
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_IDENTIFIER]->(i:Identifier)
  OPTIONAL MATCH (owner)-[h:HAS_IDENTIFIER]->(i)
  WITH i, collect(CASE WHEN h.raw_value_enc IS NULL THEN null
                  ELSE {owner_id: coalesce(owner.person_id, owner.business_id), raw_value_enc: h.raw_value_enc} END) AS spellings
  RETURN collect(CASE WHEN i IS NULL THEN null
                 ELSE {identifier_id: i.identifier_id, kind: i.kind, value_enc: i.value_enc, spellings: spellings} END) AS identifiers
}
RETURN p.person_id AS person_id, p.name_enc AS name_enc, p.birth_date_enc AS birth_date_enc, identifiers
