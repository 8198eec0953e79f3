// name: ingest_known_ids
// purpose: Which of the given ids already exist in the graph, and as what (lets a bundle refer to earlier loads).
// params: ids (list of str)
// returns: id, kind (Case, Person or Business)
UNWIND $ids AS id
OPTIONAL MATCH (c:Case {case_id: id})
OPTIONAL MATCH (p:Person {person_id: id})
OPTIONAL MATCH (b:Business {business_id: id})
WITH id, CASE WHEN c IS NOT NULL THEN 'Case' WHEN p IS NOT NULL THEN 'Person' WHEN b IS NOT NULL THEN 'Business' END AS kind
WHERE kind IS NOT NULL
RETURN id, kind
