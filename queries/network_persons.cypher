// name: network_persons
// purpose: The given persons with their attributes and their roles in every case.
// params: person_ids (list of str)
// returns: person_id, name, nationality, immigration_status, roles (list of maps: case_id, role, identified_on, cooperation)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
OPTIONAL MATCH (p)-[r:ROLE_IN]->(c:Case)
RETURN p.person_id AS person_id, p.name AS name, p.nationality AS nationality,
       p.immigration_status AS immigration_status,
       collect(CASE WHEN c IS NULL THEN null
               ELSE {case_id: c.case_id, role: r.role, identified_on: r.identified_on, cooperation: r.cooperation} END) AS roles
