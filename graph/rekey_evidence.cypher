// name: rekey_evidence
// purpose: Store evidence descriptions re-sealed under the new key.
// params: rows (list of maps: evidence_id, description_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (e:Evidence {evidence_id: row.evidence_id})
SET e.description_enc = row.description_enc
