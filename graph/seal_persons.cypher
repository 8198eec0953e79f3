// name: seal_persons
// purpose: Replace victims' clear name and birth date by their sealed values.
// params: rows (list of maps: person_id, name_enc, birth_date_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
SET p.name_enc = coalesce(row.name_enc, p.name_enc), p.birth_date_enc = coalesce(row.birth_date_enc, p.birth_date_enc),
    p.name = null, p.birth_date = null
