"""The service layer both faces share (api/ and web/, and cli/ and analyst/ where they need it):
the viewer and its scope, release and redaction, audit, victims' pseudonyms, the plan store,
matches, the analysis database, the Cypher guard and pool, caches, and the views of a case; and the command
line both shipped npm builds answer (web assets, the JupyterLab extension)."""
