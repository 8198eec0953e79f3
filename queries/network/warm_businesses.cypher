// name: warm_businesses
// purpose: The first businesses by id, for the warm-up of key persons' queries after Neo4j starts (queries/key_persons/warm_up.py).
// params: limit (int)
// returns: id (one row per business)
MATCH (b:Business)
RETURN b.business_id AS id ORDER BY id LIMIT $limit
