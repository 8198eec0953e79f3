// name: network_businesses
// purpose: The given businesses, and the links from one of them to another business, as one row of lists each.
// params: business_ids (list of str)
// returns: businesses (list of [business_id, name, sector, country]), links (list of [source_id, type, target_id, case_id, since, until, amount, evidence_id] as in network_links)
UNWIND $business_ids AS id
MATCH (a:Business {business_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK a:Business(business_id)
OPTIONAL MATCH (a)-[r]->(b:Business)
WHERE r.link_id IS NOT NULL
RETURN collect(DISTINCT [a.business_id, a.name, a.sector, a.country]) AS businesses,
       collect(CASE WHEN r IS NULL THEN null
               ELSE [a.business_id, type(r), b.business_id, r.case_id, toString(r.since), toString(r.until), r.amount,
                     r.evidence_id] END) AS links
