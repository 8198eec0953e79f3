// name: entity_cases
// purpose: For nodes named by element id, the cases they belong to (need-to-know for analysts' Cypher results): a case itself, a person's cases by role, evidence's case, a business's cases by its links, an identifier's by its holders; catalogue nodes are public.
// params: element_ids (list of str)
// returns: element_id, public (bool), cases (list of str)
UNWIND $element_ids AS element_id
MATCH (n) WHERE elementId(n) = element_id
WITH element_id, n, CASE WHEN n:Identifier THEN [(n)<-[:HAS_IDENTIFIER]-(holder) | holder] ELSE [n] END AS parties
UNWIND parties AS p
WITH element_id, n, CASE
  WHEN p:Case OR p:Evidence THEN [p.case_id]
  WHEN p:Person THEN [(p)-[:ROLE_IN]->(c:Case) | c.case_id]
  WHEN p:Business THEN [(p)-[r]-(:Person) WHERE r.case_id IS NOT NULL | r.case_id]
  ELSE [] END AS cases
UNWIND (CASE WHEN cases = [] THEN [null] ELSE cases END) AS case_id
RETURN element_id, any(label IN labels(n) WHERE label IN ['Rule', 'RulePack', 'Indicator']) AS public,
       collect(DISTINCT case_id) AS cases
