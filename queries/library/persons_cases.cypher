// name: persons_cases
// purpose: The cases each of the given persons has a role in (persons not in the graph are left out).
// params: person_ids (list of str)
// returns: person_id, case_ids (list of str)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
OPTIONAL MATCH (p)-[:ROLE_IN]->(c:Case)
RETURN id AS person_id, collect(DISTINCT c.case_id) AS case_ids
