// name: network_identifiers
// purpose: Identifiers (phones, accounts, addresses, ...) of the given persons and businesses that someone else holds too, with their holders among the given parties, as one row of lists.
// params: person_ids (list of str), business_ids (list of str)
// returns: identifiers (list of [kind, value, owner_ids]; the value is the identifier id, a blind index, where a victim holds it: their value is sealed)
CALL () {
  UNWIND $person_ids AS id
  MATCH (a:Person {person_id: id})-[:HAS_IDENTIFIER]->(i:Identifier)
  // Seek, never scan: see network_evidence.
  USING INDEX SEEK a:Person(person_id)
  RETURN id, i
  UNION ALL
  UNWIND $business_ids AS id
  MATCH (a:Business {business_id: id})-[:HAS_IDENTIFIER]->(i:Identifier)
  USING INDEX SEEK a:Business(business_id)
  RETURN id, i
}
WITH i, collect(id) AS owners
WHERE COUNT { (i)<-[:HAS_IDENTIFIER]-() } > 1
RETURN collect([i.kind, coalesce(i.value, i.identifier_id), owners]) AS identifiers
