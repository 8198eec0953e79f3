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
"""

from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from ingest.generate_names import draw_name
from ingest.models import JURISDICTIONS, ROW_MODELS
from graph.errors import InvalidArgument

__all__ = ["generate_bundle"]

PERSONS_PER_CASE = 1000
CELL_SIZES = (12, 40)

_ORIGINS = ("RO", "UA", "BG", "MD", "AL", "NG", "VN", "PH")

#: The sizes of the first name pools (first names, surnames). Their draws are still taken from the
#: main stream and discarded, so that every other row of a seed stays as it was; names come from
#: a stream of their own (ingest/generate_names.py).
_OLD_POOL_SIZES = {"NO": (12, 11), "NG": (10, 10), "VN": (8, 6), "PH": (6, 5), "EN": (10, 10),
                   **{country: (12, 10) for country in ("RO", "UA", "BG", "MD", "AL")}}

# (country calling code, national number prefix, digits after it); numbers checked valid.
_PHONES = {
    "NO": ("47", ("9",), 7),
    "RO": ("40", ("72", "73", "74", "75", "76"), 7),
    "UA": ("380", ("67",), 7),
    "BG": ("359", ("88",), 7),
    "MD": ("373", ("69",), 6),
    "AL": ("355", ("69",), 7),
    "NG": ("234", ("803",), 7),
    "VN": ("84", ("91",), 7),
    "PH": ("63", ("917",), 7),
    "US": ("1", ("2125", "3125", "4155", "6175", "7135"), 6),
    "CA": ("1", ("4165", "5145", "6045", "4035"), 6),
    "GB": ("44", ("7400",), 6),
}

_PLACES = {
    "NO": (("Storgata", "Kongens gate", "Strandgata", "Industriveien"), ("0152 Oslo", "5003 Bergen", "4005 Stavanger")),
    "GB": (("High Street", "Station Road", "Mill Lane", "Church Road"), ("Leicester LE1 3AB", "Hull HU1 2AA")),
    "US": (("Main Street", "Oak Avenue", "Industrial Parkway"), ("Houston, TX 77002", "Newark, NJ 07102")),
    "CA": (("King Street", "Rue Sainte-Catherine", "Main Street"), ("Toronto, ON M5H 2N2", "Montreal, QC H3B 1A7")),
}
_COMPANY_SUFFIX = {"NO": "AS", "GB": "Ltd", "US": "LLC", "CA": "Inc."}
_DIAL_OUT = {"NO": "00", "GB": "00", "US": "011", "CA": "011"}  # the international call prefix

# sector -> (name word, evidence about the workplace)
_LABOUR = {
    "car_wash": ("Car Wash", ("excessive_hours", "underpayment")),
    "construction": ("Building", ("unsafe_workplace", "excessive_hours")),
    "restaurant": ("Kitchen", ("health_code_breach", "underpayment")),
    "cleaning": ("Cleaning", ("underpayment", "excessive_hours")),
    "agriculture": ("Farm", ("unsafe_workplace", "underpayment")),
}
_SEXUAL = {
    "massage_parlour": ("Massage", ("health_code_breach",)),
    "nightclub": ("Club", ("licence_breach",)),
    "short_term_rental": ("Apartments", ("licence_breach",)),
}
#: Kinds of evidence that show something over a period (dated with `until`).
_LASTING = frozenset({"financial", "payroll", "surveillance", "online_ad", "communication"})
_VICTIM_STATUSES = ("irregular", "permit", "resident", "asylum_seeker", "unknown")
_VICTIM_WEIGHTS = (25, 25, 20, 20, 10)


class _Out:
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


class _Generator:
    """Draws cell after cell; ids are counters, so rows can be written as soon as drawn."""

    def __init__(self, out: _Out, rng: random.Random, jurisdiction: str, seed: int = 0) -> None:
        self.out, self.rng, self.local = out, rng, jurisdiction
        # Evidence dates draw from a stream of their own: the rest of a seed's bundle stays as it was.
        self.dates = random.Random(f"evidence-dates-{seed}")
        self.names = random.Random(f"names-{seed}")  # so do names (ingest/generate_names.py)
        self.opened = date(2020, 1, 1).toordinal()  # the current cell's case opening (set per cell)
        self.persons = self.businesses = self.evidence = 0
        self.handler = ""
        self.handler_account = ("", "")
        self.handler_cases: list[str] = []
        self.handler_cells_left = 0
        self.last_controller = ""

    # --- small draws ----------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def day(self, around: int, spread: int) -> str:
        return date.fromordinal(around + self.rng.randint(-spread, spread)).isoformat()

    def name(self, country: str) -> str:
        first, last = _OLD_POOL_SIZES.get(country, _OLD_POOL_SIZES["EN"])
        self.rng.randrange(first), self.rng.randrange(last)  # the old pool's draws: the rest of the seed unchanged
        return draw_name(self.names, country)

    def phone(self, country: str) -> tuple[str, str]:
        """Two spellings of one new number: international and, at home, often local."""
        code, prefixes, digits = _PHONES[country]
        number = self.rng.choice(prefixes) + str(self.rng.randrange(10**digits)).zfill(digits)
        spaced = f"+{code} {number[:3]} {number[3:5]} {number[5:]}"
        dial_out = _DIAL_OUT[self.local]
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
        words = (owner_name.split()[-1], word, str(site) if site > 1 else "", _COMPANY_SUFFIX[self.local])
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
        if kind in _LASTING:
            start = opened - draw.randint(60, 600)
            return date.fromordinal(start).isoformat(), date.fromordinal(start + draw.randint(14, 300)).isoformat()
        around = {"testimony": opened + draw.randint(5, 120), "seizure": opened + draw.randint(-3, 3)}
        return date.fromordinal(around.get(kind, opened - draw.randint(10, 400))).isoformat(), ""

    def identifier(self, owner: str, kind: str, value: str) -> None:
        self.out.row("identifiers", owner, kind, value)

    # --- structure ------------------------------------------------------------------------

    def broker(self, case: str, opened: int) -> tuple[str, bool]:
        """The money handler of this cell, shared with its neighbours; (id, newly made)."""
        made = self.handler_cells_left == 0
        if made:
            self.handler = self.person(case, "suspect", self.local, opened)
            self.handler_cases = [case]
            self.handler_cells_left = self.rng.randint(2, 4)
            self.handler_account = self.account()
            self.identifier(self.handler, "phone", self.phone(self.local)[0])
            self.identifier(self.handler, "bank_account", self.handler_account[0])
            self.proof(case, self.handler, "structuring_deposits", "financial")
        elif case not in self.handler_cases:  # a broker across cases: suspect in each
            self.handler_cases.append(case)
            self.out.row("roles", case, self.handler, "suspect", "", "")
        self.handler_cells_left -= 1
        return self.handler, made

    def cell(self, size: int, case: str, opened: int) -> None:
        rng, local = self.rng, self.local
        self.opened = opened
        sexual = self.chance(0.4)
        sectors = _SEXUAL if sexual else _LABOUR
        origin = rng.choice(_ORIGINS)
        owner_name = self.name(local)
        handler, new_handler = self.broker(case, opened)
        cell = _Cell(
            case=case,
            opened=opened,
            origin=origin,
            sexual=sexual,
            controller=self.person(case, "suspect", rng.choice((local, origin)), opened),
            recruiters=[self.person(case, "suspect", origin, opened) for _ in range(rng.randint(1, 2))],
            owner=self.person(case, "suspect", local, opened, name=owner_name),
            handler=handler,
            associates=[self.person(case, "associate", origin, opened) for _ in range(rng.randint(1, 3))],
        )
        witness = self.person(case, "witness", local, opened) if self.chance(0.5) else ""
        victims = size - (2 + len(cell.recruiters) + new_handler + len(cell.associates) + bool(witness))

        sector = rng.choice(sorted(sectors))
        word, workplace_indicators = sectors[sector]
        cell.workplaces = [self.business(owner_name, word, sector, site) for site in range(1, rng.randint(1, 2) + 1)]
        if self.chance(0.5):
            cell.landlord = self.business(owner_name, "Property", "real_estate")
        self.suspects(cell)
        self.victims(cell, victims)
        for workplace in cell.workplaces:
            self.proof(case, workplace, rng.choice(workplace_indicators), "inspection")
            if self.chance(0.3):
                self.proof(case, workplace, "licence_breach", "inspection")
        if witness:
            self.link(witness, "WORKS_AT", cell.workplaces[0], case)
            indicator = "profits_from_prostitution" if sexual else "underpayment"
            self.proof(case, cell.workplaces[0], indicator, "testimony", witness)
        self.last_controller = cell.controller

    def suspects(self, cell: _Cell) -> None:
        rng, case, opened, controller = self.rng, cell.case, cell.opened, cell.controller
        for business in cell.workplaces + ([cell.landlord] if cell.landlord else []):
            self.link(cell.owner, "OWNS", business, case, self.day(opened - 1500, 500))
            self.identifier(business, "bank_account", self.account()[0])
        self.link(cell.owner, "DIRECTS", cell.workplaces[0], case)
        for workplace in cell.workplaces:
            self.link(controller, "MANAGES", workplace, case, self.day(opened - 700, 300))
        for recruiter in cell.recruiters:
            self.link(controller, "COMMUNICATED_WITH", recruiter, case)
            self.link(controller, "PAID", recruiter, case, amount=str(rng.randrange(5, 60) * 1000))
            self.proof(case, recruiter, "recruitment_by_deception", "online_ad")
            if self.chance(0.5):
                self.proof(case, recruiter, rng.choice(("smuggling_facilitation", "false_documents")), "communication")
        self.link(controller, "COMMUNICATED_WITH", cell.owner, case)
        self.link(cell.handler, "COMMUNICATED_WITH", controller, case)
        self.link(cell.owner, "ASSOCIATE_OF", cell.handler, case)
        if self.last_controller and self.chance(0.15):  # controllers of neighbouring cells know each other
            self.link(controller, "COMMUNICATED_WITH", self.last_controller, case)
        money = self.proof(case, cell.handler, "laundering_transfers", "financial")
        paid_in, paid_out = str(rng.randrange(100, 900) * 1000), str(rng.randrange(80, 700) * 1000)
        self.link(cell.workplaces[0], "PAID", cell.handler, case, amount=paid_in, evidence=money)
        self.link(cell.handler, "PAID", cell.owner, case, amount=paid_out, evidence=money)
        self.link(cell.workplaces[0], "PAID", controller, case, amount=str(rng.randrange(20, 200) * 1000))

        self.proof(case, controller, "passport_withheld", "seizure")
        if self.chance(0.6):
            self.proof(case, controller, "debt_bondage", "financial")
        if cell.sexual:
            self.proof(case, controller, "profits_from_prostitution", "financial")
            self.proof(case, controller, "advertises_sexual_services", "online_ad")
            self.proof(case, cell.landlord or cell.workplaces[0], "rents_premises_for_prostitution", "financial")
        else:
            self.proof(case, cell.workplaces[0], "unreported_wages", "payroll")
            self.proof(case, cell.workplaces[0], "cash_payroll", "financial")
        if self.chance(0.5):
            self.proof(case, cell.owner, "unexplained_wealth", "financial")
        if cell.landlord:
            self.proof(case, cell.landlord, "overcrowded_housing", "inspection")

        spaced, other = self.phone(self.local)
        self.identifier(controller, "phone", spaced)
        for recruiter in cell.recruiters:  # sometimes the controller's phone, spelt differently
            self.identifier(recruiter, "phone", other if self.chance(0.3) else self.phone(self.local)[0])
        self.identifier(cell.owner, "email", f"post@{cell.owner.lower()}.example")
        if self.chance(0.2):  # the business banks through the handler's account
            self.identifier(cell.workplaces[0], "bank_account", self.handler_account[1])

    def victims(self, cell: _Cell, count: int) -> None:
        rng, case, opened, controller = self.rng, cell.case, cell.opened, cell.controller
        street, town = rng.choice(_PLACES[self.local][0]), rng.choice(_PLACES[self.local][1])
        number = rng.randint(1, 120)
        # One flat for the cell, as three officers would write it.
        flat = (
            f"{street} {number}, {town}",
            f"{street.upper()} {number},  {town.upper()}.",
            f"{street.lower()} {number}, {town}",
        )
        moved = self.day(opened - 400, 300)
        control = self.proof(case, controller, "movement_control", "surveillance") if self.chance(0.5) else ""
        driver = cell.associates[0]
        relatives = cell.associates[1:]
        vehicle = f"{rng.choice('ABCDEFGHJK')}{rng.choice('ABCDEFGHJK')} {rng.randrange(10000, 99999)}"
        self.identifier(controller, "vehicle", vehicle)
        self.identifier(driver, "vehicle", vehicle.lower().replace(" ", "-"))
        self.link(driver, "ASSOCIATE_OF", controller, case)
        victims: list[str] = []
        irregular = False
        for i in range(count):
            country = cell.origin if self.chance(0.85) else rng.choice(_ORIGINS)
            status = rng.choices(_VICTIM_STATUSES, _VICTIM_WEIGHTS)[0]
            irregular = irregular or status == "irregular"
            victim = self.person(case, "victim", country, opened, status=status)
            identified = self.chance(0.4)
            cooperation = rng.choice(("willing", "unwilling", "undecided")) if identified else ""
            identified_on = self.day(opened + 60, 55) if identified else ""
            self.out.row("roles", case, victim, "victim", identified_on, cooperation)

            self.link(controller, "CONTROLS", victim, case, moved, evidence=control)
            self.link(controller, "EXPLOITS", victim, case, moved)
            if self.chance(0.7):
                self.link(controller, "HOUSED", victim, case, moved)
            if cell.landlord:
                self.link(cell.landlord, "HOUSED", victim, case, moved)
            recruiter = rng.choice(cell.recruiters)
            recruited = self.day(opened - 500, 300)
            self.link(recruiter, "RECRUITED", victim, case, recruited, recruited)
            if self.chance(0.5):
                self.link(rng.choice((recruiter, driver)), "TRANSPORTED", victim, case)
            workplace = rng.choice(cell.workplaces)
            self.link(victim, "WORKS_AT", workplace, case, moved)
            if self.chance(0.3):
                self.link(workplace, "EMPLOYS", victim, case)
            if i and self.chance(0.5):
                self.link(victim, "COMMUNICATED_WITH", victims[rng.randrange(i)], case)
            if relatives and self.chance(0.25):
                self.link(victim, "FAMILY_OF", rng.choice(relatives), case)
            if i and self.chance(0.04):  # a victim who recruits: never a plain target
                self.link(victim, "RECRUITED", victims[rng.randrange(i)], case)

            self.identifier(victim, "address", rng.choice(flat))
            if self.chance(0.2):
                self.identifier(victim, "phone", self.phone(country)[1])
            if identified and self.chance(0.5):
                testimonies = ("sexual_exploitation",) if cell.sexual else ("forced_labour", "threats_or_violence")
                indicator = rng.choice(testimonies)
                self.proof(case, controller, indicator, "testimony", victim)
            victims.append(victim)
        if irregular:
            self.proof(case, cell.workplaces[0], "no_work_permit", "inspection")


@dataclass
class _Cell:
    """The people and firms of one cell, as `suspects` and `victims` wire them up."""

    case: str
    opened: int
    origin: str
    sexual: bool
    controller: str
    recruiters: list[str]
    owner: str
    handler: str
    associates: list[str]
    workplaces: list[str] = field(default_factory=list)
    landlord: str = ""


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
        out = _Out(stack, out_dir)
        generator = _Generator(out, rng, jurisdiction, seed)
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
