// name: analysis_identifiers_held
// purpose: Every identifier the given persons and businesses hold (one holder or many: a suspect's own phone too), with its holders among them, for the analysis database.
// params: person_ids (list of str), business_ids (list of str)
// returns: identifiers (list of [kind, value, owner_ids]; the value is the identifier id, a blind index, where the graph holds it sealed)
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
WITH i, collect(DISTINCT id) AS owners
RETURN collect([i.kind, coalesce(i.value, i.identifier_id), owners]) AS identifiers
