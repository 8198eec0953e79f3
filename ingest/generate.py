"""Synthetic case bundles with planted structure, for load tests and benchmarks.

A bundle is a chain of cells of 12–40 persons: each cell has a controller, one or two
recruiters, a front-business owner, victims (some identified, some unwilling, some without
papers, a few who recruit others), associates (a driver, relatives back home) and sometimes
a witness. A money handler serves two to four neighbouring cells: the brokers a key-player
analysis should find. Evidence matches each role's conduct, and identifiers (phones,
accounts, addresses, vehicles) are shared the way real ones are, written in different ways.

Everything comes from `random.Random(seed)` (evidence dates and names from streams of their own,
ingest/generate_names.py) and is written as it is drawn, so the same seed gives byte-identical
files and 100k persons never sit in memory.

This module splits persons into cases and cells; ingest/generate_cells.py draws a cell,
ingest/generate_rows.py its rows, from the vocabulary in ingest/generate_tables.py.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from graph.errors import InvalidArgument
from ingest.generate_cells import CellDrawer
from ingest.generate_rows import CsvOut
from ingest.models import JURISDICTIONS

__all__ = ["generate_bundle"]

PERSONS_PER_CASE = 1000
CELL_SIZES = (12, 40)


def generate_bundle(out_dir: Path, persons: int, seed: int, jurisdiction: str = "NO") -> dict[str, int]:
    """Write a valid CSV bundle of `persons` persons to `out_dir`; return the rows per table."""
    if jurisdiction not in JURISDICTIONS:
        raise InvalidArgument(f"jurisdiction {jurisdiction!r} is not one of: {', '.join(JURISDICTIONS)}")
    if persons < CELL_SIZES[0]:
        raise InvalidArgument(f"persons must be at least {CELL_SIZES[0]} (one cell), not {persons}")
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cases = max(1, round(persons / PERSONS_PER_CASE))
    with ExitStack() as stack:
        out = CsvOut(stack, out_dir)
        generator = CellDrawer(out, rng, jurisdiction, seed)
        openings = []
        for number in range(1, cases + 1):
            opened = date(2019, 1, 1).toordinal() + rng.randrange(6 * 365)
            status = "closed" if generator.chance(0.2) else "open"
            title = f"Synthetic operation {number}"
            out.row("cases", _case_id(number), title, jurisdiction, date.fromordinal(opened).isoformat(), status)
            openings.append(opened)
        while generator.persons < persons:
            left = persons - generator.persons
            size = rng.randint(*CELL_SIZES)
            if left - size < CELL_SIZES[0]:  # no runt cell at the end
                size = left
            index = generator.persons * cases // persons  # cases follow each other, ~1000 persons each
            generator.cell(size, _case_id(index + 1), openings[index])
    return out.counts


def _case_id(number: int) -> str:
    return f"GEN-{number:04d}"
