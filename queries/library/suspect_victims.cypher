// name: suspect_victims
// purpose: The victims linked to a person: directly (controls, recruited, housed, exploits, ... in the link's case) or through a business the person owns, directs or manages where the victim works, is employed or is housed; victims by id, never by name.
// params: person_id (str)
// returns: victim_id, case_id, identified_on, cooperation, nationality, immigration_status, direct (link types between them), through (ids of the businesses)
MATCH (s:Person {person_id: $person_id})
CALL (s) {
  MATCH (s)-[l]-(v:Person)
  WHERE l.link_id IS NOT NULL
  RETURN v, l.case_id AS case_id, type(l) AS how, null AS business
  UNION
  MATCH (s)-[c:OWNS|DIRECTS|MANAGES]->(b:Business)-[w:WORKS_AT|EMPLOYS|HOUSED]-(v:Person)
  WHERE c.link_id IS NOT NULL AND w.link_id IS NOT NULL
  RETURN v, w.case_id AS case_id, null AS how, b.business_id AS business
}
MATCH (v)-[role:ROLE_IN {role: 'victim'}]->(:Case {case_id: case_id})
WITH v, case_id, role, collect(DISTINCT how) AS direct, collect(DISTINCT business) AS through
RETURN v.person_id AS victim_id, case_id, role.identified_on AS identified_on, role.cooperation AS cooperation,
       v.nationality AS nationality, v.immigration_status AS immigration_status,
       COLLECT { UNWIND direct AS d RETURN d ORDER BY d } AS direct,
       COLLECT { UNWIND through AS t RETURN t ORDER BY t } AS through
ORDER BY case_id, victim_id
