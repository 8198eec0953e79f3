// name: shortest_paths
// purpose: Every shortest path between two persons through links (persons and businesses) and shared identifiers (phones, accounts, addresses, ...), if one is at most max_hops long (a shared identifier is two hops: person, identifier, person); searches at most 10 hops.
// params: from_id (str), to_id (str), max_hops (int, 1 to 10)
// returns: path, hops, ids (the person, business and identifier ids along the path), types (the relationship types along it)
MATCH path = ALL SHORTEST (a:Person {person_id: $from_id})
      (()-[r WHERE r.link_id IS NOT NULL OR r:HAS_IDENTIFIER]-()){1,10}
      (b:Person {person_id: $to_id})
WHERE length(path) <= $max_hops
RETURN path, length(path) AS hops,
       [n IN nodes(path) | coalesce(n.person_id, n.business_id, n.identifier_id)] AS ids,
       [x IN relationships(path) | type(x)] AS types
ORDER BY ids, types
