"""Name keys for blocking: one person written in Latin, Cyrillic or with diacritics meets one key.

Keys are deliberately coarse (a consonant skeleton of each name part): they only decide which
pairs nomenklatura scores, never whether two records are the same.
"""

from __future__ import annotations

import re
import unicodedata

from normality import ascii_text

_NOT_LETTERS = re.compile(r"[^a-z]+")
# Spellings that transliteration systems disagree on, reduced to one (Йон: Jon, Yon, Ion; Олег:
# Oleh, Oleg; Cristina, Кристина: Kristina). A hard Latin c reads k; ч and ц both end up c.
_HARD_C = re.compile(r"c(?![eihz])")
_DIGRAPHS = (("kh", "h"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("ts", "c"), ("ph", "f"), ("ck", "k"),
             ("ks", "x"), ("w", "v"), ("q", "k"), ("h", "g"))
_VOWELS = re.compile(r"[aeiouyj]")
_REPEATS = re.compile(r"(.)\1+")


def latin(name: str) -> str:
    """The name in plain ASCII Latin, lower case, one space between parts."""
    return " ".join(_NOT_LETTERS.sub(" ", (ascii_text(name) or "").lower()).split())


def skeleton(part: str) -> str:
    """A name part's key: its first sound (any vowel, j or y reads as 'a') and its consonants.

    >>> skeleton("oleksandr"), skeleton("aleksandr"), skeleton("jon"), skeleton("ion")
    ('alxndr', 'alxndr', 'an', 'an')
    """
    part = _HARD_C.sub("k", part)
    for spelling, one in _DIGRAPHS:
        part = part.replace(spelling, one)
    if not part:
        return ""
    head = "a" if part[0] in "aeiouyj" else part[0]
    return _REPEATS.sub(r"\1", head + _VOWELS.sub("", part[1:]))


def parts(name: str) -> list[str]:
    """The skeletons of a name's parts (two letters or more), sorted: word order does not matter."""
    return sorted({s for p in latin(name).split() if len(p) > 1 and (s := skeleton(p))})


def has_other_script(name: str) -> bool:
    """True when the name is written, even in part, in a script other than Latin (Cyrillic, Greek...)."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def has_diacritics(name: str) -> bool:
    """True when a Latin name carries letters beyond ASCII (Dimă, Müller)."""
    return not name.isascii() and not has_other_script(name)
