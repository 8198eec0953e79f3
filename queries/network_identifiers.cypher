// name: network_identifiers
// purpose: Identifiers (phones, accounts, addresses, ...) of the given persons and businesses that someone else holds too.
// params: party_ids (list of str: person and business ids)
// returns: owner_id, kind, value (the identifier id, a blind index, where a victim holds it: the value is sealed)
UNWIND $party_ids AS id
CALL (id) {
  MATCH (a:Person {person_id: id}) RETURN a
  UNION
  MATCH (a:Business {business_id: id}) RETURN a
}
MATCH (a)-[:HAS_IDENTIFIER]->(i:Identifier)<-[:HAS_IDENTIFIER]-()
RETURN DISTINCT id AS owner_id, i.kind AS kind, coalesce(i.value, i.identifier_id) AS value
