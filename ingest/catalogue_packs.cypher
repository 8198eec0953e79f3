// name: catalogue_packs
// purpose: Create or update rule-pack nodes (one per jurisdiction) with their review status.
// params: rows (list of maps: jurisdiction, title, version, reviewed_by, reviewed_on, review_status, ...)
// returns: nothing
UNWIND $rows AS row
MERGE (p:RulePack {jurisdiction: row.jurisdiction})
SET p = row
