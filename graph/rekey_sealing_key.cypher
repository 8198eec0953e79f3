// name: rekey_sealing_key
// purpose: Record that the graph's victim data is now sealed under the new key.
// params: old_key_id (str), new_key_id (str)
// returns: key_id
MATCH (s:Sealing {scope: 'victim-data'})
WHERE s.key_id = $old_key_id
SET s.key_id = $new_key_id
RETURN s.key_id AS key_id
