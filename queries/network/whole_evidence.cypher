// name: whole_evidence
// purpose: How many evidence rows are about each person or business, for the whole-database key persons (evidence component of the score).
// params: none
// returns: nodes (node ids), counts, in one row of lists
MATCH (e:Evidence)-[:ABOUT]->(a)
WITH a, count(e) AS n
RETURN collect(id(a)) AS nodes, collect(n) AS counts
