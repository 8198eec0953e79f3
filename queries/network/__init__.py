"""The case network: its model, its projection from Neo4j, the person graph, the whole graph as arrays."""
