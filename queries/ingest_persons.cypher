// name: ingest_persons
// purpose: Create or update persons from validated bundle rows (a victim's name and birth date are sealed before the load commits).
// params: rows (list of maps: person_id, name, birth_date, nationality, immigration_status)
// returns: nothing
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
// The row replaces the identity fields; ingest_seal_persons seals them again if p is a victim.
SET p.name = row.name, p.birth_date = row.birth_date, p.name_enc = null, p.birth_date_enc = null,
    p.nationality = row.nationality, p.immigration_status = row.immigration_status
