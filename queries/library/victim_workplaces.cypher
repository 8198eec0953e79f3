// name: victim_workplaces
// purpose: The businesses where identified victims work (WORKS_AT or EMPLOYS in the victim's case), with the victims not yet identified who work there too and who owns, directs or manages each business; in the given case (every case when case_id is null).
// params: case_id (str, or null for every case)
// returns: business_id, name, sector, identified_victims (ids), victims_not_identified (ids), controlled_by (list of maps: person_id, name (null for a victim), how)
MATCH (b:Business)-[w:WORKS_AT|EMPLOYS]-(v:Person)-[role:ROLE_IN {role: 'victim'}]->(c:Case)
WHERE w.link_id IS NOT NULL AND w.case_id = c.case_id AND ($case_id IS NULL OR c.case_id = $case_id)
WITH b, v, max(role.identified_on) AS identified_on
WITH b, collect(CASE WHEN identified_on IS NOT NULL THEN v.person_id END) AS identified,
     collect(CASE WHEN identified_on IS NULL THEN v.person_id END) AS not_identified
WHERE size(identified) > 0
RETURN b.business_id AS business_id, b.name AS name, b.sector AS sector,
       COLLECT { UNWIND identified AS x RETURN x ORDER BY x } AS identified_victims,
       COLLECT { UNWIND not_identified AS x RETURN x ORDER BY x } AS victims_not_identified,
       COLLECT { MATCH (o:Person)-[c:OWNS|DIRECTS|MANAGES]->(b) WHERE c.link_id IS NOT NULL
                 WITH o, type(c) AS how ORDER BY how
                 WITH o, collect(DISTINCT how) AS how
                 RETURN {person_id: o.person_id, how: how,
                         name: CASE WHEN EXISTS { (o)-[:ROLE_IN {role: 'victim'}]->() } THEN null ELSE o.name END} AS owner ORDER BY owner.person_id } AS controlled_by
ORDER BY business_id
