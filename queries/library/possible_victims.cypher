// name: possible_victims
// purpose: Persons of a case recorded as anything but a victim whom another person controls, houses, transports or exploits, or about whom evidence records what was done to them (about_role subject): possible victims to assess before any action against them (V.C.L. and A.N. v United Kingdom). Evidence with no about_role is read by the analyses (docs/rules.md); this query sees only what is recorded.
// params: case_id (str)
// returns: person_id, name, roles (their roles in the case), controlled_by (list of [person_id, link type]), evidence (list of [evidence_id, indicator] recorded as done to them)
MATCH (p:Person)-[r:ROLE_IN]->(:Case {case_id: $case_id})
WITH p, collect(DISTINCT r.role) AS roles
WHERE NOT 'victim' IN roles
OPTIONAL MATCH (c:Person)-[l:CONTROLS|HOUSED|TRANSPORTED|EXPLOITS]->(p)
WHERE l.case_id IS NULL OR l.case_id = $case_id
WITH p, roles, collect(DISTINCT [c.person_id, type(l)]) AS links
OPTIONAL MATCH (e:Evidence {about_role: 'subject', case_id: $case_id})-[:ABOUT]->(p)
WITH p, roles, [x IN links WHERE x[0] IS NOT NULL] AS controlled_by, collect([e.evidence_id, e.indicator]) AS evidence
WITH p, roles, controlled_by, [x IN evidence WHERE x[0] IS NOT NULL] AS evidence
WHERE size(controlled_by) > 0 OR size(evidence) > 0
RETURN p.person_id AS person_id, p.name AS name, roles, controlled_by, evidence
ORDER BY person_id
