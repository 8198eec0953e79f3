// name: network_evidence
// purpose: The evidence about the given persons and businesses, as one row of lists.
// params: person_ids (list of str), business_ids (list of str)
// returns: evidence (list of [evidence_id, case_id, about_id, indicator, kind, independent_of_victim, given_by, about_role, observed_on, until]; the dates as ISO strings; the description is sealed and no analysis reads it)
CALL () {
  UNWIND $person_ids AS id
  MATCH (e:Evidence)-[:ABOUT]->(a:Person {person_id: id})
  // Seek, never scan: on a freshly loaded graph the planner chose a scan of the whole index per id.
  USING INDEX SEEK a:Person(person_id)
  RETURN id, e
  UNION ALL
  UNWIND $business_ids AS id
  MATCH (e:Evidence)-[:ABOUT]->(a:Business {business_id: id})
  USING INDEX SEEK a:Business(business_id)
  RETURN id, e
}
RETURN collect([e.evidence_id, e.case_id, id, e.indicator, e.kind, e.independent_of_victim, e.given_by, e.about_role,
                toString(e.observed_on), toString(e.until)]) AS evidence
