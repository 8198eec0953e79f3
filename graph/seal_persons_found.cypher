// name: seal_persons_found
// purpose: Victims among the given persons whose name or birth date is in clear text (read inside the loading transaction, to be sealed before it commits).
// params: person_ids (list of str)
// returns: person_id, name, birth_date
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
WHERE (p.name IS NOT NULL OR p.birth_date IS NOT NULL)
  AND EXISTS { (p)-[:ROLE_IN {role: 'victim'}]->(:Case) }
RETURN p.person_id AS person_id, p.name AS name, p.birth_date AS birth_date
