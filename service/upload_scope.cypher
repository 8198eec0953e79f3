// name: upload_scope
// purpose: For the person, business and evidence ids a bundle names, the cases each already belongs to (as need-to-know counts them): a person's by role, a business's by its links and the evidence about it, evidence's own case; ids not in the graph are left out.
// params: entity_ids (list of str), evidence_ids (list of str)
// returns: kind (entity or evidence), id, cases (list of str)
UNWIND $entity_ids AS id
CALL (id) {
  MATCH (p:Person {person_id: id})
  RETURN [(p)-[:ROLE_IN]->(c:Case) | c.case_id] AS cases
  UNION
  MATCH (b:Business {business_id: id})
  RETURN [(b)-[r]-() WHERE r.case_id IS NOT NULL | r.case_id] + [(b)<-[:ABOUT]-(e:Evidence) | e.case_id] AS cases
}
RETURN 'entity' AS kind, id, cases
UNION ALL
UNWIND $evidence_ids AS id
MATCH (e:Evidence {evidence_id: id})
RETURN 'evidence' AS kind, id, [e.case_id] AS cases
