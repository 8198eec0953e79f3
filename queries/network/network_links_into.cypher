// name: network_links_into
// purpose: Every link from a person into the given persons, as one row of lists (the whole-database key persons: who pays, controls, houses or exploits the persons shown).
// params: person_ids (list of str)
// returns: links (list of [source_id, type, target_id, case_id, since, until, amount, evidence_id] as in network_links)
UNWIND $person_ids AS id
MATCH (p:Person {person_id: id})
// Seek, never scan: see network_evidence.
USING INDEX SEEK p:Person(person_id)
MATCH (a:Person)-[r]->(p)
WHERE r.link_id IS NOT NULL
RETURN collect([a.person_id, type(r), p.person_id, r.case_id, toString(r.since), toString(r.until), r.amount,
                r.evidence_id]) AS links
