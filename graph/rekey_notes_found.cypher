// name: rekey_notes_found
// purpose: Every link note, sealed, with the relationship's element id (read and written in the key rotation's one transaction, where element ids hold).
// params: none
// returns: element_id, link_id, note_enc
MATCH ()-[r]->()
WHERE r.note_enc IS NOT NULL
RETURN elementId(r) AS element_id, r.link_id AS link_id, r.note_enc AS note_enc
