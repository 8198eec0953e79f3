"""The security probe replay (run it as `python -m bench.probe_replay`), one idea a module:
common (data, helpers), servers, plumbing, the findings by theme (access, audit, limits, output),
replay (the order of the run) and report (the table)."""
