// name: graph_fingerprint
// purpose: Counts that change when a load adds nodes or relationships; read from Neo4j's count store, so constant time whatever the graph's size (the API keeps what it computed from the graph while they stay the same).
// params: none
// returns: nodes, relationships, persons, roles, identifiers
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (p:Person) RETURN count(p) AS persons }
CALL () { MATCH ()-[r:ROLE_IN]->() RETURN count(r) AS roles }
CALL () { MATCH ()-[h:HAS_IDENTIFIER]->() RETURN count(h) AS identifiers }
RETURN nodes, relationships, persons, roles, identifiers
