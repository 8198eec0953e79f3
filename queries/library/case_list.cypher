// name: case_list
// purpose: Every case with its jurisdiction and how many suspects, victims and identified victims it has.
// params: none
// returns: case_id, title, jurisdiction, status, suspects, victims, identified_victims
MATCH (c:Case)
OPTIONAL MATCH (p:Person)-[r:ROLE_IN]->(c)
RETURN c.case_id AS case_id, c.title AS title, c.jurisdiction AS jurisdiction, c.status AS status,
       count(CASE WHEN r.role = 'suspect' THEN 1 END) AS suspects,
       count(CASE WHEN r.role = 'victim' THEN 1 END) AS victims,
       count(CASE WHEN r.role = 'victim' AND r.identified_on IS NOT NULL THEN 1 END) AS identified_victims
ORDER BY case_id
