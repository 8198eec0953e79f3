// name: ftm_case
// purpose: The case an FtM file is loaded into, as a bundle row (FtM files carry no case).
// params: case_id (str)
// returns: case_id, title, jurisdiction, opened_on, status
MATCH (c:Case {case_id: $case_id})
RETURN c.case_id AS case_id, c.title AS title, c.jurisdiction AS jurisdiction,
       toString(c.opened_on) AS opened_on, c.status AS status
