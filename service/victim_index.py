"""The identifying values of the victims of a user's cases, found in any text (`VictimIndex`).

Every string value of a response is searched for them: full name, person id, birth date, phone
numbers, addresses (and their street and number alone), passports and the other identifiers, in the
spellings they were loaded with; for analysts each part of a victim's name too. This catches free
text (an evidence description naming a victim) and whatever an analyst's Cypher returns. JSON keys
are never rewritten: they are the response's schema, and no route keys a map by a victim's value.

What is withheld depends on the reader (docs/api.md, "What is withheld from whom"):
- analysts (`relatives=True`): every value, and each word of a victim's name, so that her relatives,
  who share her surname, are not found by it ("Nadia [withheld]");
- investigators and prosecutors who have not given a purpose (`relatives=False`): whole values only,
  and never a person's own name in their own record (`others`): a suspect named like a victim, or
  sharing a word of her name, is shown by his name. His name may still be hers in free text: there
  it is a victim's value, and replaced.

Why every word, in every name (analysts), not only in the names of persons tied to her: a word is
then withheld everywhere or nowhere, so no answer shows the word another hides. Withheld only where
tied, her recruiter reads "Ion [withheld]" beside his brother "Petru Dima" and his firm "Dima
Transport SRL" (tests/test_withhold_narrowing.py), and whoever knows his name learns a word of one of
the few victims he is tied to. The price: unrelated namesakes lose the word, and "[withheld]" tells
that some victim of the cases bears it, which a query can ask of any word it computes (docs/api.md).

The index never answers questions about the caller's own words: what the caller sent comes back
as sent (`Echo`), or else replacing it would tell them whether it is a victim's name. It holds only
the victims of the cases a user works on, so that a victim loaded into one case can neither be looked
up from another nor change what its analysts see.

Values are compared as sequences of words, case-folded, with the separators dropped
("STRANDGATA 21 4005 Stavanger." matches "Strandgata 21, 4005 Stavanger"), so one index lookup per
word window serves a graph of any size. What it cannot catch is a value an analyst's Cypher
computes from a name (`reverse(p.name)`); the loader keeps victims' values out of the graph for that
reason (graph/sealing.py).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ingest.vocabulary import (
    CASE_STATUSES, COOPERATION, EVIDENCE_KINDS, IMMIGRATION_STATUSES, LINK_TYPES, ROLES,
)
from service.pseudonyms import WITHHELD, Pseudonyms, Victim

#: The longest value, in words, that is looked for (a postal address is five or six).
MAX_WORDS = 12
#: Where a record carries its own id, and where its name: a person's own name is never a victim's value in it.
ID_FIELDS, NAME_FIELDS = ("person_id", "id"), ("name", "label")

_WORD = re.compile(r"\w+")
#: The words of the schema's vocabularies (roles, statuses, kinds, link types): never looked for
#: as a victim's value, or a victim named "Suspect Victim" would turn every role into "[withheld]".
VOCABULARY = frozenset(w.casefold() for words in (ROLES, CASE_STATUSES, IMMIGRATION_STATUSES, COOPERATION,
                                                  EVIDENCE_KINDS, LINK_TYPES) for w in words)
_TOKENS = itertools.count()


@dataclass(frozen=True)
class Echo:
    """What the caller sent that the index would replace: left as it is where it comes back.

    The caller already has it, and replacing it would answer "is this a victim's?" (with the
    victim's pseudonym, even). `keys`: values found word for word in what they sent, spared
    wherever they occur (error messages, Cypher results, which compute on the caller's words);
    `texts`: whole strings they sent, spared only as a whole value (a plan's title).
    """

    keys: frozenset[str] = frozenset()
    texts: frozenset[str] = frozenset()


NO_ECHO = Echo()


@dataclass(frozen=True)
class _Entry:
    replacement: str
    victims: frozenset[str]
    #: A full name, birth date or identifier: seeing it is seeing who the victim is.
    #: Name parts and ids are replaced too, but do not by themselves count as a disclosure.
    identifying: bool

    def merge(self, other: _Entry) -> _Entry:
        same = self.replacement == other.replacement
        return _Entry(self.replacement if same else WITHHELD, self.victims | other.victims,
                      self.identifying or other.identifying)


def _key(text: str) -> str:
    return "".join(w.casefold() for w in _WORD.findall(text))


def _date_spellings(iso: str) -> list[str]:
    year, month, day = (iso.split("-") + ["", ""])[:3]
    return [iso, f"{day}.{month}.{year}", f"{day}/{month}/{year}"] if day else [iso]


def _street_parts(address: str) -> list[str]:
    """The parts of an address that say where someone lives on their own: "Strandgata 21" of
    "Strandgata 21, 4005 Stavanger", found in free text without the rest. A part needs a word
    and a number; a postcode and town alone ("4005 Stavanger") is a whole district, replaced
    only within the whole address."""
    parts = [p.strip() for p in address.split(",")]
    return [p for p in parts[:-1] if re.search(r"[^\W\d_]", p) and re.search(r"\d", p)] if len(parts) > 1 else []


class VictimIndex:
    """The identifying values of the victims given (the API gives those of a user's cases),
    keyed for lookup by word windows.

    `sealed_values=False` leaves out what the graph holds only sealed (full names, birth dates,
    identifiers): the index for Cypher results, where such a value can only be one the caller
    wrote into the query. Person ids and name parts stay in it: ids are in clear, and so are
    the names of relatives, who share a victim's surname.
    `relatives`: each word of a victim's name is looked for too (analysts); else whole values only.
    `clear`: victims whose values the graph holds in clear (possible victims): indexed whatever `sealed_values`.
    `others`: the names of the persons of the cases who are no victim in them, by id: in a record of
    their own (`ID_FIELDS`), their name (`NAME_FIELDS`) is theirs, never a victim's: it stays as it is
    (`relatives=False`), or for analysts has a victim's values in it `[withheld]`, never her pseudonym,
    which would stand beside his id.
    """

    def __init__(self, victims: Iterable[Victim], pseudonyms: Pseudonyms, *, sealed_values: bool = True,
                 relatives: bool = True, others: Mapping[str, str] | None = None, clear: Iterable[Victim] = ()) -> None:
        self._entries: dict[str, _Entry] = {}
        self._alias: dict[str, str] = {}
        self._others, self._relatives = dict(others or {}), relatives
        #: Tells one index from another (also one that replaced it after the graph changed).
        self.token = next(_TOKENS)
        held_in_clear = [(v, True) for v in clear]
        for v, in_clear in [*((v, False) for v in victims), *held_in_clear]:
            alias = self._alias[v.person_id] = pseudonyms.victim(v.person_id)
            self._add(v.person_id, alias, v, identifying=False)
            if v.name:
                if sealed_values or in_clear:
                    self._add(v.name, alias, v, identifying=True)
                for part in _WORD.findall(v.name) if relatives else ():
                    if len(part) > 1:
                        self._add(part, WITHHELD, v, identifying=False)
            if not sealed_values:
                continue
            for spelling in _date_spellings(v.birth_date) if v.birth_date else []:
                self._add(spelling, WITHHELD, v, identifying=True)
            for kind, value, spellings in v.identifiers:
                for spelling in (value, *spellings):
                    self._add(spelling, pseudonyms.identifier(kind, value), v, identifying=True)
                    for part in _street_parts(spelling) if kind == "address" else ():
                        self._add(part, pseudonyms.identifier(kind, value), v, identifying=True)
        self._real = {alias: pid for pid, alias in self._alias.items()}
        self._sorted = sorted(self._entries)
        # Responses repeat the same strings (citations, ids, reasons) over and over.
        self._hits = lru_cache(maxsize=1 << 16)(self._find)

    def _add(self, text: str, replacement: str, victim: Victim, *, identifying: bool) -> None:
        key = _key(text)
        if not key or key in VOCABULARY:
            return
        entry = _Entry(replacement, frozenset({victim.person_id}), identifying)
        self._entries[key] = self._entries[key].merge(entry) if key in self._entries else entry

    def is_victim(self, person_id: str) -> bool:
        return person_id in self._alias

    def alias(self, person_id: str) -> str:
        """The pseudonym of a victim; anyone else keeps their id."""
        return self._alias.get(person_id, person_id)

    def resolve(self, person_id: str) -> str:
        """The person id behind a pseudonym (ids that are not pseudonyms come back unchanged)."""
        return self._real.get(person_id, person_id)

    def _starts_a_value(self, prefix: str) -> bool:
        at = bisect_left(self._sorted, prefix)
        return at < len(self._sorted) and self._sorted[at].startswith(prefix)

    def _find(self, text: str) -> tuple[tuple[int, int, str, _Entry], ...]:
        """Longest matches, left to right. A window grows word by word while some value starts
        with it, so most words cost one bisection and no more."""
        words = list(_WORD.finditer(text))
        folded = [w.group().casefold() for w in words]
        hits, i = [], 0
        while i < len(words):
            joined, best = "", None
            for j in range(i, min(i + MAX_WORDS, len(words))):
                joined += folded[j]
                if not self._starts_a_value(joined):
                    break
                if joined in self._entries:
                    best = (j, joined)
            if best:
                hits.append((words[i].start(), words[best[0]].end(), best[1], self._entries[best[1]]))
                i = best[0] + 1
            else:
                i += 1
        return tuple(hits)

    def _values_in(self, text: str) -> Iterable[str]:
        """Every value of the index that `text` holds, in any window of its words (not only the
        longest, left to right, as a scrub replaces them)."""
        folded = [w.casefold() for w in _WORD.findall(text)]
        for i in range(len(folded)):
            joined = ""
            for j in range(i, min(i + MAX_WORDS, len(folded))):
                joined += folded[j]
                if not self._starts_a_value(joined):
                    break
                if joined in self._entries:
                    yield joined

    def echo(self, sent: Any, *, whole: bool = False) -> Echo:
        """What of the caller's input (`sent`: strings, lists and maps, keys included) the index
        would replace; `whole`: spare only whole strings, not their words elsewhere."""
        texts = [t for t in _strings(sent) if self._hits(t)]
        if whole:
            return Echo(texts=frozenset(texts))
        return Echo(keys=frozenset(k for t in texts for k in self._values_in(t)))

    def scrub_text(self, text: str, spare: frozenset[str] = frozenset()) -> str:
        hits = [h for h in self._hits(text) if h[2] not in spare]
        if not hits:
            return text
        parts, last = [], 0
        for start, end, _, entry in hits:
            parts += [text[last:start], entry.replacement]
            last = end
        parts.append(text[last:])
        return "".join(parts)

    def withhold(self, text: str) -> str:
        """Someone's text (a colleague's plan title) for a reader who may not see victims: each victim's
        value replaced by "[withheld]", never by a pseudonym, which would tie the value to the victim."""
        hits = self._hits(text)
        if not hits:
            return text
        parts, last = [], 0
        for start, end, _, _ in hits:
            parts += [text[last:start], WITHHELD]
            last = end
        return "".join(parts + [text[last:]])

    def own_name(self, record: Mapping[str, Any]) -> str | None:
        """The name a record of a person who is no victim carries as their own (kept as it is)."""
        for field in ID_FIELDS:
            pid = record.get(field)
            if isinstance(pid, str) and pid in self._others:
                return self._others[pid]
        return None

    def scrub(self, value: Any, echo: Echo = NO_ECHO, _own: str | None = None) -> Any:
        """The value with every victim's identifying text replaced in its strings, however deep in
        lists and maps; map keys, what the caller sent (`echo`) and a person's own name in their
        own record (`others`) stay as they are."""
        if isinstance(value, str):
            if value in echo.texts:
                return value
            if value == _own:
                return self.withhold(value) if self._relatives else value
            return self.scrub_text(value, echo.keys)
        if isinstance(value, dict):
            own = self.own_name(value) if self._others else None
            return {k: self.scrub(v, echo, own if k in NAME_FIELDS else None) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.scrub(v, echo) for v in value]
        return value

    def disclosed(self, value: Any, echo: Echo = NO_ECHO) -> set[str]:
        """Ids of the victims whose name, birth date or identifiers appear in the value (map keys
        included), but for what the caller sent (`echo`) and persons' own names in their own records."""
        found: set[str] = set()
        for text in _strings(value, self):
            if text in echo.texts:
                continue
            for _, _, key, entry in self._hits(text):
                if entry.identifying and key not in echo.keys:
                    found |= entry.victims
        return found


def _strings(value: Any, index: VictimIndex | None = None, own: str | None = None) -> Iterable[str]:
    """Every string of the value, map keys included; with an `index`, but for persons' own names."""
    if isinstance(value, str):
        if value != own:
            yield value
    elif isinstance(value, dict):
        mine = index.own_name(value) if index is not None else None
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v, index, mine if k in NAME_FIELDS else None)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v, index)
