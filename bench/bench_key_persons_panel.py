"""The panel of victims who also take part (`key-persons`), Rich's layout against `LinePanel`.

    .venv/bin/python -m bench.bench_key_persons_panel [--victims 2864] [--runs 5] [--widths 80 120]

As many victims as the 100,000-person generated database shows (2,864), each with the
non-punishment warning `key-persons` gives them; printed by `LinePanel.boxed()` (Rich's `Panel` of
one `Text` a victim: what `key-persons` printed before) and by `LinePanel`, interleaved in one
process, without colour as into a file. Prints each one's median and fastest time, the load
average, and whether both printed the same bytes.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import time

from rich.console import Console

from cli.panels import LinePanel
from cli.render import victim_offenders_panel
from queries.key_persons.reasons import NON_PUNISHMENT_WARNING
from queries.key_persons.results import KeyPersonsResult, RankedPerson

NAMES = ["Anna", "Ola", "Kari", "Jonas", "Maria", "Ivan", "Li", "Ngozi"]


def panel(victims: int) -> LinePanel:
    rng = random.Random(1)
    shown = []
    for i in range(victims):
        pid, name = f"P{i:06d}", f"{rng.choice(NAMES)} {rng.choice(NAMES)}"
        warning = NON_PUNISHMENT_WARNING.format(name=f"{name} ({pid})", status="identified")
        shown.append(RankedPerson(pid, name, None, 0.1, {}, {}, (), warning=warning))
    made = victim_offenders_panel(KeyPersonsResult([], shown, 0, None, {}, 0, 0))  # type: ignore[arg-type]
    assert made is not None
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--victims", type=int, default=2864)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--widths", type=int, nargs="+", default=[80, 120])
    args = parser.parse_args()
    made = panel(args.victims)
    for width in args.widths:
        times: dict[str, list[float]] = {"Rich (before)": [], "LinePanel (after)": []}
        printed: dict[str, str] = {}
        for _ in range(args.runs):
            for label, renderable in (("Rich (before)", made.boxed()), ("LinePanel (after)", made)):
                out = io.StringIO()
                console = Console(file=out, width=width, color_system=None)
                started = time.perf_counter()
                console.print(renderable)
                times[label].append(time.perf_counter() - started)
                printed[label] = out.getvalue()
        lines = printed["LinePanel (after)"].count("\n")
        print(f"width {width}, {lines:,} lines, load {os.getloadavg()[0]:.1f}: "
              + ", ".join(f"{k} median {statistics.median(v):.3f} s (fastest {min(v):.3f})" for k, v in times.items())
              + f"; the same bytes: {len(set(printed.values())) == 1}", flush=True)


if __name__ == "__main__":
    main()
