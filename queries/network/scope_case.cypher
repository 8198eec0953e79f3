// name: scope_case
// purpose: The persons with a role in the given cases, and the cases themselves.
// params: case_ids (list of str)
// returns: case_id, jurisdiction, person_ids
MATCH (c:Case) WHERE c.case_id IN $case_ids
OPTIONAL MATCH (p:Person)-[:ROLE_IN]->(c)
RETURN c.case_id AS case_id, c.jurisdiction AS jurisdiction, collect(DISTINCT p.person_id) AS person_ids
ORDER BY case_id
