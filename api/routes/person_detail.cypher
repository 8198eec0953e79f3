// name: person_detail
// purpose: One person with their roles, evidence about them (both only in the given cases) and their identifiers; a victim's identifying values and all free text come sealed (`*_enc`), for the API to open.
// params: person_id (str), case_ids (list of str)
// returns: person_id, name, name_enc, birth_date, birth_date_enc, nationality, immigration_status, victim (a victim in one of the given cases: another case's role is not told), roles (list of maps: case_id, role, identified_on, cooperation), identifiers (list of maps: identifier_id, kind, value, value_enc, raw_value, raw_value_enc), evidence (list of maps: evidence_id, case_id, indicator, kind, independent_of_victim, given_by, description_enc, observed_on, until)
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  OPTIONAL MATCH (p)-[r:ROLE_IN]->(c:Case)
  RETURN any(x IN collect(CASE WHEN c.case_id IN $case_ids THEN r.role END) WHERE x = 'victim') AS victim,
         collect(CASE WHEN c.case_id IN $case_ids
                 THEN {case_id: c.case_id, role: r.role, identified_on: r.identified_on, cooperation: r.cooperation}
                 END) AS roles
}
CALL (p) {
  OPTIONAL MATCH (p)-[h:HAS_IDENTIFIER]->(i:Identifier)
  RETURN collect(CASE WHEN i IS NOT NULL THEN {identifier_id: i.identifier_id, kind: i.kind, value: i.value,
                 value_enc: i.value_enc, raw_value: h.raw_value, raw_value_enc: h.raw_value_enc} END) AS identifiers
}
CALL (p) {
  OPTIONAL MATCH (e:Evidence)-[:ABOUT]->(p)
  WHERE e.case_id IN $case_ids
  RETURN collect(CASE WHEN e IS NOT NULL THEN {evidence_id: e.evidence_id, case_id: e.case_id, indicator: e.indicator,
                 kind: e.kind, independent_of_victim: e.independent_of_victim, given_by: e.given_by,
                 description_enc: e.description_enc, observed_on: e.observed_on, until: e.until} END) AS evidence
}
RETURN p.person_id AS person_id, p.name AS name, p.name_enc AS name_enc, p.birth_date AS birth_date,
       p.birth_date_enc AS birth_date_enc, p.nationality AS nationality,
       p.immigration_status AS immigration_status, victim, roles, identifiers, evidence
