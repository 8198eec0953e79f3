"""A small case for the redaction policies (docs/api.md, "What is withheld from whom"), loaded beside the sample.

XT-VARDO: one identified victim (Q102 "Olga Sirbu"), a suspect who shares her surname (Q104 "Petru Sirbu"),
a suspect who has her full name (Q105, a namesake), a relative (Q103 "Nadia Sirbu"), a controller (Q101)
and a suspect he controls, with a passport withheld: possibly a victim (Q106 "Irina Lupu").
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.paths import SAMPLE

CASE = "XT-VARDO"
VICTIM, RELATIVE, SURNAME, NAMESAKE, CONTROLLER, POSSIBLE = "Q102", "Q103", "Q104", "Q105", "Q101", "Q106"
NAMES = {CONTROLLER: "Radu Ceban", VICTIM: "Olga Sirbu", RELATIVE: "Nadia Sirbu", SURNAME: "Petru Sirbu",
         NAMESAKE: "Olga Sirbu", POSSIBLE: "Irina Lupu"}
VICTIM_BORN = "1995-03-03"
#: Free text about the victim that names her: scrubbed for every reader without a purpose.
VICTIM_TEXT = "Olga Sirbu was made to work nights at the laundry"

_ROWS = {
    "cases.csv": [f"{CASE},Operation Vardo,NO,2025-01-06,open"],
    "persons.csv": [f"{CONTROLLER},Radu Ceban,1980-01-01,MD,resident",
                    f"{VICTIM},Olga Sirbu,{VICTIM_BORN},MD,irregular",
                    f"{RELATIVE},Nadia Sirbu,1970-07-07,MD,unknown",
                    f"{SURNAME},Petru Sirbu,1983-08-08,MD,resident",
                    f"{NAMESAKE},Olga Sirbu,1979-09-09,MD,resident",
                    f"{POSSIBLE},Irina Lupu,1997-04-04,MD,irregular"],
    "roles.csv": [f"{CASE},{CONTROLLER},suspect,,", f"{CASE},{VICTIM},victim,2025-01-08,willing",
                  f"{CASE},{RELATIVE},associate,,", f"{CASE},{SURNAME},suspect,,", f"{CASE},{NAMESAKE},suspect,,",
                  f"{CASE},{POSSIBLE},suspect,,"],
    "links.csv": [f"{CONTROLLER},CONTROLS,{VICTIM},{CASE},2024-06-01,,,,",
                  f"{CONTROLLER},CONTROLS,{POSSIBLE},{CASE},2024-06-01,,,,",
                  f"{SURNAME},TRANSPORTED,{VICTIM},{CASE},2024-05-01,,,,",
                  f"{NAMESAKE},RECRUITED,{POSSIBLE},{CASE},2024-05-01,,,,",
                  f"{RELATIVE},FAMILY_OF,{VICTIM},{CASE},,,,,"],
    "evidence.csv": [f"E9101,{CASE},{VICTIM},debt_bondage,testimony,false,{VICTIM},subject,{VICTIM_TEXT}",
                     f"E9102,{CASE},{POSSIBLE},passport_withheld,seizure,true,,subject,"
                     "Her passport was found in Ceban's safe"],
    "identifiers.csv": [f"{VICTIM},phone,+373 690 11 222", f"{POSSIBLE},phone,+373 690 33 444"],
}


def policy_bundle(root: Path) -> Path:
    """The sample with the case above added to its tables."""
    target = root / "bundle"
    shutil.copytree(SAMPLE, target)
    for name, rows in _ROWS.items():
        with (target / name).open("a", encoding="utf-8") as f:
            f.write("".join(row + "\n" for row in rows))
    return target
