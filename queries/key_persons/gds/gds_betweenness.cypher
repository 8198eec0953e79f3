// name: gds_betweenness
// purpose: Betweenness of every person of a GDS person graph (undirected, not normalised): exact when $sampling is null, else from $sampling source persons drawn with $seed.
// params: graph (str), sampling (int or null), seed (int)
// returns: betweenness (list of [node id, score])
// One thread: the sample then depends on the seed alone (threads drew different samples from run to run).
CALL gds.betweenness.stream($graph, CASE WHEN $sampling IS NULL THEN {} ELSE {samplingSize: $sampling, samplingSeed: $seed, concurrency: 1} END)
  YIELD nodeId, score
RETURN collect([nodeId, score]) AS betweenness
