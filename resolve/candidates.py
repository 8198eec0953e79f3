"""Candidate pairs across cases: blocked on name keys, identifiers and birth years, scored by
nomenklatura, each with its reasons in words.

Pure logic: records in, candidates out (`resolve.records` reads them from the graph). Victims'
values are opened by the caller inside the process that holds the key; a candidate's reasons
never quote a sealed value (a victim's name, birth date or identifier), only say that it matched.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from resolve.names import has_diacritics, has_other_script, parts

#: nomenklatura's algorithm: names across scripts (name symbols, ICU transliteration), birth dates.
ALGORITHM = "logic-v2"
#: Candidates at or above this score are put to a person for review; below, they are not shown.
REVIEW_THRESHOLD = 0.7
#: A block this large is a common name or a shared switchboard number: too common to say anything.
MAX_BLOCK = 200
#: Each kind of identifier two records share halves the doubt left by the names (a shared phone
#: alone reaches 0.5: below review, as a controller's phone in many victims' records should).
IDENTIFIER_WORDS = {"phone": "phone", "email": "e-mail", "passport": "passport number",
                    "bank_account": "bank account", "registration_no": "registration number",
                    "online_handle": "online handle", "vehicle": "vehicle", "address": "address"}
SEALED = "[sealed]"


@dataclass(frozen=True)
class Identifier:
    kind: str
    key: str  # the blind index (Identifier.identifier_id), or the normalised registration number
    shown: str | None  # None for a victim's value: it is never put in a reason


@dataclass(frozen=True)
class Record:
    """A person or business as the matcher sees it (clear values in memory only)."""

    id: str
    kind: str  # "Person" or "Business"
    cases: frozenset[str]
    name: str | None
    birth_date: str | None = None  # ISO, full or partial
    country: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    sealed: bool = False  # a victim: name, birth date and identifiers are sealed in the graph


@dataclass(frozen=True)
class Candidate:
    left: Record
    right: Record
    score: float
    reasons: tuple[str, ...]
    algorithm: str = ALGORITHM
    features: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def pair(self) -> tuple[str, str]:
        return self.left.id, self.right.id


def block_keys(record: Record) -> set[str]:
    """The blocks a record falls in: its whole name's key; each name part with the birth date as
    written (a typo in one part leaves the other); the longest part with the birth year (one
    record may give the year only); each identifier. A part with the year alone would put every
    Ivan born in 1985 in one block."""
    keys = {f"i:{i.key}" for i in record.identifiers}
    name_parts = parts(record.name or "")
    if name_parts:
        keys.add(f"{record.kind}:n:{' '.join(name_parts)}")
        if record.birth_date:
            keys.update(f"{record.kind}:d:{p}:{record.birth_date}" for p in name_parts)
            keys.add(f"{record.kind}:y:{max(name_parts, key=len)}:{record.birth_date[:4]}")
    return keys


@dataclass
class Blocking:
    pairs: set[tuple[str, str]]
    too_common: int  # blocks left out for their size


def _worth_scoring(kind: str, a: Record, b: Record) -> bool:
    """Pairs a block may skip: nomenklatura would score them below review on the birth dates alone.

    A same-name pair born in different years scores 0.6 (a shared identifier pairs them in its own
    block); the longest part with the year is there for a record that gives the year only.
    """
    da, db = a.birth_date or "", b.birth_date or ""
    if kind == "n":
        return not (da and db and da[:4] != db[:4])
    if kind == "y":
        return len(da) < 10 or len(db) < 10
    return True


def block(records: Iterable[Record], max_block: int = MAX_BLOCK) -> Blocking:
    """Pairs of records of one kind, in no common case, that share at least one block."""
    blocks: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        for key in block_keys(record):
            blocks[key].append(record)
    pairs: set[tuple[str, str]] = set()
    too_common = 0
    for key, members in blocks.items():
        if len(members) > max_block:
            too_common += 1
            continue
        kind = "i" if key.startswith("i:") else key.split(":")[1]
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if a.kind == b.kind and a.id != b.id and not (a.cases & b.cases) and _worth_scoring(kind, a, b):
                    pairs.add((a.id, b.id) if a.id < b.id else (b.id, a.id))
    return Blocking(pairs, too_common)


#: Held while the algorithm loads: a service warms it on a thread of its own at start, and a request
#: that comes first waits for that one load rather than starting a second.
_LOADING = threading.Lock()


def _algorithm() -> tuple[Any, Any]:
    with _LOADING:
        return _load_algorithm()


def warm() -> None:
    """Load nomenklatura's name tables now (10-60 s), not in the first request that compares names."""
    _algorithm()


