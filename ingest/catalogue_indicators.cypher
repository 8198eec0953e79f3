// name: catalogue_indicators
// purpose: Create or update the evidence-indicator vocabulary.
// params: rows (list of maps: code, meaning, group)
// returns: nothing
UNWIND $rows AS row
MERGE (i:Indicator {code: row.code})
SET i = row
