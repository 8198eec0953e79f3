"""The command line: one face over the core, beside the HTTP API (api/) and the web app (web/)."""
