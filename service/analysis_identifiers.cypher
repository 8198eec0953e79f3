// name: analysis_identifiers
// purpose: Write identifiers shared by parties of the analyst's cases into the analysis database, with their holders.
// params: rows (list of maps: props, owners; owners a list of person or business ids)
// returns: nothing
UNWIND $rows AS row
CREATE (i:Identifier)
SET i = row.props
WITH i, row
UNWIND row.owners AS owner
OPTIONAL MATCH (p:Person {person_id: owner})
OPTIONAL MATCH (b:Business {business_id: owner})
WITH i, coalesce(p, b) AS holder
WHERE holder IS NOT NULL
CREATE (holder)-[:HAS_IDENTIFIER]->(i)
