// name: ingest_roles
// purpose: Give persons their roles in cases (one ROLE_IN per case and role).
// params: rows (list of maps: case_id, person_id, role, identified_on, cooperation)
// returns: nothing
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
MATCH (c:Case {case_id: row.case_id})
MERGE (p)-[role:ROLE_IN {role: row.role}]->(c)
SET role.identified_on = row.identified_on, role.cooperation = row.cooperation
