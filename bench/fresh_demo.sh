#!/usr/bin/env bash
# `make demo` as a new user meets it: a fresh clone, nothing cached. Empty pip and uv caches, a
# fresh HOME (no ~/.thbgraph, ~/.cache/thbgraph or ~/.m2: Maven's local repository is pointed
# there too, since Java takes the user's home from /etc/passwd, not $HOME), a free port.
# Prints each line of output with the seconds since the start, then the phases from the files'
# times, then /usr/bin/time's figures. Nothing outside the scratch folder is read or written.
#
#   bench/fresh_demo.sh [REPO] [REV]     # default: this clone, HEAD; scratch in $TMPDIR
#
# The scratch folder (clone, virtualenv, pip, uv and Maven caches, Neo4j's jars and store) is removed at the
# end, also when stopped; KEEP=1 keeps it to look into.
set -euo pipefail
REPO=${1:-$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)}
REV=${2:-HEAD}
T=$(mktemp -d "${TMPDIR:-/tmp}/fresh-demo.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
git clone -q "$REPO" "$T/clone" && git -C "$T/clone" checkout -q "$(git -C "$REPO" rev-parse "$REV")"
mkdir "$T/home"
export HOME=$T/home UV_CACHE_DIR=$T/uv-cache PIP_CACHE_DIR=$T/pip-cache PYTHONUNBUFFERED=1
export MAVEN_OPTS="-Dmaven.repo.local=$HOME/.m2/repository"
unset PIP_FIND_LINKS THBGRAPH_HOME THBGRAPH_CACHE NEO4J_URI NEO4J_USER NEO4J_PASSWORD NEO4J_DATABASE \
      THBGRAPH_VICTIM_DATA_KEY THBGRAPH_SECRET_KEY THBGRAPH_PSEUDONYM_KEY THBGRAPH_GDS
THBGRAPH_NEO4J_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export THBGRAPH_NEO4J_PORT
cd "$T/clone"
echo "$(git log --oneline -1 | cut -c1-60); scratch $T; $(uptime)"
start=$(date +%s.%N)
/usr/bin/time -v -o "$T/time.txt" make demo 2>&1 | python3 -u -c '
import sys, time
t0 = time.time()
for line in sys.stdin:
    print(f"{time.time() - t0:7.1f} {line}", end="", flush=True)'
echo "$(uptime)"
python3 - "$start" "$T" <<'PY'
import pathlib, sys
start, t = float(sys.argv[1]), pathlib.Path(sys.argv[2])
home = t / "home"
marks = {"installed (.venv/bin/.installed)": t / "clone/.venv/bin/.installed",
         "jars fetched (READY)": next((home / ".cache/thbgraph").glob("neo4j-*/READY"), None),
         "Neo4j answering (launcher log)": home / ".thbgraph/neo4j/neo4j-launcher.log"}
for what, path in marks.items():
    if path and path.exists():
        print(f"{path.stat().st_mtime - start:7.1f} {what}")
PY
grep -E "Elapsed|User time|System time|Maximum resident|Exit status" "$T/time.txt"
du -sh "$HOME/.m2" "$HOME/.cache/thbgraph" "$UV_CACHE_DIR" 2>/dev/null || true
