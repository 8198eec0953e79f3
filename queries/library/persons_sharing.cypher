// name: persons_sharing
// purpose: Pairs of persons who share a business (both linked to it, by any link) or an identifier (an address, phone, bank account, vehicle, ...), with how each is tied to it; both persons in the given case (every case when case_id is null); kind by kind in turn (the first pair of each kind, then the second, ...), so a page or a cut result holds every kind.
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
WITH a, b, s, CASE WHEN s:Business THEN 'business' ELSE s.kind END AS shared_kind,
     coalesce(s.business_id, s.identifier_id) AS shared_id
ORDER BY shared_kind, shared_id, a.person_id, b.person_id
// Kind by kind in turn: a page or a cut holds every kind, never all addresses and no phone.
WITH shared_kind, collect({a: a, b: b, s: s, shared_id: shared_id}) AS rows
UNWIND range(0, size(rows) - 1) AS turn
WITH rows[turn] AS row, shared_kind, turn
WITH row.a AS a, row.b AS b, row.s AS s, row.shared_id AS shared_id, shared_kind, turn
RETURN a.person_id AS person_a, b.person_id AS person_b, shared_kind, shared_id,
       COLLECT { MATCH (a)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_a,
       COLLECT { MATCH (b)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_b
ORDER BY turn, shared_kind
