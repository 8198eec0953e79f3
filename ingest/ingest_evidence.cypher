// name: ingest_evidence
// purpose: Create or update evidence rows, tied to their case, to what they are about and to who gave them. {{About ...}} is filled in by ingest/statements.py with the label of what the evidence is about, as the validation resolved it.
// params: rows (list of maps: evidence_id, case_id, about_id, indicator, kind, independent_of_victim, given_by, about_role, description_enc, observed_on, until; the two dates as dates)
// returns: nothing
UNWIND $rows AS row
MERGE (e:Evidence {evidence_id: row.evidence_id})
SET e.case_id = row.case_id, e.indicator = row.indicator, e.kind = row.kind,
    e.independent_of_victim = row.independent_of_victim, e.given_by = row.given_by, e.about_role = row.about_role,
    e.observed_on = row.observed_on, e.until = row.until,
    // Free text may name a victim: stored sealed, whoever it is about.
    e.description_enc = row.description_enc
WITH e, row
// Drop the old ties and create them afresh: a reload may move evidence to another subject.
CALL (e) {
  OPTIONAL MATCH (e)-[old:ABOUT|IN_CASE|GIVEN_BY]->()
  DELETE old
}
MATCH (about:{{About row.about_id}})
MATCH (c:Case {case_id: row.case_id})
CREATE (e)-[:ABOUT]->(about), (e)-[:IN_CASE]->(c)
WITH e, row
OPTIONAL MATCH (giver:Person {person_id: row.given_by})
FOREACH (g IN CASE WHEN giver IS NULL THEN [] ELSE [giver] END | CREATE (e)-[:GIVEN_BY]->(g))
