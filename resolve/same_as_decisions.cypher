// name: same_as_decisions
// purpose: Every decision on candidate pairs, undone ones included, oldest first, with the cases of both records (for need-to-know).
// params: none
// returns: left_id, right_id, left_cases (list of str), right_cases (list of str), decision_id, judgement, user, at, score, algorithm, reasons, undone_at, undone_by
MATCH (a)-[s:SAME_AS]->(b)
RETURN coalesce(a.person_id, a.business_id) AS left_id, coalesce(b.person_id, b.business_id) AS right_id,
       [(a)-[:ROLE_IN]->(c:Case) | c.case_id] + [(a)-[r]-(:Person) WHERE a:Business AND r.case_id IS NOT NULL | r.case_id] AS left_cases,
       [(b)-[:ROLE_IN]->(c:Case) | c.case_id] + [(b)-[r]-(:Person) WHERE b:Business AND r.case_id IS NOT NULL | r.case_id] AS right_cases,
       s.decision_id AS decision_id, s.judgement AS judgement, s.user AS user, toString(s.at) AS at,
       s.score AS score, s.algorithm AS algorithm, s.reasons AS reasons,
       toString(s.undone_at) AS undone_at, s.undone_by AS undone_by
ORDER BY s.at, s.decision_id
