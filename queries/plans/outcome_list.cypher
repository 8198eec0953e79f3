// name: outcome_list
// purpose: A case's anticipated outcomes and achievements, with the case's jurisdiction; no row when the case does not exist.
// params: case_id (str)
// returns: case_id, jurisdiction, outcomes (list of maps: kind, target, achieved, recorded_at, achieved_at)
MATCH (c:Case {case_id: $case_id})
OPTIONAL MATCH (c)-[:ANTICIPATES]->(o:Outcome)
WITH c, o ORDER BY o.kind
RETURN c.case_id AS case_id, c.jurisdiction AS jurisdiction,
       collect(CASE WHEN o IS NULL THEN null
               ELSE {kind: o.kind, target: o.target, achieved: o.achieved, recorded_at: o.recorded_at,
                     achieved_at: o.achieved_at} END) AS outcomes
