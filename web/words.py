"""Words for codes: the vocabulary of web/words.yaml, and rule ids in any text told as their statutes.

Pages never show a flag code or a rule id (`PROTECTION_LOSS`, `strl_257`): a flag reads as a
phrase with its code in a tooltip, an offence or measure as its citation from the rule pack
("straffeloven (2005) § 257"). The engine's sentences still name rules by id here and there
("charge P002 under strl_257 (straffeloven (2005) § 257)"): `statutes` rewrites them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from service.lookups import rule_pack as pack_for

__all__ = ["cost_phrase", "flag_phrase", "protection_short", "protections_named", "statutes", "vocabulary"]

HERE = Path(__file__).parent
#: The packs whose rule ids a page may meet (rules/packs/*.yaml).
JURISDICTIONS = ("NO", "GB", "US", "CA")


@cache
def vocabulary() -> dict[str, Any]:
    return yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))


def flag_phrase(code: str, status: str | None = None) -> str:
    key = "NOT_YET_IDENTIFIED" if status == "would_not_be_identified" else code
    entry = vocabulary()["flags"].get(key)
    return entry["phrase"] if entry else code.replace("_", " ").capitalize()


def _plural(n: int, word: str) -> str:
    return word if n == 1 else f"{word}s"


def cost_phrase(key: str, n: int, m: int = 0) -> str:
    """An option's cost for one kind of flag: "costs 3 identified victims 2 protections"."""
    entry = vocabulary()["flags"].get(key)
    template = entry["cost"] if entry else f"{key.replace('_', ' ').lower()}: {{n}} {{victims}}"
    return template.format(n=n, m=m, victims=_plural(n, "victim"), protections=_plural(m, "protection"))


def protection_short(code: str | None, title: str | None) -> str:
    short = vocabulary()["protections"].get(code or "")
    return short or (title or code or "").split(" (")[0]


@cache
def _citations(jurisdiction: str | None) -> tuple[re.Pattern[str], dict[str, str]]:
    """Every rule id of the pack (of every pack: the first's citation where two share an id) that
    reads as an id (an underscore or a digit), with its citation."""
    cited: dict[str, str] = {}
    for name in (jurisdiction, *JURISDICTIONS) if jurisdiction in JURISDICTIONS else JURISDICTIONS:
        pack = pack_for(name)
        for rule in (*pack.offences, *pack.measures, *pack.protections, *pack.non_punishment):
            if ("_" in rule.code or any(c.isdigit() for c in rule.code)) and getattr(rule, "citation", None):
                cited.setdefault(rule.code, rule.citation)
    codes = "|".join(re.escape(c) for c in sorted(cited, key=len, reverse=True))
    # "CODE (its citation)" or a bare CODE; not inside a longer word or id.
    return re.compile(rf"(?<![\w-])({codes})(?![\w-])(?: \(([^()]*(?:\([^()]*\)[^()]*)*)\))?"), cited


def statutes(text: Any, jurisdiction: str | None = None) -> Any:
    """`text` with each rule id told as its statute ("under strl_257 (straffeloven (2005) § 257)" ->
    "under straffeloven (2005) § 257"), the case's pack first; anything not a string as it is."""
    if not isinstance(text, str) or not text:
        return text
    pattern, cited = _citations(jurisdiction)

    def told(m: re.Match[str]) -> str:
        citation, aside = cited[m.group(1)], m.group(2)
        if aside is None or aside == citation:
            return citation
        return f"{citation} ({aside})"

    return pattern.sub(told, text)


def protections_named(flags: list[dict[str, Any]]) -> list[str]:
    """The protections these flags put at stake, by their short names, once each, in order."""
    seen: dict[str, str] = {}
    for f in flags:
        code = f.get("protection_code")
        if code and code not in seen:
            seen[code] = protection_short(code, f.get("protection_title"))
    return list(seen.values())
