// name: same_as_confirmed
// purpose: For the given persons, the persons a person decided are the same (the latest decision on the pair not undone says same), so that projections can follow them across cases.
// params: person_ids (list of str)
// returns: person_id, same_as_id
UNWIND $person_ids AS id
MATCH (a:Person {person_id: id})-[s:SAME_AS]-(b:Person)
WHERE s.undone_at IS NULL
WITH a, b, s ORDER BY s.at DESC
WITH a, b, collect(s)[0] AS latest
WHERE latest.judgement = 'same'
RETURN a.person_id AS person_id, b.person_id AS same_as_id
ORDER BY person_id, same_as_id
