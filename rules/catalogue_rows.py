"""A rule pack as flat rows for the Neo4j catalogue (`RulePack.catalogue_rows`).

Primitive values only, None dropped, ready for `UNWIND $rows AS row`: analysts query the law
beside the cases (docs/rules.md, "The catalogue in Neo4j").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: rules.model owns the packs and calls this module
    from rules.entries import Measure, Offence
    from rules.fields import Source
    from rules.model import RulePack

__all__ = ["catalogue"]


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _source(source: Source) -> dict[str, Any]:
    return {"status": source.status, "source": source.reference, "check": source.check}


def _consequences(rule: Offence | Measure) -> dict[str, Any]:
    return {
        "consequences": [f"{c.kind}: {c.description} ({c.citation})" for c in rule.consequences],
        "consequence_kinds": sorted({c.kind for c in rule.consequences}),
    }


def catalogue(pack: RulePack, meanings: dict[str, dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    rid = pack.rule_id
    jur = pack.jurisdiction
    rows: dict[str, list[dict[str, Any]]] = {
        "packs": [_clean({
            "jurisdiction": jur, "title": pack.title, "version": pack.version, "reviewed_by": pack.reviewed_by,
            "reviewed_on": pack.reviewed_on.isoformat() if pack.reviewed_on else None,
            "review_status": pack.review_status, "currency": pack.currency, "disclaimer": pack.disclaimer,
        })],
        "indicators": [
            _clean({"code": code, "meaning": m.get("meaning"), "group": m.get("group")})
            for code, m in sorted(meanings.items())
        ],
        "offences": [], "offence_indicators": [], "measures": [], "measure_indicators": [],
        "protections": [], "protection_kept_by": [], "non_punishment": [], "non_punishment_rules": [],
        "non_punishment_indicators": [],
    }
    for o in pack.offences:
        rows["offences"].append(_clean({
            "rule_id": rid(o.code), "jurisdiction": jur, "code": o.code, "title": o.title, "citation": o.citation,
            "category": o.category, "area": o.area, "max_penalty": o.max_penalty.text,
            "max_penalty_years": o.max_penalty.years, "max_penalty_life": o.max_penalty.life,
            "testimony_dependent": o.testimony_dependent, "element_ids": [e.id for e in o.elements],
            **_consequences(o), **_source(o.source),
        }))
        for e in o.elements:
            for ind in e.indicators:
                rows["offence_indicators"].append({
                    "rule_id": rid(o.code), "element_id": e.id, "element": e.description, "indicator": ind,
                })
    for m in pack.measures:
        rows["measures"].append(_clean({
            "rule_id": rid(m.code), "jurisdiction": jur, "code": m.code, "title": m.title, "area": m.area,
            "agency": m.agency, "citation": m.citation, "effect": m.effect, "risks": m.risks, "target": m.target,
            "falls_on_workers": m.falls_on_workers, "requires_foreign_national": m.requires_foreign_national,
            "indicators": list(m.indicators), **_consequences(m), **_source(m.source),
        }))
        rows["measure_indicators"] += [{"rule_id": rid(m.code), "indicator": i} for i in m.indicators]
    for p in pack.protections:
        rows["protections"].append(_clean({
            "rule_id": rid(p.code), "jurisdiction": jur, "code": p.code, "title": p.title, "citation": p.citation,
            "trigger": p.trigger, "duration": p.duration, "survives_alternative_charges": p.survives_alternative_charges,
            "depends_on_trafficking_charge": p.depends_on_trafficking_charge,
            "foreign_nationals_only": p.foreign_nationals_only, "explanation": p.explanation, **_source(p.source),
        }))
        rows["protection_kept_by"] += [{"rule_id": rid(p.code), "offence_rule_id": rid(c)} for c in p.kept_by]
    for n in pack.non_punishment:
        rows["non_punishment"].append(_clean({
            "rule_id": rid(n.code), "jurisdiction": jur, "code": n.code, "title": n.title, "citation": n.citation,
            "defence": n.defence, "victim_exposure": n.victim_exposure, "effect": n.effect, "areas": list(n.areas),
            "victim_indicators": list(n.victim_indicators), "victim_statuses": list(n.victim_statuses),
            **_source(n.source),
        }))
        for kind, rules in (("offence", pack.offences), ("measure", pack.measures)):
            rows["non_punishment_rules"] += [
                {"rule_id": rid(n.code), "target_rule_id": rid(r.code), "target_kind": kind}
                for r in rules if n.covers(r.code, r.area)
            ]
        rows["non_punishment_indicators"] += [{"rule_id": rid(n.code), "indicator": i} for i in n.victim_indicators]
    return rows