@cache
def _load_algorithm() -> tuple[Any, Any]:
    from nomenklatura.matching import get_algorithm  # noqa: PLC0415 (loads name data: once, when needed)

    algorithm = get_algorithm(ALGORITHM)
    config = algorithm.default_config()
    warm = Record("warm-up", "Person", frozenset(), "Warm Up")
    algorithm.compare(proxy(warm), proxy(warm), config)  # the name tables load on the first comparison
    return algorithm, config


def proxy(record: Record) -> Any:
    """The record as an FtM entity for nomenklatura (in memory only)."""
    from followthemoney import model  # noqa: PLC0415

    entity = model.make_entity("Person" if record.kind == "Person" else "Company")
    entity.id = record.id
    entity.add("name", record.name)
    if record.kind == "Person":
        entity.add("birthDate", record.birth_date)
        entity.add("nationality", record.country, quiet=True)
    else:
        entity.add("jurisdiction", record.country, quiet=True)
    return entity


def _shown(record: Record, value: str | None) -> str:
    return SEALED if record.sealed else str(value)


def _name_reason(a: Record, b: Record, score: float) -> str | None:
    if score < 0.5 or not a.name or not b.name:
        return None
    names = f"{_shown(a, a.name)} / {_shown(b, b.name)}"
    words_a, words_b = sorted(a.name.casefold().split()), sorted(b.name.casefold().split())
    if has_other_script(a.name) != has_other_script(b.name):
        how = "names match across scripts"
    elif has_diacritics(a.name) != has_diacritics(b.name):
        how = "names match apart from diacritics"
    elif words_a == words_b and a.name.casefold() != b.name.casefold():
        how = "names match in another order"
    else:
        how = "names match" if score >= 0.95 else f"names are alike ({score:.2f})"
    return f"{how}: {names}"


def _birth_reason(a: Record, b: Record) -> str | None:
    """What the birth dates say (a victim's never quoted)."""
    if not a.birth_date or not b.birth_date:
        return None
    hidden = a.sealed or b.sealed
    if a.birth_date == b.birth_date:
        what = "same birth date" if len(a.birth_date) >= 10 else "same birth year"
        return what if hidden else f"{what} {a.birth_date}"
    if a.birth_date[:4] == b.birth_date[:4]:
        days = ", different days" if len(a.birth_date) >= 10 and len(b.birth_date) >= 10 else ""
        return f"same birth year{days}" if hidden else f"same birth year {a.birth_date[:4]}{days}"
    return "different birth years" if hidden else f"different birth years: {a.birth_date[:4]} / {b.birth_date[:4]}"


def _shared(a: Record, b: Record) -> dict[str, str]:
    """Identifiers both hold: kind -> the reason in words."""
    theirs = {i.key for i in b.identifiers}
    shared: dict[str, str] = {}
    for i in sorted(a.identifiers, key=lambda i: (i.kind, i.key)):
        if i.key in theirs and i.kind not in shared:
            what = IDENTIFIER_WORDS.get(i.kind, i.kind)
            hidden = i.shown is None or a.sealed or b.sealed
            shared[i.kind] = f"same {what} {SEALED if hidden else i.shown}"
    return shared


def score(a: Record, b: Record) -> Candidate:
    """nomenklatura's score for the pair, raised by the identifiers they share; with the reasons."""
    a, b = (a, b) if a.id < b.id else (b, a)
    algorithm, config = _algorithm()
    result = algorithm.compare(proxy(a), proxy(b), config)
    # The lazy form: building the explanation models for every pair would cost more than the score.
    features = {name: float(f.score) for name, f in result._explanations.items() if f.score}  # noqa: SLF001
    value = float(result.score)
    shared = _shared(a, b)
    for _ in shared:  # each kind of identifier halves the doubt left
        value = 1 - (1 - value) / 2
    reasons = [_name_reason(a, b, features.get("name_match", 0.0)), _birth_reason(a, b), *shared.values()]
    if features.get("country_mismatch") and not (a.sealed or b.sealed):
        reasons.append(f"different nationalities: {a.country} / {b.country}")
    return Candidate(a, b, round(min(value, 1.0), 3), tuple(r for r in reasons if r), ALGORITHM, features)


def candidates(records: Iterable[Record], threshold: float = REVIEW_THRESHOLD, max_block: int = MAX_BLOCK,
               score_pair: Callable[[Record, Record], Candidate] | None = None) -> Iterator[Candidate]:
    """Every pair across cases scoring at or above the threshold, best first (scored by `score`, or
    by `score_pair`: resolve/scores.py's file of pairs already scored)."""
    by_id = {r.id: r for r in records}
    blocking = block(by_id.values(), max_block)
    scoring = score_pair or score
    found = [c for left, right in blocking.pairs if (c := scoring(by_id[left], by_id[right])).score >= threshold]
    yield from sorted(found, key=lambda c: (-c.score, c.pair))
