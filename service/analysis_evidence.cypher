// name: analysis_evidence
// purpose: Write evidence into the analysis database, with the case it belongs to, the party it is about and the person who gave it.
// params: rows (list of maps: props, about)
// returns: nothing
UNWIND $rows AS row
MATCH (c:Case {case_id: row.props.case_id})
CREATE (e:Evidence)-[:IN_CASE]->(c)
SET e = row.props
WITH e, row
OPTIONAL MATCH (ap:Person {person_id: row.about})
OPTIONAL MATCH (ab:Business {business_id: row.about})
OPTIONAL MATCH (g:Person {person_id: row.props.given_by})
WITH e, coalesce(ap, ab) AS about, g
CALL (e, about) { WITH * WHERE about IS NOT NULL CREATE (e)-[:ABOUT]->(about) }
CALL (e, g) { WITH * WHERE g IS NOT NULL CREATE (e)-[:GIVEN_BY]->(g) }
