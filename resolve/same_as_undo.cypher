// name: same_as_undo
// purpose: Withdraw the latest standing decision on a pair (the one before it, if any, stands again); the relationship stays, marked undone, for the record.
// params: left_id (str), right_id (str), user (str)
// returns: decision_id, judgement, undone_at
MATCH (a)-[s:SAME_AS]-(b)
WHERE coalesce(a.person_id, a.business_id) = $left_id AND coalesce(b.person_id, b.business_id) = $right_id
  AND s.undone_at IS NULL
WITH s ORDER BY s.at DESC LIMIT 1
SET s.undone_at = datetime(), s.undone_by = $user
RETURN s.decision_id AS decision_id, s.judgement AS judgement, toString(s.undone_at) AS undone_at
