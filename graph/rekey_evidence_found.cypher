// name: rekey_evidence_found
// purpose: Every evidence description, sealed (read inside the key rotation's transaction).
// params: none
// returns: evidence_id, description_enc
MATCH (e:Evidence)
WHERE e.description_enc IS NOT NULL
RETURN e.evidence_id AS evidence_id, e.description_enc AS description_enc
