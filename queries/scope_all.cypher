// name: scope_all
// purpose: Every person in the database (the whole-graph projection).
// params: none
// returns: person_id
MATCH (p:Person)
RETURN p.person_id AS person_id
