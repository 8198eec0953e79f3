// name: catalogue_rules
// purpose: Create the rules of a pack (offences, measures, protections or non-punishment entries) under their pack; every rule is a :Rule plus the kind's label, chosen by the loader from a closed set.
// params: label (Offence, Measure, Protection or NonPunishment), rows (list of maps with rule_id, jurisdiction, code, title, citation, ...)
// returns: nothing
UNWIND $rows AS row
MATCH (p:RulePack {jurisdiction: row.jurisdiction})
CREATE (r:Rule:$($label))
SET r = row
CREATE (p)-[:HAS_RULE]->(r)
