"""`load --initial` before neo4j-admin: validation and import files, row by row and by columns, side by side.

    .venv/bin/python -m bench.bench_initial_files [--persons 100000] [--bundle DIR] [--no-rows]

On one generated bundle (seed 1): the row pass (`read_bundle`, `write_import_files`) and the
columnar pass (`read_frames`, `write_frame_files`, per-value work over worker processes), each in
a child process of its own (its peak RSS its own); then the two passes' files are compared,
row for row (order aside). Prints seconds, rows/s and peak RSS of each, and the ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import KEY_VARIABLE  # importing bench.common sets a scratch victim-data key
from graph.sealing import Sealer, parse_key
from ingest.generate import generate_bundle

TODAY = date(2026, 12, 6)


def child(how: str, bundle: str, out: str) -> None:
    from ingest.bulk_csv import write_import_files  # noqa: PLC0415
    from ingest.bulk_frames import write_frame_files  # noqa: PLC0415
    from ingest.bundle import read_bundle  # noqa: PLC0415
    from ingest.frames import read_frames  # noqa: PLC0415
    from ingest.parallel import Workers  # noqa: PLC0415
    from rules import indicator_vocabulary  # noqa: PLC0415

    sealer = Sealer.from_key(parse_key(os.environ[KEY_VARIABLE]))
    started = time.perf_counter()
    if how == "rows":
        rows = read_bundle(Path(bundle), indicators=indicator_vocabulary())
        validated = time.perf_counter()
        write_import_files(rows, sealer, Path(out), TODAY)
        counts = rows.counts
        rows.close()
    else:
        with Workers(sealer) as workers:
            frames = read_frames(Path(bundle), indicator_vocabulary(), workers)
            assert frames is not None, "the columnar pass refused the bundle"
            validated = time.perf_counter()
            write_frame_files(frames, sealer, Path(out), TODAY, workers)
            counts = frames.counts
    done = time.perf_counter()
    print(json.dumps({"rows": sum(counts.values()), "validation": validated - started, "files": done - validated,
                      "seconds": done - started,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def _run(how: str, bundle: Path, out: Path) -> dict:
    out.mkdir()
    done = subprocess.run([sys.executable, "-m", "bench.bench_initial_files", "--child", how, str(bundle), str(out)],
                          capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _same(a: Path, b: Path) -> list[str]:
    def rows(path: Path) -> list[list[str]]:
        with path.open(newline="", encoding="utf-8") as handle:
            header, *body = list(csv.reader(handle))
        return [header, *sorted(body)]

    return [f.name for f in sorted(a.iterdir()) if rows(f) != rows(b / f.name)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--bundle", type=Path)
    parser.add_argument("--no-rows", action="store_true", help="the columnar pass only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-files-") as tmp:
        bundle = args.bundle
        if bundle is None:
            bundle = Path(tmp) / "bundle"
            generate_bundle(bundle, persons=args.persons, seed=1)
        results = {}
        for how in ("columns",) if args.no_rows else ("rows", "columns"):
            load = os.getloadavg()[0]
            r = results[how] = _run(how, bundle, Path(tmp) / how)
            print(f"{how}: {r['rows']:,} rows in {r['seconds']:.2f} s = {r['rows'] / r['seconds']:,.0f} rows/s "
                  f"(validation {r['validation']:.2f} s, import files {r['files']:.2f} s), peak RSS "
                  f"{r['peak_mb']:.0f} MB (a worker's {r['workers_peak_mb']:.0f} MB); load average "
                  f"{load:.1f} before, {os.getloadavg()[0]:.1f} after", flush=True)
        if len(results) == 2:
            differ = _same(Path(tmp) / "rows", Path(tmp) / "columns")
            print(f"the same import files: {'yes' if not differ else 'NO, they differ: ' + ', '.join(differ)}")
            print(f"ratio rows / columns: {results['rows']['seconds'] / results['columns']['seconds']:.1f}x")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(*sys.argv[2:])
    else:
        main()
