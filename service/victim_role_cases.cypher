// name: victim_role_cases
// purpose: The cases in which each of the given persons is a victim (a victim of one case may be a suspect in another: there they are seen as the suspect they are, and nothing tells that case they are a victim elsewhere).
// params: person_ids (list of str)
// returns: person_id, case_ids (list of str)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})-[:ROLE_IN {role: 'victim'}]->(c:Case)
RETURN id AS person_id, collect(DISTINCT c.case_id) AS case_ids
