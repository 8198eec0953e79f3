// name: gds_version
// purpose: The version of Neo4j Graph Data Science on this server; fails when the plugin is absent (the key-persons analysis then runs in Python).
// params: none
// returns: version
RETURN gds.version() AS version
