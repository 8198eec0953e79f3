// name: ftm_case_entities
// purpose: A case's persons (with their role there; victims' values sealed), businesses linked in it, and their identifiers, for the FtM export.
// params: case_id (str)
// returns: kind, id, role, name, name_enc, birth_date, birth_date_enc, country, registration_no, identifiers (list of maps: kind, identifier_id, value, value_enc)
MATCH (p:Person)-[r:ROLE_IN]->(:Case {case_id: $case_id})
WITH p, collect(r.role) AS roles
RETURN 'Person' AS kind, p.person_id AS id, CASE WHEN 'victim' IN roles THEN 'victim' ELSE roles[0] END AS role,
       p.name AS name, p.name_enc AS name_enc, toString(p.birth_date) AS birth_date,
       p.birth_date_enc AS birth_date_enc, p.nationality AS country, null AS registration_no,
       [(p)-[:HAS_IDENTIFIER]->(i:Identifier) | {kind: i.kind, identifier_id: i.identifier_id, value: i.value,
                                                 value_enc: i.value_enc}] AS identifiers
UNION
MATCH (b:Business)-[l]-(:Person)
WHERE l.case_id = $case_id
WITH DISTINCT b
RETURN 'Business' AS kind, b.business_id AS id, null AS role, b.name AS name, null AS name_enc,
       null AS birth_date, null AS birth_date_enc, b.country AS country, b.registration_no AS registration_no,
       [(b)-[:HAS_IDENTIFIER]->(i:Identifier) | {kind: i.kind, identifier_id: i.identifier_id, value: i.value,
                                                 value_enc: i.value_enc}] AS identifiers
