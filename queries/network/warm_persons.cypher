// name: warm_persons
// purpose: The first persons by id, for the warm-up of key persons' queries after Neo4j starts (queries/key_persons/warm_up.py).
// params: limit (int)
// returns: id (one row per person)
MATCH (p:Person)
RETURN p.person_id AS id ORDER BY id LIMIT $limit
