// name: catalogue_clear
// purpose: Remove the catalogue rules of the given jurisdictions before they are loaded afresh (so rules dropped from a pack disappear).
// params: jurisdictions (list of str)
// returns: nothing
MATCH (n:Rule)
WHERE n.jurisdiction IN $jurisdictions
DETACH DELETE n
