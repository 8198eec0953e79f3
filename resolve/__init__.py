"""Entity resolution across cases: candidate pairs with reasons, and the investigators' decisions.

Nothing here merges nodes. `candidates` proposes pairs (nomenklatura scores them), `decisions`
records what a person decided as a `SAME_AS` relationship that can be undone.
"""
