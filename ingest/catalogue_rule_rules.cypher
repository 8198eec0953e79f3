// name: catalogue_rule_rules
// purpose: Tie rules to rules: an offence that KEEPS a protection alive, an offence or measure that FALLS_ON_VICTIMS under a non-punishment entry.
// params: type (KEEPS or FALLS_ON_VICTIMS), rows (list of maps: source, target)
// returns: nothing
UNWIND $rows AS row
MATCH (a:Rule {rule_id: row.source})
MATCH (b:Rule {rule_id: row.target})
CREATE (a)-[:$($type)]->(b)
