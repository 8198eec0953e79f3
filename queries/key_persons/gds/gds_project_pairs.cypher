// name: gds_project_pairs
// purpose: Project into GDS a person graph given as numbers (the whole-database key persons, queries/network/whole_ties.py): persons 0..$persons-1, a tie per key i * $persons + j; undirected, isolated persons too.
// params: graph (str), persons (int), keys (list of int)
// returns: persons, ties
CALL () {
  UNWIND range(0, $persons - 1) AS source
  RETURN source, null AS target
  UNION ALL
  UNWIND $keys AS key
  RETURN key / $persons AS source, key % $persons AS target
}
WITH gds.graph.project($graph, source, target, {}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS persons, g.relationshipCount / 2 AS ties
