// name: ftm_kept
// purpose: The FtM entities a case was loaded from, as they came (properties sealed), with the links they became.
// params: case_id (str)
// returns: ftm_key, ftm_id, schema, placed_as, placed_id (the record it became, if a person, business or evidence), link_ids, properties_enc
MATCH (e:FtmEntity {case_id: $case_id})
RETURN e.ftm_key AS ftm_key, e.ftm_id AS ftm_id, e.ftm_schema AS schema, e.placed_as AS placed_as,
       CASE WHEN e.placed_as IN ['person', 'business', 'evidence'] THEN coalesce(e.placed_id, e.ftm_id) END AS placed_id,
       e.link_ids AS link_ids, e.properties_enc AS properties_enc
ORDER BY e.line, e.ftm_id
