// name: whole_identifiers
// purpose: Identifiers held by more than one party, for the whole-database person ties: the persons holding each (node ids) where at most $limit persons do, else only how many (those tie nobody); as one row of lists.
// params: limit (int)
// returns: tags ("kind:value", value the identifier id where a victim holds it), persons (how many hold each), owners (node ids of the persons, empty above $limit)
MATCH (i:Identifier)
WHERE COUNT { (i)<-[:HAS_IDENTIFIER]-() } > 1
WITH i, [(i)<-[:HAS_IDENTIFIER]-(p:Person) | id(p)] AS owners
WHERE size(owners) > 1
RETURN collect(i.kind + ':' + coalesce(i.value, i.identifier_id)) AS tags, collect(size(owners)) AS persons,
       collect(CASE WHEN size(owners) <= $limit THEN owners ELSE [] END) AS owners
