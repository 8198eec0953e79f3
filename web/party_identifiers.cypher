// name: party_identifiers
// purpose: The identifiers held in clear by the given persons and businesses (phones, accounts, addresses, ...), to find a party by one in the web app's network search; an identifier a victim holds is sealed (no value in clear) and is never returned.
// params: person_ids (list of str), business_ids (list of str)
// returns: owner_id, kind, value
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
WITH id, i
WHERE i.value IS NOT NULL
RETURN id AS owner_id, i.kind AS kind, i.value AS value
ORDER BY owner_id, kind, value
