// name: whole_links
// purpose: Every link of one type as compact columns (node ids of its ends, amount) for the whole-database key persons; one call per type, found by whole_link_types.
// params: type (str)
// returns: sources, targets (node ids), amounts (0.0 where none), in one row of lists
MATCH (a)-[r:$($type)]->(b)
WHERE r.link_id IS NOT NULL
RETURN collect(id(a)) AS sources, collect(id(b)) AS targets, collect(toFloat(coalesce(r.amount, 0.0))) AS amounts
