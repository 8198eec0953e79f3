// name: graph_counts
// purpose: How many nodes of each label the graph holds (the demo's summary).
// params: none
// returns: label, count
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
