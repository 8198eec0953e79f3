// name: whole_businesses
// purpose: Every business of the database as compact columns for the whole-database key persons: id and node id.
// params: none
// returns: business_ids, nodes (node ids), in one row of lists
MATCH (b:Business)
RETURN collect(b.business_id) AS business_ids, collect(id(b)) AS nodes
