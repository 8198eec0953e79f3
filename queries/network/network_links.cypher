// name: network_links
// purpose: Every link leaving the given persons, and every link from a business to them, as one row of lists (the caller keeps those whose target is in scope too; the businesses at their ends are the ones in scope).
// params: person_ids (list of str)
// returns: links (list of [source_id, type, target_id, case_id, since, until, amount, evidence_id]; since and until as ISO date strings)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK p:Person(person_id)
CALL (p) {
  MATCH (p)-[r]->(b)
  WHERE r.link_id IS NOT NULL
  RETURN r, p AS a, b
  UNION ALL
  MATCH (p)<-[r]-(a:Business)
  WHERE r.link_id IS NOT NULL
  RETURN r, a, p AS b
}
RETURN collect([coalesce(a.person_id, a.business_id), type(r), coalesce(b.person_id, b.business_id), r.case_id,
                toString(r.since), toString(r.until), r.amount, r.evidence_id]) AS links
