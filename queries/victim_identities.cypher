// name: victim_identities
// purpose: Every person who is a victim in any case, with the values that identify them (for the API's redaction and audit; never shown to analysts).
// params: none
// returns: person_id, name, birth_date, identifiers (list of maps: kind, value, raw_value)
MATCH (p:Person)-[r:ROLE_IN]->(:Case)
WHERE r.role = 'victim'
WITH DISTINCT p
OPTIONAL MATCH (p)-[h:HAS_IDENTIFIER]->(i:Identifier)
RETURN p.person_id AS person_id, p.name AS name, p.birth_date AS birth_date,
       collect(CASE WHEN i IS NULL THEN null ELSE {kind: i.kind, value: i.value, raw_value: h.raw_value} END) AS identifiers
