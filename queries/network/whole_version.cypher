// name: whole_version
// purpose: The database's id, name and store creation date, for the version of the whole-database arrays kept between runs (queries/network/whole_cache.py; the read's bookmark adds the last committed transaction).
// params: none
// returns: id, name, creationDate
CALL db.info() YIELD id, name, creationDate
RETURN id, name, creationDate
