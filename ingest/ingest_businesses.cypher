// name: ingest_businesses
// purpose: Create or update businesses from validated bundle rows.
// params: rows (list of maps: business_id, name, registration_no, sector, country)
// returns: nothing
UNWIND $rows AS row
MERGE (b:Business {business_id: row.business_id})
SET b.name = row.name, b.registration_no = row.registration_no, b.sector = row.sector, b.country = row.country
