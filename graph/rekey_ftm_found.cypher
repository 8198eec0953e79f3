// name: rekey_ftm_found
// purpose: Every FtM entity kept as it came, its properties sealed (read inside the key rotation's transaction).
// params: none
// returns: ftm_key, properties_enc
MATCH (e:FtmEntity)
WHERE e.properties_enc IS NOT NULL
RETURN e.ftm_key AS ftm_key, e.properties_enc AS properties_enc
