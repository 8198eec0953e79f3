// name: analysis_catalogue_nodes
// purpose: Write catalogue nodes into the analysis database, each with its labels and properties as in the main graph.
// params: rows (list of maps: ref, labels, props)
// returns: ref (the main graph's element id), element_id (the new node's)
UNWIND $rows AS row
CREATE (n:$(row.labels))
SET n = row.props
RETURN row.ref AS ref, elementId(n) AS element_id
