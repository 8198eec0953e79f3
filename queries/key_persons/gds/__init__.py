"""Centrality computed in Neo4j by Graph Data Science, with the Cypher it runs."""
