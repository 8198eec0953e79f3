"""The analyses, one subpackage per family: `network` (the case network and its projection from
Neo4j), `key_persons`, `options`, `plans`; `library` holds the analysts' named queries (Cypher only).
Import from the modules themselves (`from queries.options.engine import options_for_person`)."""
