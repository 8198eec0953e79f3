"""The probe replay's data (cases, users, the values that must not leak) and its small helpers."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path


SAMPLE = Path(__file__).resolve().parents[2] / "ingest" / "sample"
GLANS, NORDLYS = "NO-GLANS", "NO-NORDLYS"
PURPOSE = "security probe replay"
#: The probe's users (its `ana_zero` and `revoked` took part only in the role matrix, not replayed here).
USERS = {"inv_g": ("investigator", [GLANS]), "pros_g": ("prosecutor", [GLANS]), "ana_g": ("analyst", [GLANS]),
         "inv_n": ("investigator", [NORDLYS]), "ana_n": ("analyst", [NORDLYS]), "adm": ("admin", []),
         "ana_none": ("analyst", [])}
GLANS_CASE = {"case_id": GLANS, "title": "Operation Glans", "jurisdiction": "NO", "opened_on": "2024-03-04",
              "status": "open"}
NORDLYS_CASE = {"case_id": NORDLYS, "title": "Operation Nordlys", "jurisdiction": "NO", "opened_on": "2024-09-16",
                "status": "open"}
P002 = {"person_id": "P002", "name": "Marius Popescu", "birth_date": "1981-02-03", "nationality": "RO",
        "immigration_status": "resident"}
#: Victims' values of the other case (NO-NORDLYS) and of the analyst's own, each beside a value that is no one's.
OTHER_VALUES = [("Blessing Okafor", "Kari Nordmann"), ("Joy Eze", "Per Hansen"), ("P021", "P999"),
                ("2002-05-19", "1990-01-01"), ("+234 803 555 0142", "+47 400 00 001"),
                ("Tollbugata 14B", "Fjordgata 9")]
OWN_VALUES = [("Andrei Munteanu", "Ola Nordmann"), ("Munteanu", "Nordmann"), ("1998-04-22", "1991-02-03"),
              ("+40 751 003 417", "+47 400 00 002"), ("Strandgata 21", "Fjordgata 7")]
SIGNS = ("V-", "ID-", "[withheld]")
#: Values of the sample's victims that must not appear in clear in an analyst's answer.
#: What an analyst of NO-GLANS must never read of NO-NORDLYS: its ids, title, names and identifiers.
NORDLYS_MARKERS = re.compile(r"NO-NORDLYS|Nordlys|\bP02[0-6]\b|\bB004\b|\bE002[1-9]\b|Kristoffer|Aas\b|Sofie|Nilsen|"
                             r"Jonas Dahl|Sentrum Utleie|Blessing|Okafor|Tollbugata|412 34 567|41234567|917 66 430")
GLANS_VICTIM_VALUES = ["Andrei Munteanu", "Vasyl Kovalenko", "Oleksandr Melnyk", "Dmytro Bondar", "Florin Stoica",
                       "1998-04-22", "1994-09-08", "2001-12-03", "1999-06-17", "2000-02-29"]
CASES_CSV = b"case_id,title,jurisdiction,opened_on,status\nNO-LIMITS,Limits,NO,2024-01-02,open\n"
LIMITS_CASE = {"case_id": "NO-LIMITS", "title": "Limits", "jurisdiction": "NO", "opened_on": "2024-01-02",
               "status": "open"}
TORN = b'{"action":"read","at":"2026-11-0'  # an append cut short by a crash or a full disk


@dataclass
class Row:
    finding: str
    attack: str
    expected: str
    observed: str
    verdict: str  # holds | FAILS | limit | not replayed


class ReplayError(Exception):
    """The replay itself could not run (not a verdict on the service)."""


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "..."


def _thbgraph() -> list[str]:
    script = Path(sys.executable).with_name("thbgraph")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from cli.main import app; app()"]


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
