// name: money_flows
// purpose: Money around a person: every payment to or from them (step 1) and every other payment to or from those they paid or were paid by (step 2), with amounts and periods. (A victim has no name in the graph, and payment notes are sealed: neither shows here.)
// params: person_id (str)
// returns: payer_id, payer_name, payee_id, payee_name, amount, since, until, case_id, step (1 or 2)
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)-[pay:PAID]-()
  RETURN pay, 1 AS step
  UNION
  MATCH (p)-[:PAID]-()-[pay:PAID]-()
  RETURN pay, 2 AS step
}
WITH pay, min(step) AS step
MATCH (payer)-[pay]->(payee)
RETURN coalesce(payer.person_id, payer.business_id) AS payer_id, payer.name AS payer_name,
       coalesce(payee.person_id, payee.business_id) AS payee_id, payee.name AS payee_name,
       pay.amount AS amount, pay.since AS since, pay.until AS until, pay.case_id AS case_id, step
ORDER BY step, payer_id, payee_id, since
