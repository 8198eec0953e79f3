// name: network_business_links
// purpose: Every link between the given businesses and a person, either way, as one row of lists (the whole-database key persons: who works at, or is housed or exploited by, a business a person shown controls).
// params: business_ids (list of str)
// returns: links (list of [source_id, type, target_id, case_id, since, until, amount, evidence_id] as in network_links)
UNWIND $business_ids AS id
MATCH (b:Business {business_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK b:Business(business_id)
CALL (b) {
  MATCH (b)-[r]->(p:Person)
  WHERE r.link_id IS NOT NULL
  RETURN r, b.business_id AS source, p.person_id AS target
  UNION ALL
  MATCH (b)<-[r]-(p:Person)
  WHERE r.link_id IS NOT NULL
  RETURN r, p.person_id AS source, b.business_id AS target
}
RETURN collect([source, type(r), target, r.case_id, toString(r.since), toString(r.until), r.amount,
                r.evidence_id]) AS links
