// name: gds_pair_measures
// purpose: Degree, PageRank (damping 0.85, run to convergence) and connected component of every person of a GDS person graph projected by gds_project_pairs, whose node ids are the persons' numbers.
// params: graph (str)
// returns: degree, pagerank, component (lists of [person number, value])
CALL gds.degree.stream($graph) YIELD nodeId, score
WITH collect([nodeId, toInteger(score)]) AS degree
CALL gds.pageRank.stream($graph, {dampingFactor: 0.85, maxIterations: 1000, tolerance: 1.0E-12})
  YIELD nodeId, score
WITH degree, collect([nodeId, score]) AS pagerank
CALL gds.wcc.stream($graph) YIELD nodeId, componentId
RETURN degree, pagerank, collect([nodeId, componentId]) AS component
