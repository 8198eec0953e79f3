// name: ingest_links
// purpose: Create or update links between persons and businesses, keyed by a link id derived from source, type, target, case and start date.
// params: rows (list of maps: link_id, source_id, type, target_id, case_id, since, until, amount, evidence_id, note_enc)
// returns: nothing
UNWIND $rows AS row
CALL (row) {
  MATCH (a:Person {person_id: row.source_id}) RETURN a
  UNION
  MATCH (a:Business {business_id: row.source_id}) RETURN a
}
CALL (row) {
  MATCH (b:Person {person_id: row.target_id}) RETURN b
  UNION
  MATCH (b:Business {business_id: row.target_id}) RETURN b
}
// Not MERGE: on a fresh graph the planner scans every relationship for a MERGE with a
// dynamic type, which is quadratic over a large load. Expanding from `a` is bounded by its degree.
OPTIONAL MATCH (a)-[old]->(:Person|Business) WHERE old.link_id = row.link_id
CALL (row, a, b, old) {
  WITH row, a, b, old WHERE old IS NULL
  // Types come from the validated vocabulary; $(...) keeps them out of the query text.
  CREATE (a)-[link:$(row.type)]->(b)
  RETURN link
  UNION
  WITH old WHERE old IS NOT NULL
  RETURN old AS link
}
SET link.link_id = row.link_id, link.case_id = row.case_id, link.since = row.since, link.until = row.until,
    link.amount = row.amount, link.evidence_id = row.evidence_id,
    link.note_enc = row.note_enc  // free text may name a victim: sealed
