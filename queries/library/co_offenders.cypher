// name: co_offenders
// purpose: Pairs of suspects who are suspects in the same case or are linked directly (any link or a shared identifier) across cases, with the cases they share and each one's cases; pairs with the given person only (every pair when person_id is null), most shared cases first.
// params: person_id (str, or null for every pair)
// returns: person_a, name_a, person_b, name_b (names null for anyone who is also a victim), shared_cases, cases_a, cases_b, links (link types between them, HAS_IDENTIFIER for a shared identifier), linked_across_cases (true when they share no case: tied only by a link or identifier)
// Every candidate pair once per shared case (or once with no case, for a link or an identifier),
// then counted: the order's key (shared cases) is had without building any pair's lists.
CALL () {
  MATCH (a:Person)-[:ROLE_IN {role: 'suspect'}]->(c:Case)<-[:ROLE_IN {role: 'suspect'}]-(b:Person)
  WHERE ($person_id IS NULL AND a.person_id < b.person_id) OR ($person_id IS NOT NULL AND a.person_id = $person_id AND a <> b)
  RETURN a, b, c.case_id AS shared
  UNION ALL
  MATCH (a:Person)-[l]-(b:Person)
  WHERE l.link_id IS NOT NULL
    AND (($person_id IS NULL AND a.person_id < b.person_id) OR ($person_id IS NOT NULL AND a.person_id = $person_id AND a <> b))
    AND EXISTS { (a)-[:ROLE_IN {role: 'suspect'}]->(:Case) } AND EXISTS { (b)-[:ROLE_IN {role: 'suspect'}]->(:Case) }
  RETURN a, b, null AS shared
  UNION ALL
  MATCH (a:Person)-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_IDENTIFIER]-(b:Person)
  WHERE (($person_id IS NULL AND a.person_id < b.person_id) OR ($person_id IS NOT NULL AND a.person_id = $person_id AND a <> b))
    AND EXISTS { (a)-[:ROLE_IN {role: 'suspect'}]->(:Case) } AND EXISTS { (b)-[:ROLE_IN {role: 'suspect'}]->(:Case) }
  RETURN a, b, null AS shared
}
WITH a, b, count(DISTINCT shared) AS n
WITH a, b, n, a.person_id AS person_a, b.person_id AS person_b
ORDER BY n DESC, person_a, person_b
WITH a, b, n, person_a, person_b,
     COLLECT { MATCH (a)-[:ROLE_IN {role: 'suspect'}]->(c:Case) RETURN c.case_id AS c ORDER BY c } AS cases_a,
     COLLECT { MATCH (b)-[:ROLE_IN {role: 'suspect'}]->(c:Case) RETURN c.case_id AS c ORDER BY c } AS cases_b
WITH a, b, n, person_a, person_b, cases_a, cases_b, [c IN cases_a WHERE c IN cases_b] AS shared
RETURN person_a,
       CASE WHEN EXISTS { (a)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE a.name END AS name_a,
       person_b,
       CASE WHEN EXISTS { (b)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE b.name END AS name_b,
       shared AS shared_cases, cases_a, cases_b,
       COLLECT { CALL (a, b) { MATCH (a)-[l]-(b) WHERE l.link_id IS NOT NULL RETURN DISTINCT type(l) AS t
                               UNION
                               MATCH (a)-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_IDENTIFIER]-(b)
                               RETURN 'HAS_IDENTIFIER' AS t }
                 RETURN t ORDER BY t } AS links,
       size(shared) = 0 AS linked_across_cases
ORDER BY n DESC, person_a, person_b
