// name: analysis_businesses
// purpose: Write businesses into the analysis database.
// params: rows (list of maps: business_id, name, sector, country)
// returns: nothing
UNWIND $rows AS row
CREATE (b:Business)
SET b = row
