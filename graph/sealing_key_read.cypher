// name: sealing_key_read
// purpose: The id of the key the graph's victim data is sealed under, if anything is sealed yet.
// params: none
// returns: key_id
MATCH (s:Sealing {scope: 'victim-data'})
RETURN s.key_id AS key_id
