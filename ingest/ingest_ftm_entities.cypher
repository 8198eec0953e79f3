// name: ingest_ftm_entities
// purpose: Keep each entity of an FtM load as it came, per case (properties sealed), with what it became, so that the case exports back to the same entities.
// params: rows (list of maps: ftm_key, ftm_id, schema, case_id, line, placed_as, link_ids, properties_enc)
// returns: nothing
UNWIND $rows AS row
MERGE (e:FtmEntity {ftm_key: row.ftm_key})
SET e.ftm_id = row.ftm_id, e.ftm_schema = row.schema, e.case_id = row.case_id, e.line = row.line,
    e.placed_as = row.placed_as, e.link_ids = row.link_ids, e.properties_enc = row.properties_enc
WITH e, row
MATCH (c:Case {case_id: row.case_id})
MERGE (e)-[:IN_CASE]->(c)
