// name: rekey_notes
// purpose: Store link notes re-sealed under the new key.
// params: rows (list of maps: element_id, note_enc)
// returns: nothing
UNWIND $rows AS row
MATCH ()-[r]->()
WHERE elementId(r) = row.element_id
SET r.note_enc = row.note_enc
