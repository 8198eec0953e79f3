"""Why an analyst has a victim's name words withheld in everyone's name, not only in the names of
persons tied to her (service/victim_index.py, "Why every word, in every name").

The narrower rule once proposed (withhold her words inside another's name only where that
person or business is tied to her) is modelled here with the service's own index, built per record
over the victims tied to it. On the case of tests/test_api_cypher_namesakes.py it shows her surname
beside the man who recruited her; the service's rule shows it nowhere.
"""

from __future__ import annotations

from service.pseudonyms import WITHHELD, Pseudonyms, Victim
from service.victim_index import VictimIndex

PSEUDONYMS = Pseudonyms("k3y-for-the-narrowing-model-Qz81")
ANA = Victim("P910", "Ana Dima")
#: Each record of her recruiter's circle, and whether it is tied to her (a link between them).
CIRCLE = {
    "P003": ("Ion Dima", True),            # recruited her: no recorded relative
    "P911": ("Petru Dima", False),         # his brother, an associate of his
    "B910": ("Dima Transport SRL", False),  # his firm, named after him as firms are
    "P912": ("Ana Vik", False),            # an unrelated namesake
}


def narrowed(record: str) -> str:
    """The narrower rule: her words withheld in a record's own name only where it is tied to her."""
    name, tied = CIRCLE[record]
    index = VictimIndex([ANA] if tied else [], PSEUDONYMS, sealed_values=False, others={record: name})
    return index.scrub({"person_id": record, "name": name})["name"]


def service_rule(record: str) -> str:
    name, _ = CIRCLE[record]
    index = VictimIndex([ANA], PSEUDONYMS, sealed_values=False, others={record: name})
    return index.scrub({"person_id": record, "name": name})["name"]


def read_off(shown: dict[str, str]) -> set[str]:
    """What an analyst reads for the word withheld in the recruiter's surname: his brother's surname
    and the first word of his firm's name (firms are named after their owners)."""
    if shown["P003"] != f"Ion {WITHHELD}":
        return set()
    return {shown["P911"].split()[-1], shown["B910"].split()[0]} - {WITHHELD}


def test_the_narrower_rule_shows_her_surname_beside_her_recruiter() -> None:
    shown = {record: narrowed(record) for record in CIRCLE}
    assert shown == {"P003": f"Ion {WITHHELD}", "P911": "Petru Dima", "B910": "Dima Transport SRL", "P912": "Ana Vik"}
    # "Ion [withheld]" recruited V-…; his brother and his firm say the word: she bears "Dima".
    assert read_off(shown) == {"Dima"}


def test_the_service_rule_shows_it_nowhere() -> None:
    shown = {record: service_rule(record) for record in CIRCLE}
    assert shown == {"P003": f"Ion {WITHHELD}", "P911": f"Petru {WITHHELD}", "B910": f"{WITHHELD} Transport SRL",
                     "P912": f"{WITHHELD} Vik"}
    assert read_off(shown) == set()
