// name: whole_links
// purpose: The links leaving the nodes whose ids are in [$lo, $hi), as compact columns (node ids of the ends, type, amount) for the whole-database key persons; called over consecutive ranges of node ids.
// params: lo (int), hi (int)
// returns: sources, types, targets, amounts (0.0 where none), in one row of lists
UNWIND range($lo, $hi - 1) AS i
MATCH (a) WHERE id(a) = i
MATCH (a)-[r]->(b)
WHERE r.link_id IS NOT NULL
RETURN collect(id(a)) AS sources, collect(type(r)) AS types, collect(id(b)) AS targets,
       collect(toFloat(coalesce(r.amount, 0.0))) AS amounts
