"""The structure of a synthetic bundle (ingest/generate.py): one cell of 12-40 persons at a time,
its suspects and victims wired up, and the money handler its neighbouring cells share."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.generate_rows import CsvOut, RowDrawer
from ingest.generate_tables import LABOUR, ORIGINS, PLACES, SEXUAL, VICTIM_STATUSES, VICTIM_WEIGHTS


@dataclass
class Cell:
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


class CellDrawer(RowDrawer):
    """Draws cell after cell, each written as soon as drawn."""

    def __init__(self, out: CsvOut, rng: random.Random, jurisdiction: str, seed: int = 0) -> None:
        super().__init__(out, rng, jurisdiction, seed)
        self.handler = ""
        self.handler_account = ("", "")
        self.handler_cases: list[str] = []
        self.handler_cells_left = 0
        self.last_controller = ""

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
        sectors = SEXUAL if sexual else LABOUR
        origin = rng.choice(ORIGINS)
        owner_name = self.name(local)
        handler, new_handler = self.broker(case, opened)
        cell = Cell(
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

    def suspects(self, cell: Cell) -> None:
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

    def victims(self, cell: Cell, count: int) -> None:
        rng, case, opened, controller = self.rng, cell.case, cell.opened, cell.controller
        street, town = rng.choice(PLACES[self.local][0]), rng.choice(PLACES[self.local][1])
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
            country = cell.origin if self.chance(0.85) else rng.choice(ORIGINS)
            status = rng.choices(VICTIM_STATUSES, VICTIM_WEIGHTS)[0]
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
