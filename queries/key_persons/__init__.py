"""Key persons: scores, reasons, fragmentation, the key-player search, centrality (in Python or GDS)."""
