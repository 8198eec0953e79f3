// name: whole_node_ids
// purpose: The highest node id in the database: whole_links reads the links in ranges of node ids up to it.
// params: none
// returns: highest (null in an empty database)
MATCH (n)
RETURN max(id(n)) AS highest
