// name: analysis_catalogue_relationships
// purpose: Write the relationships among catalogue nodes into the analysis database.
// params: rows (list of maps: start, type, end, props; start and end are element ids in the analysis database)
// returns: nothing
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.start
MATCH (b) WHERE elementId(b) = row.end
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
