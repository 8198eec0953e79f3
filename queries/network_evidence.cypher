// name: network_evidence
// purpose: The evidence about the given persons and businesses.
// params: party_ids (list of str: person and business ids)
// returns: evidence_id, case_id, about_id, indicator, kind, independent_of_victim, given_by, description
UNWIND $party_ids AS id
CALL (id) {
  MATCH (a:Person {person_id: id}) RETURN a
  UNION
  MATCH (a:Business {business_id: id}) RETURN a
}
MATCH (e:Evidence)-[:ABOUT]->(a)
RETURN e.evidence_id AS evidence_id, e.case_id AS case_id, id AS about_id, e.indicator AS indicator, e.kind AS kind,
       e.independent_of_victim AS independent_of_victim, e.given_by AS given_by, e.description AS description
ORDER BY evidence_id
