// name: analysis_wipe
// purpose: Empty the analysts' analysis database before it is written for another set of cases (never run on the main graph; needs an implicit transaction).
// params: none
// returns: nothing
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
