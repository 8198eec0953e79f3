// name: network_links
// purpose: Every link leaving the given persons and businesses (the caller keeps those whose target is in scope too).
// params: party_ids (list of str: person and business ids)
// returns: source_id, type, target_id, case_id, since, until, amount, evidence_id
UNWIND $party_ids AS id
CALL (id) {
  MATCH (a:Person {person_id: id}) RETURN a
  UNION
  MATCH (a:Business {business_id: id}) RETURN a
}
MATCH (a)-[r]->(b)
WHERE r.link_id IS NOT NULL
RETURN id AS source_id, type(r) AS type, coalesce(b.person_id, b.business_id) AS target_id, r.case_id AS case_id,
       r.since AS since, r.until AS until, r.amount AS amount, r.evidence_id AS evidence_id
