// name: person_cases
// purpose: The cases a person has a role in, with their jurisdictions.
// params: person_id (str)
// returns: case_id, jurisdiction, role
MATCH (:Person {person_id: $person_id})-[r:ROLE_IN]->(c:Case)
RETURN c.case_id AS case_id, c.jurisdiction AS jurisdiction, r.role AS role
ORDER BY case_id
