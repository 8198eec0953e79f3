// name: ingest_persons
// purpose: Create or update persons from validated bundle rows.
// params: rows (list of maps: person_id, name, birth_date, nationality, immigration_status)
// returns: nothing
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
SET p.name = row.name, p.birth_date = row.birth_date, p.nationality = row.nationality,
    p.immigration_status = row.immigration_status
