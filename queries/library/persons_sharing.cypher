// name: persons_sharing
// purpose: Pairs of persons who share a business (both linked to it, by any link) or an identifier (an address, phone, bank account, vehicle, ...), with how each is tied to it; both persons in the given case (every case when case_id is null).
// params: case_id (str, or null for every case)
// returns: person_a, person_b (person_a < person_b), shared_kind ('business' or the identifier kind), shared_id (business or identifier id), how_a, how_b (link types, or HAS_IDENTIFIER)
MATCH (a:Person)-[ra]-(s)-[rb]-(b:Person)
WHERE a.person_id < b.person_id
  AND ((s:Business AND ra.link_id IS NOT NULL AND rb.link_id IS NOT NULL)
       OR (s:Identifier AND ra:HAS_IDENTIFIER AND rb:HAS_IDENTIFIER))
  AND ($case_id IS NULL
       OR (EXISTS { (a)-[:ROLE_IN]->(:Case {case_id: $case_id}) }
           AND EXISTS { (b)-[:ROLE_IN]->(:Case {case_id: $case_id}) }))
WITH DISTINCT a, b, s
RETURN a.person_id AS person_a, b.person_id AS person_b,
       CASE WHEN s:Business THEN 'business' ELSE s.kind END AS shared_kind,
       coalesce(s.business_id, s.identifier_id) AS shared_id,
       COLLECT { MATCH (a)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_a,
       COLLECT { MATCH (b)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_b
ORDER BY shared_kind, shared_id, person_a, person_b
