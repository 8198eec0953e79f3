// name: case_summaries
// purpose: The given cases (all when case_ids is null) with jurisdiction, status and how many suspects, victims and identified victims each has.
// params: case_ids (list of str, or null for every case)
// returns: case_id, title, jurisdiction, status, opened_on, suspects, victims, identified_victims
MATCH (c:Case)
WHERE $case_ids IS NULL OR c.case_id IN $case_ids
OPTIONAL MATCH (p:Person)-[r:ROLE_IN]->(c)
RETURN c.case_id AS case_id, c.title AS title, c.jurisdiction AS jurisdiction, c.status AS status,
       c.opened_on AS opened_on,
       count(CASE WHEN r.role = 'suspect' THEN 1 END) AS suspects,
       count(CASE WHEN r.role = 'victim' THEN 1 END) AS victims,
       count(CASE WHEN r.role = 'victim' AND r.identified_on IS NOT NULL THEN 1 END) AS identified_victims
ORDER BY case_id
