// name: analysis_links
// purpose: Write links between persons and businesses into the analysis database.
// params: rows (list of maps: source, type, target, props)
// returns: nothing
UNWIND $rows AS row
OPTIONAL MATCH (sp:Person {person_id: row.source})
OPTIONAL MATCH (sb:Business {business_id: row.source})
OPTIONAL MATCH (tp:Person {person_id: row.target})
OPTIONAL MATCH (tb:Business {business_id: row.target})
WITH row, coalesce(sp, sb) AS a, coalesce(tp, tb) AS b
WHERE a IS NOT NULL AND b IS NOT NULL
CREATE (a)-[l:$(row.type)]->(b)
SET l = row.props
