// name: network_links
// purpose: Every link leaving the given persons and businesses, as one row of lists (the caller keeps those whose target is in scope too).
// params: person_ids (list of str), business_ids (list of str)
// returns: links (list of [source_id, type, target_id, case_id, since, until, amount, evidence_id]; since and until as ISO date strings)
CALL () {
  UNWIND $person_ids AS id
  MATCH (:Person {person_id: id})-[r]->(b)
  WHERE r.link_id IS NOT NULL
  RETURN id, r, b
  UNION ALL
  UNWIND $business_ids AS id
  MATCH (:Business {business_id: id})-[r]->(b)
  WHERE r.link_id IS NOT NULL
  RETURN id, r, b
}
RETURN collect([id, type(r), coalesce(b.person_id, b.business_id), r.case_id, toString(r.since), toString(r.until),
                r.amount, r.evidence_id]) AS links
