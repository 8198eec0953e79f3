// name: analysis_cases
// purpose: Write an analyst's cases into the analysis database.
// params: rows (list of maps: case_id, title, jurisdiction, status, opened_on)
// returns: nothing
UNWIND $rows AS row
CREATE (c:Case)
SET c = row
