// name: ingest_links
// purpose: Create or update links between persons and businesses, keyed by a link id derived from source, type, target, case and start date.
// params: rows (list of maps: link_id, source_id, type, target_id, case_id, since, until, amount, evidence_id, note)
// returns: nothing
UNWIND $rows AS row
OPTIONAL MATCH (ps:Person {person_id: row.source_id})
OPTIONAL MATCH (bs:Business {business_id: row.source_id})
OPTIONAL MATCH (pt:Person {person_id: row.target_id})
OPTIONAL MATCH (bt:Business {business_id: row.target_id})
WITH row, coalesce(ps, bs) AS a, coalesce(pt, bt) AS b
// Types come from the validated vocabulary; $(...) keeps them out of the query text.
MERGE (a)-[r:$(row.type) {link_id: row.link_id}]->(b)
SET r.case_id = row.case_id, r.since = row.since, r.until = row.until, r.amount = row.amount,
    r.evidence_id = row.evidence_id, r.note = row.note
