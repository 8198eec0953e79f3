// name: persons_within
// purpose: Everyone within max_hops of a person through links (persons and businesses) and shared identifiers, nearest first, with their roles; victims' names are never returned (a shared business or identifier is two hops; searches at most 6 hops).
// params: person_id (str), max_hops (int, 1 to 6)
// returns: person_id, name (null for victims), hops, roles (list of maps: case_id, role, identified_on)
MATCH path = ANY SHORTEST (a:Person {person_id: $person_id})
      (()-[r WHERE r.link_id IS NOT NULL OR r:HAS_IDENTIFIER]-()){1,6}
      (b:Person)
WHERE b <> a AND length(path) <= $max_hops
WITH b, min(length(path)) AS hops
OPTIONAL MATCH (b)-[role:ROLE_IN]->(c:Case)
WITH b, hops, collect({case_id: c.case_id, role: role.role, identified_on: role.identified_on}) AS roles
RETURN b.person_id AS person_id,
       CASE WHEN any(x IN roles WHERE x.role = 'victim') THEN null ELSE b.name END AS name,
       hops, [x IN roles WHERE x.case_id IS NOT NULL] AS roles
ORDER BY hops, person_id
