// name: analysis_catalogue
// purpose: The public rule catalogue (rule packs, rules, indicators) and the relationships among them, read from the main graph to be copied into the analysts' analysis database.
// params: none
// returns: nodes (list of [element id, labels, properties]), relationships (list of [start element id, type, end element id, properties])
CALL () {
  MATCH (n) WHERE n:RulePack OR n:Rule OR n:Indicator
  RETURN collect([elementId(n), labels(n), properties(n)]) AS nodes
}
CALL () {
  MATCH (a)-[r]->(b)
  WHERE (a:RulePack OR a:Rule OR a:Indicator) AND (b:RulePack OR b:Rule OR b:Indicator)
  RETURN collect([elementId(a), type(r), elementId(b), properties(r)]) AS relationships
}
RETURN nodes, relationships
