// name: co_offenders
// purpose: Pairs of suspects who are suspects in the same case or are linked directly (any link or a shared identifier) across cases, with the cases they share and each one's cases; pairs with the given person only (every pair when person_id is null), most shared cases first.
// params: person_id (str, or null for every pair)
// returns: person_a, name_a, person_b, name_b (names null for anyone who is also a victim), shared_cases, cases_a, cases_b, links (link types between them, HAS_IDENTIFIER for a shared identifier), linked_across_cases (true when they share no case: tied only by a link or identifier)
MATCH (a:Person)-[ra:ROLE_IN {role: 'suspect'}]->(:Case)
WHERE $person_id IS NULL OR a.person_id = $person_id
WITH DISTINCT a
CALL (a) {
  MATCH (a)-[:ROLE_IN {role: 'suspect'}]->(:Case)<-[:ROLE_IN {role: 'suspect'}]-(b:Person)
  RETURN b
  UNION
  MATCH (a)-[l]-(b:Person)-[:ROLE_IN {role: 'suspect'}]->(:Case)
  WHERE l.link_id IS NOT NULL
  RETURN b
  UNION
  MATCH (a)-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_IDENTIFIER]-(b:Person)-[:ROLE_IN {role: 'suspect'}]->(:Case)
  RETURN b
}
WITH a, b
WHERE a <> b AND ($person_id IS NOT NULL OR a.person_id < b.person_id)
WITH a, b,
     COLLECT { MATCH (a)-[:ROLE_IN {role: 'suspect'}]->(c:Case) RETURN c.case_id AS c ORDER BY c } AS cases_a,
     COLLECT { MATCH (b)-[:ROLE_IN {role: 'suspect'}]->(c:Case) RETURN c.case_id AS c ORDER BY c } AS cases_b,
     COLLECT { MATCH (a)-[l]-(b) WHERE l.link_id IS NOT NULL RETURN DISTINCT type(l) AS t
               UNION
               MATCH (a)-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_IDENTIFIER]-(b) RETURN 'HAS_IDENTIFIER' AS t } AS links
WITH a, b, cases_a, cases_b, links, [c IN cases_a WHERE c IN cases_b] AS shared
RETURN a.person_id AS person_a,
       CASE WHEN EXISTS { (a)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE a.name END AS name_a,
       b.person_id AS person_b,
       CASE WHEN EXISTS { (b)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE b.name END AS name_b,
       shared AS shared_cases, cases_a, cases_b,
       COLLECT { UNWIND links AS t RETURN t ORDER BY t } AS links,
       size(shared) = 0 AS linked_across_cases
ORDER BY size(shared_cases) DESC, person_a, person_b
