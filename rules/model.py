"""The shape of a jurisdiction rule pack (one YAML file per jurisdiction, see docs/rules.md):
the pack, its lookups and the checks that span its sections.

The models only describe and check structure. What the law says lives in the YAML packs;
nothing here names a statute. The entries are in rules/entries.py, the vocabularies and
checked types in rules/fields.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from rules.catalogue_rows import catalogue
from rules.errors import UnknownRule
from rules.entries import (
    ExpulsionLimit, FlagBasis, Measure, MissingRule, NonPunishment, Offence, Protection,
)
from rules.fields import BASIS_KEYS, BasisKey, NationalityCode, Rule, Text
from rules.indicator_sets import indicator_sets
from rules.vocabulary import indicator_meanings


class RulePack(Rule):
    jurisdiction: Literal["NO", "US", "CA", "GB"]
    title: Text
    version: Text
    reviewed_by: str = ""
    reviewed_on: date | None = None
    currency: Text  # the state of the law the pack reflects
    disclaimer: Text
    #: Nationality values that are not foreign here (stored upper-case).
    nationality_codes: list[NationalityCode] = Field(min_length=1)
    offences: list[Offence] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    protections: list[Protection] = Field(default_factory=list)
    non_punishment: list[NonPunishment] = Field(default_factory=list)
    flag_basis: dict[BasisKey, FlagBasis]
    expulsion_limit: ExpulsionLimit | None = None
    missing_rules: list[MissingRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _review_fields_agree(self) -> RulePack:
        if bool(self.reviewed_by.strip()) != (self.reviewed_on is not None):
            raise PydanticCustomError("review", "reviewed_by and reviewed_on are set together or left empty together")
        missing = set(BASIS_KEYS) - set(self.flag_basis)
        if missing:
            raise PydanticCustomError("flag_basis", "flag_basis misses {missing}", {"missing": ", ".join(sorted(missing))})
        return self

    # -- lookups -------------------------------------------------------------------------

    @property
    def is_reviewed(self) -> bool:
        return bool(self.reviewed_by.strip())

    @property
    def review_status(self) -> str:
        if not self.is_reviewed:
            return "unreviewed by counsel"
        return f"reviewed by {self.reviewed_by} on {self.reviewed_on}"

    def offence(self, code: str) -> Offence | None:
        return next((o for o in self.offences if o.code == code), None)

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures if m.code == code), None)

    def rule(self, code: str) -> Offence | Measure:
        """The offence or measure `code`; UnknownRule, listing the pack's codes, if it has neither."""
        rule = self.offence(code) or self.measure(code)
        if rule is None:
            raise UnknownRule(code, self.jurisdiction, [r.code for r in (*self.offences, *self.measures)])
        return rule

    def protection(self, code: str) -> Protection | None:
        return next((p for p in self.protections if p.code == code), None)

    def expulsion_caveat(self, nationality: str | None, status: str | None) -> str | None:
        """The stricter test a person's expulsion would face, with its citation, if any."""
        limit = self.expulsion_limit
        if limit is None:
            return None
        if (nationality or "").strip().upper() in limit.nationality_codes or (status and status in limit.statuses):
            return f"{limit.caveat} ({limit.citation})"
        return None

    def is_national(self, nationality: str | None) -> bool | None:
        """True or False where the nationality is known, None where it is not."""
        if not nationality:
            return None
        return nationality.strip().upper() in self.nationality_codes

    def rule_id(self, code: str) -> str:
        """The key of a catalogue node: codes are unique within a pack, not across packs."""
        return f"{self.jurisdiction}:{code}"

    # -- checks that span sections -------------------------------------------------------

    def reference_errors(self) -> list[str]:
        """Codes that must be unique, and references that must resolve, as `key.path: message`."""
        errors: list[str] = []
        seen: dict[str, str] = {}
        for section in ("offences", "measures", "protections", "non_punishment"):
            for i, rule in enumerate(getattr(self, section)):
                where = f"{section}[{i}].code"
                if rule.code in seen:
                    errors.append(f"{where}: duplicate code '{rule.code}' (also {seen[rule.code]})")
                seen.setdefault(rule.code, where)
        sets = indicator_sets()
        for i, o in enumerate(self.offences):
            for j, e in enumerate(o.elements):
                for k, proof in enumerate(e.proven_by):
                    where, iset = f"offences[{i}].elements[{j}].proven_by[{k}]", sets[proof.set]
                    if iset.kind == "count" and proof.at_least is None:
                        errors.append(f"{where}: a count set needs `at_least`")
                    if proof.dimension and proof.dimension not in iset.dimensions:
                        errors.append(f"{where}: set '{proof.set}' has no dimension '{proof.dimension}'")
        offences = {o.code for o in self.offences}
        measures = {m.code for m in self.measures}
        for i, p in enumerate(self.protections):
            for j, code in enumerate(p.kept_by):
                if code not in offences:
                    errors.append(f"protections[{i}].kept_by[{j}]: unknown offence code '{code}'")
        for i, np in enumerate(self.non_punishment):
            for j, code in enumerate(np.offences):
                if code not in offences:
                    errors.append(f"non_punishment[{i}].offences[{j}]: unknown offence code '{code}'")
            for j, code in enumerate(np.measures):
                if code not in measures:
                    errors.append(f"non_punishment[{i}].measures[{j}]: unknown measure code '{code}'")
        return errors

    # -- rows for the Neo4j catalogue ----------------------------------------------------

    def catalogue_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Flat rows ready for `UNWIND $rows AS row`: primitive values only, None dropped.

        Nodes: packs, offences, measures, protections, non_punishment, indicators (keyed by
        `rule_id`, `jurisdiction` or `code`). Links: offence_indicators (one row per element
        and indicator), measure_indicators, protection_kept_by, non_punishment_rules (the
        offences and measures each entry covers, areas resolved) and non_punishment_indicators.
        """
        return catalogue(self, indicator_meanings())
