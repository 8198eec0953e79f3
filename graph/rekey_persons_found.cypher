// name: rekey_persons_found
// purpose: Every person with a sealed name or birth date (read inside the key rotation's transaction).
// params: none
// returns: person_id, name_enc, birth_date_enc
MATCH (p:Person)
WHERE p.name_enc IS NOT NULL OR p.birth_date_enc IS NOT NULL
RETURN p.person_id AS person_id, p.name_enc AS name_enc, p.birth_date_enc AS birth_date_enc
