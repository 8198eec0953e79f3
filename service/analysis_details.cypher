// name: analysis_details
// purpose: Birth dates held in clear (a victim's is sealed, so never here) of the given persons, and the sealed descriptions of the given evidence, for the analysis database.
// params: person_ids (list of str), evidence_ids (list of str)
// returns: births (list of [person_id, birth_date]), descriptions (list of [evidence_id, description_enc])
CALL () {
  UNWIND $person_ids AS id
  MATCH (p:Person {person_id: id})
  WHERE p.birth_date IS NOT NULL
  RETURN collect([id, p.birth_date]) AS births
}
CALL () {
  UNWIND $evidence_ids AS id
  MATCH (e:Evidence {evidence_id: id})
  WHERE e.description_enc IS NOT NULL
  RETURN collect([id, e.description_enc]) AS descriptions
}
RETURN births, descriptions
