// name: ingest_cases
// purpose: Create or update cases from validated bundle rows.
// params: rows (list of maps: case_id, title, jurisdiction, opened_on, status)
// returns: nothing
UNWIND $rows AS row
MERGE (c:Case {case_id: row.case_id})
SET c.title = row.title, c.jurisdiction = row.jurisdiction, c.opened_on = row.opened_on, c.status = row.status
