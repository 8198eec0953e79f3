// name: outcome_record
// purpose: Record a case's anticipated outcomes (targets, set before acting) and what was achieved; one Outcome per case and kind, other values kept.
// params: case_id (str), rows (list of maps: kind, target, achieved; target or achieved may be null)
// returns: kind, target, achieved, recorded_at, achieved_at
MATCH (c:Case {case_id: $case_id})
UNWIND $rows AS row
MERGE (c)-[:ANTICIPATES]->(o:Outcome {kind: row.kind})
SET o.recorded_at = CASE WHEN row.target IS NULL THEN o.recorded_at ELSE datetime() END,
    o.target = coalesce(row.target, o.target),
    o.achieved_at = CASE WHEN row.achieved IS NULL THEN o.achieved_at ELSE datetime() END,
    o.achieved = coalesce(row.achieved, o.achieved)
RETURN o.kind AS kind, o.target AS target, o.achieved AS achieved, o.recorded_at AS recorded_at,
       o.achieved_at AS achieved_at
