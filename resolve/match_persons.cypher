// name: match_persons
// purpose: Every person with a role in some case, as the matcher reads them: clear values, or the sealed ones of victims (opened only inside the process holding the key), with the identifiers of the given kinds.
// params: kinds (list of str)
// returns: id, cases (list of str), name, name_enc, birth_date, birth_date_enc, country, identifiers (list of maps: kind, identifier_id, value)
MATCH (p:Person)-[:ROLE_IN]->(c:Case)
WITH p, collect(DISTINCT c.case_id) AS cases
RETURN p.person_id AS id, cases, p.name AS name, p.name_enc AS name_enc,
       toString(p.birth_date) AS birth_date, p.birth_date_enc AS birth_date_enc, p.nationality AS country,
       [(p)-[:HAS_IDENTIFIER]->(i:Identifier) WHERE i.kind IN $kinds
        | {kind: i.kind, identifier_id: i.identifier_id, value: i.value}] AS identifiers
ORDER BY id
