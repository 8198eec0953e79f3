// name: network_persons
// purpose: The given persons with their attributes and their roles in every case, as one row of lists (one record per person costs more in the driver than the query).
// params: person_ids (list of str)
// returns: persons (list of [person_id, name, nationality, immigration_status, roles, minor]; roles a list of [case_id, role, identified_on as ISO date string, cooperation]; minor true where the person was under 18 when first exploited)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK p:Person(person_id)
RETURN collect([p.person_id, p.name, p.nationality, p.immigration_status,
                [(p)-[r:ROLE_IN]->(c:Case) | [c.case_id, r.role, toString(r.identified_on), r.cooperation]],
                coalesce(p.minor, false)]) AS persons
