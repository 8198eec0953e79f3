// name: persons_sharing
// purpose: Pairs of persons who share a business (both linked to it, by any link) or an identifier (an address, phone, bank account, vehicle, ...), with how each is tied to it; both persons in the given case (every case when case_id is null); kind by kind in turn (the first pair of each kind, then the second, ...), so a page or a cut result holds every kind.
// params: case_id (str, or null for every case)
// returns: person_a, person_b (person_a < person_b), shared_kind ('business' or the identifier kind), shared_id (business or identifier id), how_a, how_b (link types, or HAS_IDENTIFIER)
// Holders gathered per shared business or identifier first (never a walk through cases), then
// paired: only ids travel to the sort.
CALL () {
  MATCH (s:Identifier)<-[:HAS_IDENTIFIER]-(p:Person)
  WHERE $case_id IS NULL OR EXISTS { (p)-[:ROLE_IN]->(:Case {case_id: $case_id}) }
  WITH s, collect(DISTINCT p.person_id) AS held
  WHERE size(held) > 1
  RETURN s.kind AS shared_kind, s.identifier_id AS shared_id, false AS business, held
  UNION ALL
  MATCH (s:Business)-[r]-(p:Person)
  WHERE r.link_id IS NOT NULL AND ($case_id IS NULL OR EXISTS { (p)-[:ROLE_IN]->(:Case {case_id: $case_id}) })
  WITH s, collect(DISTINCT p.person_id) AS held
  WHERE size(held) > 1
  RETURN 'business' AS shared_kind, s.business_id AS shared_id, true AS business, held
}
WITH shared_kind, shared_id, business, COLLECT { UNWIND held AS h RETURN h ORDER BY h } AS held
UNWIND range(0, size(held) - 2) AS i
UNWIND range(i + 1, size(held) - 1) AS j
WITH shared_kind, shared_id, business, held[i] AS person_a, held[j] AS person_b
ORDER BY shared_kind, shared_id, person_a, person_b
// Kind by kind in turn: a page or a cut holds every kind, never all addresses and no phone.
WITH shared_kind, collect([person_a, person_b, shared_id, business]) AS rows
UNWIND range(0, size(rows) - 1) AS turn
WITH shared_kind, turn, rows[turn] AS row
ORDER BY turn, shared_kind
MATCH (a:Person {person_id: row[0]}), (b:Person {person_id: row[1]})
CALL (row) {
  MATCH (s:Identifier {identifier_id: row[2]}) WHERE NOT row[3] RETURN s
  UNION
  MATCH (s:Business {business_id: row[2]}) WHERE row[3] RETURN s
}
RETURN a.person_id AS person_a, b.person_id AS person_b, shared_kind, row[2] AS shared_id,
       COLLECT { MATCH (a)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_a,
       COLLECT { MATCH (b)-[x]-(s) WHERE x.link_id IS NOT NULL OR x:HAS_IDENTIFIER
                 RETURN DISTINCT type(x) AS t ORDER BY t } AS how_b
ORDER BY turn, shared_kind
