// name: whole_persons
// purpose: Every person of the database as compact columns for the whole-database key persons (queries/network/whole_graph.py): id, node id, and whether they have a victim role in any case.
// params: none
// returns: person_ids, nodes (node ids), victim (booleans), in one row of lists
MATCH (p:Person)
RETURN collect(p.person_id) AS person_ids, collect(id(p)) AS nodes,
       collect(EXISTS { (p)-[r:ROLE_IN]->(:Case) WHERE r.role = 'victim' }) AS victim
