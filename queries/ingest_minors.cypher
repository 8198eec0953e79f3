// name: ingest_minors
// purpose: Mark who was under 18 when first exploited (the first CONTROLS, RECRUITED, TRANSPORTED, HOUSED or EXPLOITS link to them, else the day of the load), read from a birth date still in clear inside the loading transaction, before a victim's is sealed. Only the mark stays readable: for a minor the means element of trafficking is not needed (e.g. straffeloven § 257 third paragraph).
// params: person_ids (list of str)
// returns: nothing
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
WHERE p.birth_date IS NOT NULL
OPTIONAL MATCH (:Person)-[l:CONTROLS|RECRUITED|TRANSPORTED|HOUSED|EXPLOITS]->(p)
WITH p, min(l.since) AS first
WITH p, coalesce(first, date()) AS at
SET p.minor = CASE WHEN p.birth_date + duration({years: 18}) > at THEN true ELSE null END
