// name: match_businesses
// purpose: Every business linked in some case, as the matcher reads them (names, registration numbers, countries), with the identifiers of the given kinds.
// params: kinds (list of str)
// returns: id, cases (list of str), name, registration_no, country, identifiers (list of maps: kind, identifier_id, value)
MATCH (b:Business)-[r]-(:Person)
WHERE r.case_id IS NOT NULL
WITH b, collect(DISTINCT r.case_id) AS cases
RETURN b.business_id AS id, cases, b.name AS name, b.registration_no AS registration_no, b.country AS country,
       [(b)-[:HAS_IDENTIFIER]->(i:Identifier) WHERE i.kind IN $kinds
        | {kind: i.kind, identifier_id: i.identifier_id, value: i.value}] AS identifiers
ORDER BY id
