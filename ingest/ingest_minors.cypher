// name: ingest_minors
// purpose: Mark who was under 18 when first exploited (the first CONTROLS, RECRUITED, TRANSPORTED, HOUSED or EXPLOITS link to them, else the day of the load), from the birth date given (a victim of this bundle's, never written in clear) or else read while still in clear inside the loading transaction, before a victim's is sealed. Only the mark stays readable: for a minor the means element of trafficking is not needed (e.g. straffeloven § 257 third paragraph).
// params: rows (list of maps: person_id, birth_date; without it, the one in the graph)
// returns: nothing
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person_id})
WITH p, coalesce(row.birth_date, p.birth_date) AS born
WHERE born IS NOT NULL
OPTIONAL MATCH (:Person)-[l:CONTROLS|RECRUITED|TRANSPORTED|HOUSED|EXPLOITS]->(p)
WITH p, born, min(l.since) AS first
WITH p, born, coalesce(first, date()) AS at
SET p.minor = CASE WHEN born + duration({years: 18}) > at THEN true ELSE null END
