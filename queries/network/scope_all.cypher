// name: scope_all
// purpose: Every person in the database (the whole-graph projection), as one list.
// params: none
// returns: person_ids (list of str)
MATCH (p:Person)
RETURN collect(p.person_id) AS person_ids
