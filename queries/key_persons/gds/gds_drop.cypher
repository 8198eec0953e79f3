// name: gds_drop
// purpose: Drop a GDS in-memory graph if it exists (the projection of one key-persons analysis).
// params: graph (str)
// returns: dropped (0 or 1)
CALL gds.graph.drop($graph, false) YIELD graphName
RETURN count(graphName) AS dropped
