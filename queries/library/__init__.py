"""The analysts' named queries (docs/queries.md, `nb.named`, the notebooks): Cypher files only."""
