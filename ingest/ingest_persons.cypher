// name: ingest_persons
// purpose: Create or update persons from validated bundle rows (a victim's name and birth date come sealed if this bundle makes them a victim, else are sealed before the load commits if they are one).
// params: rows (list of maps: person_id, name, birth_date, name_enc, birth_date_enc, nationality, immigration_status)
// returns: nothing
UNWIND $rows AS row
MERGE (p:Person {person_id: row.person_id})
// The row replaces the identity fields; seal_persons seals clear ones if p is a victim.
SET p.name = row.name, p.birth_date = row.birth_date, p.name_enc = row.name_enc, p.birth_date_enc = row.birth_date_enc,
    p.nationality = row.nationality, p.immigration_status = row.immigration_status
