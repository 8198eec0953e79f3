// name: whole_links
// purpose: The links leaving the given persons and the links from a business to them, as compact columns (node ids, type, amount) for the whole-database key persons; called with the persons in chunks.
// params: person_ids (list of str)
// returns: sources, types, targets (node ids and link types), amounts (0.0 where none), in one row of lists
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK p:Person(person_id)
CALL (p) {
  MATCH (p)-[r]->(b)
  WHERE r.link_id IS NOT NULL
  RETURN r, p AS a, b
  UNION ALL
  MATCH (p)<-[r]-(a:Business)
  WHERE r.link_id IS NOT NULL
  RETURN r, a, p AS b
}
RETURN collect(id(a)) AS sources, collect(type(r)) AS types, collect(id(b)) AS targets,
       collect(toFloat(coalesce(r.amount, 0.0))) AS amounts
