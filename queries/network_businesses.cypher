// name: network_businesses
// purpose: The businesses linked to any of the given persons, as one row of lists.
// params: person_ids (list of str)
// returns: businesses (list of [business_id, name, sector, country])
UNWIND $person_ids AS id
MATCH (:Person {person_id: id})-[r]-(b:Business)
WHERE r.link_id IS NOT NULL
WITH DISTINCT b
RETURN collect([b.business_id, b.name, b.sector, b.country]) AS businesses
