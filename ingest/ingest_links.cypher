// name: ingest_links
// purpose: Create or update links of one type from one kind of entity to one kind, keyed by a link id derived from source, type, target, case and start date. {{Source ...}}, {{Target ...}} and {{TYPE}} are filled in by ingest/statements.py from the validated vocabulary (never from a bundle's text): static labels seek each end in its own index, and a static type lets MERGE expand between the two ends.
// params: rows (list of maps: link_id, source_id, target_id, case_id, since, until, amount, evidence_id, note_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (a:{{Source row.source_id}})
MATCH (b:{{Target row.target_id}})
MERGE (a)-[link:{{TYPE}} {link_id: row.link_id}]->(b)
SET link.case_id = row.case_id, link.since = row.since, link.until = row.until,
    link.amount = row.amount, link.evidence_id = row.evidence_id,
    link.note_enc = row.note_enc  // free text may name a victim: sealed
