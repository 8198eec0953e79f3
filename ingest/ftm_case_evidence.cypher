// name: ftm_case_evidence
// purpose: The evidence recorded for a case, for the FtM export (the description is sealed free text and is not exported).
// params: case_id (str)
// returns: evidence_id, about_id, indicator, kind, independent_of_victim, given_by, observed_on, until (dates as ISO strings)
MATCH (e:Evidence {case_id: $case_id})-[:ABOUT]->(a)
RETURN e.evidence_id AS evidence_id, coalesce(a.person_id, a.business_id) AS about_id, e.indicator AS indicator,
       e.kind AS kind, e.independent_of_victim AS independent_of_victim,
       e.given_by AS given_by, toString(e.observed_on) AS observed_on,
       toString(e.until) AS until
ORDER BY evidence_id
