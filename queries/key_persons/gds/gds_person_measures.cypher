// name: gds_person_measures
// purpose: Degree, PageRank (damping 0.85, run to convergence) and connected component of every person of a GDS person graph, as one row of lists in the order of the projection's node ids.
// params: graph (str)
// returns: nodes (GDS node ids), person_ids, degree (in the order of nodes), pagerank and component (lists of [node id, value])
CALL gds.degree.stream($graph) YIELD nodeId, score
WITH collect(nodeId) AS nodes, collect(gds.util.asNode(nodeId).person_id) AS person_ids, collect(toInteger(score)) AS degree
CALL gds.pageRank.stream($graph, {dampingFactor: 0.85, maxIterations: 1000, tolerance: 1.0E-12})
  YIELD nodeId, score
WITH nodes, person_ids, degree, collect([nodeId, score]) AS pagerank
CALL gds.wcc.stream($graph) YIELD nodeId, componentId
RETURN nodes, person_ids, degree, pagerank, collect([nodeId, componentId]) AS component
