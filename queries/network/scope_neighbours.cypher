// name: scope_neighbours
// purpose: Persons one step from the given persons: linked directly, through a shared business, or through a shared identifier (phone, account, address, ...).
// params: person_ids (list of str)
// returns: person_id
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
CALL (p) {
  MATCH (p)-[r]-(q:Person) WHERE r.link_id IS NOT NULL RETURN q
  UNION
  MATCH (p)-[r1]-(:Business)-[r2]-(q:Person) WHERE r1.link_id IS NOT NULL AND r2.link_id IS NOT NULL RETURN q
  UNION
  MATCH (p)-[:HAS_IDENTIFIER]->(:Identifier)<-[:HAS_IDENTIFIER]-(q:Person) RETURN q
}
RETURN DISTINCT q.person_id AS person_id
