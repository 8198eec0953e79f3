"""Constraints and indexes, created idempotently (docs/schema.md explains the model)."""

from __future__ import annotations

from neo4j import Driver

#: (label, key property): each node kind is keyed by a unique id.
NODE_KEYS = (
    ("Case", "case_id"),
    ("Person", "person_id"),
    ("Business", "business_id"),
    ("Evidence", "evidence_id"),
    ("Identifier", "identifier_id"),
    ("RulePack", "jurisdiction"),
    # Offence, Measure, Protection and NonPunishment nodes are all :Rule too.
    ("Rule", "rule_id"),
    ("Indicator", "code"),
    # One node recording which key the graph's victim data is sealed under (graph/sealing.py).
    ("Sealing", "scope"),
    # An FtM entity as loaded into one case (`case_id:ftm_id`), kept for the export back.
    ("FtmEntity", "ftm_key"),
)

#: Lookups the queries make besides the keys.
INDEXES = (
    ("Person", "name"),
    ("Business", "name"),
    ("Evidence", "indicator"),
    ("Evidence", "case_id"),
    ("Case", "jurisdiction"),
    # Possible victims: evidence recorded as done to a person, and who was a minor when first
    # exploited. Both properties are often absent from a graph; the indexes also make Neo4j
    # know them, so a query reading them warns of no "unknown property" on every projection.
    ("Evidence", "about_role"),
    ("Person", "minor"),
)


#: Relationship indexes: decisions on candidate matches are read by pair, latest first. The index
#: also makes SAME_AS and its properties known, so projections that look for decisions where
#: none was made yet warn of nothing.
REL_INDEXES = (("SAME_AS", ("at", "judgement", "undone_at")),)


def schema_statements() -> list[str]:
    # Labels and property names come from the constants above, never from input.
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_{key} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE"
        for label, key in NODE_KEYS
    ]
    statements += [
        f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})" for label, prop in INDEXES
    ]
    statements += [
        f"CREATE INDEX {rel.lower()}_{props[0]} IF NOT EXISTS FOR ()-[r:{rel}]-() ON ({', '.join('r.' + p for p in props)})"
        for rel, props in REL_INDEXES
    ]
    return statements


#: The last statement of `apply_schema` (the warm-up of `thbgraph neo4j start` sends it too, so
#: that its plan is cached: queries/key_persons/warm_up.py).
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"


def apply_schema(driver: Driver, database: str | None = None, *, wait_seconds: int = 120) -> None:
    """Create what is missing; running it twice changes nothing.

    Every command that connects runs this: the names already there are read first (two reads),
    so a database with its schema gets no schema transaction at all (18 `IF NOT EXISTS` ones cost
    a 100-person load about a second)."""
    present = {name for names in describe_schema(driver, database).values() for name in names}
    for statement in schema_statements():
        if statement.split()[2] not in present:  # CREATE CONSTRAINT|INDEX <name> IF NOT EXISTS ...
            driver.execute_query(statement, database_=database)
    # Index creation returns at commit; population runs in the background.
    driver.execute_query(AWAIT_INDEXES, seconds=wait_seconds, database_=database)


def describe_schema(driver: Driver, database: str | None = None) -> dict[str, list[str]]:
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name ORDER BY name", database_=database
    )
    return {"constraints": [r["name"] for r in constraints], "indexes": [r["name"] for r in indexes]}
