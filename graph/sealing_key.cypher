// name: sealing_key
// purpose: The id of the key the graph's victim data is sealed under; the first load records its own.
// params: key_id (str)
// returns: key_id (the graph's, which may differ from the one given)
MERGE (s:Sealing {scope: 'victim-data'})
ON CREATE SET s.key_id = $key_id
RETURN s.key_id AS key_id
