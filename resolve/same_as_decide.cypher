// name: same_as_decide
// purpose: Record a person's decision on a candidate pair as a SAME_AS relationship (a new one per decision, so the history stays; nodes are never merged). Returns nothing when either record is missing.
// params: left_id (str), right_id (str), decision_id (str), judgement (str), user (str), score (float), algorithm (str), reasons (list of str)
// returns: decision_id, at
CALL () {
  MATCH (n:Person {person_id: $left_id}) RETURN n AS a
  UNION
  MATCH (n:Business {business_id: $left_id}) RETURN n AS a
}
CALL () {
  MATCH (n:Person {person_id: $right_id}) RETURN n AS b
  UNION
  MATCH (n:Business {business_id: $right_id}) RETURN n AS b
}
WITH a, b WHERE labels(a) = labels(b)
CREATE (a)-[s:SAME_AS {decision_id: $decision_id, judgement: $judgement, user: $user, at: datetime(),
                       score: $score, algorithm: $algorithm, reasons: $reasons}]->(b)
RETURN s.decision_id AS decision_id, toString(s.at) AS at
