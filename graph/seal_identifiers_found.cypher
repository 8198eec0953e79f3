// name: seal_identifiers_found
// purpose: Identifiers a victim holds, among the given ones and those of the given persons, whose value or any holder's spelling of it is in clear text (read inside the loading transaction, to be sealed before it commits).
// params: person_ids (list of str), identifier_ids (list of str)
// returns: identifier_id, value, spellings (list of maps: owner_id, raw_value)
CALL () {
  UNWIND $identifier_ids AS id
  MATCH (i:Identifier {identifier_id: id})
  RETURN i
  UNION
  UNWIND $person_ids AS id
  MATCH (:Person {person_id: id})-[:HAS_IDENTIFIER]->(i:Identifier)
  RETURN i
}
WITH i
WHERE EXISTS { (i)<-[:HAS_IDENTIFIER]-(:Person)-[:ROLE_IN {role: 'victim'}]->(:Case) }
// Every holder's spelling: a suspect's "912 34 567" is the victim's number too.
OPTIONAL MATCH (owner)-[h:HAS_IDENTIFIER]->(i)
WHERE h.raw_value IS NOT NULL
WITH i, collect(CASE WHEN h IS NULL THEN null
                ELSE {owner_id: coalesce(owner.person_id, owner.business_id), raw_value: h.raw_value} END) AS spellings
WHERE i.value IS NOT NULL OR size(spellings) > 0
RETURN i.identifier_id AS identifier_id, i.value AS value, spellings
