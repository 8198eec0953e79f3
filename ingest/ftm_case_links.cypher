// name: ftm_case_links
// purpose: The links recorded for a case, for the FtM export.
// params: case_id (str)
// returns: link_id, type, source_id, target_id, since, until, amount
MATCH (a)-[l]->(b)
WHERE l.case_id = $case_id AND l.link_id IS NOT NULL
RETURN l.link_id AS link_id, type(l) AS type, coalesce(a.person_id, a.business_id) AS source_id,
       coalesce(b.person_id, b.business_id) AS target_id, toString(l.since) AS since, toString(l.until) AS until,
       l.amount AS amount
ORDER BY link_id
