// name: person_records_same_as
// purpose: The records in other cases decided to be the same person as the given one (the latest decision on the pair not undone says same; the nodes are never merged), each with its roles by case and who decided it when: to follow a person across cases. Direct decisions only: follow a chain by asking again for each record found.
// params: person_id (str)
// returns: person_id, same_as_id, name (null for anyone who is also a victim), roles (list of [case_id, role]), decided_by, decided_at
MATCH (a:Person {person_id: $person_id})-[s:SAME_AS]-(b:Person)
WHERE s.undone_at IS NULL
WITH a, b, s ORDER BY s.at DESC
WITH a, b, collect(s)[0] AS latest
WHERE latest.judgement = 'same'
RETURN a.person_id AS person_id, b.person_id AS same_as_id,
       CASE WHEN EXISTS { (b)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE b.name END AS name,
       COLLECT { MATCH (b)-[r:ROLE_IN]->(c:Case) RETURN [c.case_id, r.role] AS role ORDER BY role } AS roles,
       latest.user AS decided_by, toString(latest.at) AS decided_at
ORDER BY same_as_id
