// name: gds_project_persons
// purpose: Project the whole graph's persons into GDS as the same undirected person graph the Python analysis builds (queries/network/person_graph.py): every person a node; a tie where a link joins two persons, where both are tied to a business (all its members when it has at most $limit, else its controllers to everyone), or where both hold an identifier that at most $limit persons hold.
// params: graph (str), tie_types (list of str), control_types (list of str), limit (int)
// returns: persons, ties
// GDS numbers the persons in the order they arrive, and a sample of pivots is drawn over those numbers:
// by person id first, the same data gives the same sample whatever order it was stored in.
CALL () {
  MATCH (a:Person)
  WITH a ORDER BY a.person_id
  RETURN a, null AS b
  UNION ALL
  MATCH (a:Person)-[r]->(b:Person)
  WHERE r.link_id IS NOT NULL AND a <> b
  RETURN a, b
  UNION ALL
  MATCH (x:Business)
  CALL (x) {
    MATCH (x)-[r]-(p:Person)
    WHERE r.link_id IS NOT NULL AND type(r) IN $tie_types
    WITH p, max(CASE WHEN type(r) IN $control_types THEN 1 ELSE 0 END) AS controls
    WITH collect(p) AS members, collect(CASE WHEN controls = 1 THEN p END) AS controllers
    UNWIND members AS a
    UNWIND (CASE WHEN size(members) <= $limit THEN members ELSE controllers END) AS b
    WITH a, b WHERE a <> b
    RETURN a, b
  }
  RETURN a, b
  UNION ALL
  MATCH (i:Identifier)
  CALL (i) {
    MATCH (i)<-[:HAS_IDENTIFIER]-(p:Person)
    WITH collect(DISTINCT p) AS owners
    WHERE 1 < size(owners) <= $limit
    UNWIND owners AS a
    UNWIND owners AS b
    WITH a, b WHERE a.person_id < b.person_id
    RETURN a, b
  }
  RETURN a, b
}
// Each pair once, whatever ties it and in which direction: a parallel tie would count twice in degree.
WITH DISTINCT CASE WHEN b IS NULL OR a.person_id < b.person_id THEN a ELSE b END AS source,
              CASE WHEN b IS NULL OR a.person_id < b.person_id THEN b ELSE a END AS target
WITH gds.graph.project($graph, source, target, {}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS persons, g.relationshipCount / 2 AS ties
