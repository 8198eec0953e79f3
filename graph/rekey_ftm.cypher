// name: rekey_ftm
// purpose: Store kept FtM entities' properties re-sealed under the new key.
// params: rows (list of maps: ftm_key, properties_enc)
// returns: nothing
UNWIND $rows AS row
MATCH (e:FtmEntity {ftm_key: row.ftm_key})
SET e.properties_enc = row.properties_enc
