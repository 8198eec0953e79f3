"""The rows of a synthetic bundle (ingest/generate.py): the seven CSV files written row by row, and
the small draws (dates, names, phones, accounts) and single rows (a person, a firm, a link, a piece
of evidence, an identifier) that cells are made of (ingest/generate_cells.py)."""

from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import IO, Any

from ingest.generate_names import draw_name
from ingest.generate_tables import COMPANY_SUFFIX, DIAL_OUT, LASTING, OLD_POOL_SIZES, PHONES
from ingest.models import ROW_MODELS


class CsvOut:
    """The seven CSV files, open together and written row by row."""

    def __init__(self, stack: ExitStack, out_dir: Path) -> None:
        self.writers: dict[str, Any] = {}
        self.counts = dict.fromkeys(ROW_MODELS, 0)
        for table, model in ROW_MODELS.items():
            handle: IO[str] = stack.enter_context((out_dir / f"{table}.csv").open("w", encoding="utf-8", newline=""))
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([name for name in model.model_fields if name != "raw_value"])
            self.writers[table] = writer

    def row(self, table: str, *values: object) -> None:
        self.writers[table].writerow(values)
        self.counts[table] += 1


class RowDrawer:
    """Draws single rows; ids are counters, so rows can be written as soon as drawn."""

    def __init__(self, out: CsvOut, rng: random.Random, jurisdiction: str, seed: int = 0) -> None:
        self.out, self.rng, self.local = out, rng, jurisdiction
        # Evidence dates draw from a stream of their own: the rest of a seed's bundle stays as it was.
        self.dates = random.Random(f"evidence-dates-{seed}")
        self.names = random.Random(f"names-{seed}")  # so do names (ingest/generate_names.py)
        self.opened = date(2020, 1, 1).toordinal()  # the current cell's case opening (set per cell)
        self.persons = self.businesses = self.evidence = 0

    # --- small draws ----------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, around: int, spread: int) -> str:
        return date.fromordinal(around + self.rng.randint(-spread, spread)).isoformat()

    def name(self, country: str) -> str:
        first, last = OLD_POOL_SIZES.get(country, OLD_POOL_SIZES["EN"])
        self.rng.randrange(first), self.rng.randrange(last)  # the old pool's draws: the rest of the seed unchanged
        return draw_name(self.names, country)

    def phone(self, country: str) -> tuple[str, str]:
        """Two spellings of one new number: international and, at home, often local."""
        code, prefixes, digits = PHONES[country]
        number = self.rng.choice(prefixes) + str(self.rng.randrange(10**digits)).zfill(digits)
        spaced = f"+{code} {number[:3]} {number[3:5]} {number[5:]}"
        dial_out = DIAL_OUT[self.local]
        if country == self.local:
            local = "0" + number if country == "GB" else number
            return spaced, self.rng.choice((local, f"{dial_out}{code} {number}", f"+{code}{number}"))
        return spaced, f"{dial_out}{code}{number}"

    def account(self) -> tuple[str, str]:
        digits = str(self.rng.randrange(10**11)).zfill(11)
        iban = f"{self.local}{self.rng.randint(10, 99)}{digits}"
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)), "-".join((iban[:4], iban[4:8], iban[8:]))

    # --- rows -----------------------------------------------------------------------------

    def person(self, case: str, role: str, country: str, opened: int, name: str = "", status: str = "") -> str:
        """A new person with a role in `case` (victims' roles are written by `victims`)."""
        self.persons += 1
        person_id = f"P{self.persons:07d}"
        if role == "victim":
            born = self.day(opened - 28 * 365, 7 * 365)
        else:
            status = "citizen" if country == self.local else self.rng.choice(("resident", "permit"))
            born = self.day(opened - 45 * 365, 15 * 365)
            self.out.row("roles", case, person_id, role, "", "")
        self.out.row("persons", person_id, name or self.name(country), born, country, status)
        return person_id

    def business(self, owner_name: str, word: str, sector: str, site: int = 1) -> str:
        self.businesses += 1
        business_id = f"B{self.businesses:06d}"
        words = (owner_name.split()[-1], word, str(site) if site > 1 else "", COMPANY_SUFFIX[self.local])
        name = " ".join(w for w in words if w)
        self.out.row("businesses", business_id, name, str(self.rng.randrange(9 * 10**8, 10**9)), sector, self.local)
        return business_id

    def link(
        self, source: str, kind: str, target: str, case: str, since: str = "", until: str = "",
        amount: str = "", evidence: str = "",
    ) -> None:
        self.out.row("links", source, kind, target, case, since, until, amount, evidence, "")

    def proof(self, case: str, about: str, indicator: str, kind: str, given_by: str = "") -> str:
        self.evidence += 1
        evidence_id = f"E{self.evidence:07d}"
        independent = "false" if given_by and kind == "testimony" else "true"
        description = f"Synthetic {kind} evidence of {indicator.replace('_', ' ')}"
        observed_on, until = self.when(kind)
        self.out.row("evidence", evidence_id, case, about, indicator, kind, independent, given_by, "", description,
                     observed_on, until)
        return evidence_id

    def when(self, kind: str) -> tuple[str, str]:
        """(observed_on, until) of one piece of evidence: a tenth undated; records, ads and watching
        over a period before the case opened, seizures around its opening, testimony after it."""
        draw, opened = self.dates, self.opened
        if draw.random() < 0.1:
            return "", ""
        if kind in LASTING:
            start = opened - draw.randint(60, 600)
            return date.fromordinal(start).isoformat(), date.fromordinal(start + draw.randint(14, 300)).isoformat()
        around = {"testimony": opened + draw.randint(5, 120), "seizure": opened + draw.randint(-3, 3)}
        return date.fromordinal(around.get(kind, opened - draw.randint(10, 400))).isoformat(), ""

    def identifier(self, owner: str, kind: str, value: str) -> None:
        self.out.row("identifiers", owner, kind, value)
