// name: analysis_persons
// purpose: Write persons (victims already under their pseudonyms) and their roles in the analyst's cases into the analysis database.
// params: rows (list of maps: props, roles; each role a map: case_id, props)
// returns: nothing
UNWIND $rows AS row
CREATE (p:Person)
SET p = row.props
WITH p, row
UNWIND row.roles AS role
MATCH (c:Case {case_id: role.case_id})
CREATE (p)-[r:ROLE_IN]->(c)
SET r = role.props
