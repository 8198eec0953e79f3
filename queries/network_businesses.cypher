// name: network_businesses
// purpose: The businesses linked to any of the given persons.
// params: person_ids (list of str)
// returns: business_id, name, sector, country
UNWIND $person_ids AS id
MATCH (:Person {person_id: id})-[r]-(b:Business)
WHERE r.link_id IS NOT NULL
RETURN DISTINCT b.business_id AS business_id, b.name AS name, b.sector AS sector, b.country AS country
