// name: persons_within
// purpose: Everyone within max_hops of a person through links (persons and businesses) and shared identifiers, nearest first, with their roles; victims' names are never returned (a shared business or identifier is two hops; at most 6 hops). Searched ring by ring, each hop only from the ring before and only up to max_hops, so one hop on a large case costs one hop.
// params: person_id (str), max_hops (int, 1 to 6)
// returns: person_id, name (null for victims), hops, roles (list of maps: case_id, role, identified_on)
MATCH (a:Person {person_id: $person_id})
WITH a, [a] AS seen, [a] AS frontier, [] AS rings
// One block per hop (a quantifier's bound cannot be a parameter): what the last ring reached, not seen before.
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 1
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 2
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 3
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 4
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 5
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
CALL (seen, frontier) {
  WITH * WHERE $max_hops >= 6
  UNWIND frontier AS f
  MATCH (f)-[r]-(n)
  WHERE (r.link_id IS NOT NULL OR r:HAS_IDENTIFIER) AND NOT n IN seen
  RETURN collect(DISTINCT n) AS ring
}
WITH a, seen + ring AS seen, ring AS frontier, rings + [ring] AS rings
UNWIND range(1, size(rings)) AS hops
UNWIND rings[hops - 1] AS b
WITH b, hops
WHERE b:Person
OPTIONAL MATCH (b)-[role:ROLE_IN]->(c:Case)
WITH b, hops, collect({case_id: c.case_id, role: role.role, identified_on: role.identified_on}) AS roles
RETURN b.person_id AS person_id,
       CASE WHEN any(x IN roles WHERE x.role = 'victim') THEN null ELSE b.name END AS name,
       hops, [x IN roles WHERE x.case_id IS NOT NULL] AS roles
ORDER BY hops, person_id
