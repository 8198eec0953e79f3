// name: ingest_roles
// purpose: Give persons their roles in cases (one ROLE_IN per case and role).
// params: rows (list of maps: case_id, person_id, role, identified_on, cooperation)
// returns: nothing
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (c:Case {case_id: row.case_id})
// Expand from the person rather than MERGE: see ingest_links for why.
OPTIONAL MATCH (p)-[old:ROLE_IN]->(x:Case) WHERE x.case_id = row.case_id AND old.role = row.role
CALL (p, c, row, old) {
  WITH p, c, row, old WHERE old IS NULL
  CREATE (p)-[role:ROLE_IN {role: row.role}]->(c)
  RETURN role
  UNION
  WITH old WHERE old IS NOT NULL
  RETURN old AS role
}
SET role.identified_on = row.identified_on, role.cooperation = row.cooperation
