// name: ingest_evidence
// purpose: Create or update evidence rows, tied to their case, to what they are about and to who gave them.
// params: rows (list of maps: evidence_id, case_id, about_id, indicator, kind, independent_of_victim, given_by, description)
// returns: nothing
UNWIND $rows AS row
MERGE (e:Evidence {evidence_id: row.evidence_id})
SET e.case_id = row.case_id, e.indicator = row.indicator, e.kind = row.kind,
    e.independent_of_victim = row.independent_of_victim, e.given_by = row.given_by, e.description = row.description
WITH e, row
// A reload may move evidence to another subject: drop the old ties first.
OPTIONAL MATCH (e)-[old:ABOUT|IN_CASE|GIVEN_BY]->()
DELETE old
WITH DISTINCT e, row
MATCH (c:Case {case_id: row.case_id})
MERGE (e)-[:IN_CASE]->(c)
WITH e, row
OPTIONAL MATCH (ps:Person {person_id: row.about_id})
OPTIONAL MATCH (bs:Business {business_id: row.about_id})
WITH e, row, coalesce(ps, bs) AS about
MERGE (e)-[:ABOUT]->(about)
WITH e, row
OPTIONAL MATCH (giver:Person {person_id: row.given_by})
FOREACH (g IN CASE WHEN giver IS NULL THEN [] ELSE [giver] END | MERGE (e)-[:GIVEN_BY]->(g))
