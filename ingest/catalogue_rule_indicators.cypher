// name: catalogue_rule_indicators
// purpose: Tie rules to the evidence indicators that prove or signal them (PROVEN_BY for offence elements, AVAILABLE_ON for measures, SIGNALLED_BY for non-punishment risks).
// params: type (PROVEN_BY, AVAILABLE_ON or SIGNALLED_BY), rows (list of maps: rule_id, indicator, props)
// returns: nothing
UNWIND $rows AS row
MATCH (r:Rule {rule_id: row.rule_id})
MATCH (i:Indicator {code: row.indicator})
CREATE (r)-[l:$($type)]->(i)
SET l = row.props
