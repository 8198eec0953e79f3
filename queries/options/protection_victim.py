"""One victim and one protection that hangs on trafficking proceedings (queries.options.protection_loss):
whether she holds it, whether it applies to her at all, what she stands to lose with no trafficking
count about her, and the count that would keep it."""

from __future__ import annotations

from queries.network.model import Person
from queries.options.scope import CaseScope
from rules.entries import Protection

__all__ = ["holds", "moot_reason", "remedy", "status_of"]


def holds(scope: CaseScope, person: Person, protection: Protection) -> bool:
    """Whether the case data shows the victim already holds the protection (pack's held_when)."""
    held = protection.held_when
    if held is None:
        return False
    if held.identified and not person.is_identified_victim:
        return False
    if held.cooperation and scope.cooperation(person) not in held.cooperation:
        return False
    if held.immigration_status and person.immigration_status not in held.immigration_status:
        return False
    return True


def moot_reason(scope: CaseScope, person: Person, protection: Protection) -> str | None:
    """Why the protection does not apply to this victim at all, if it does not: a status she
    holds makes it moot, or it is a renewal and she does not hold it (legal-review-3.md E3)."""
    moot = protection.not_applicable_when
    if moot is not None and person.immigration_status in moot.statuses:
        return f"{moot.reason} (status: {person.immigration_status})"
    if protection.holders_only and not holds(scope, person, protection):
        held = protection.held_when
        statuses = ", ".join(held.immigration_status) if held and held.immigration_status else "it"
        return f"only a holder can renew it, and she does not hold {statuses}"
    return None


def status_of(scope: CaseScope, person: Person, protection: Protection) -> str | None:
    standing = scope.standings.of(person.person_id)
    if standing is None:
        return None
    if standing.standing != "identified":
        return "would_not_be_identified"
    if protection.holders_only:
        # A renewal she holds the permit for: what is at risk is obtaining the renewal.
        return "would_not_obtain"
    if holds(scope, person, protection):
        return None if protection.held_when and protection.held_when.secured else "would_lose"
    return "would_not_obtain"


def remedy(scope: CaseScope, victim_id: str) -> str:
    """What would keep a victim's protections: the best trafficking count about her."""
    counts = [(p, c) for p in scope.exploiters_of(victim_id) if (c := scope.best_trafficking_count(p))]
    if not counts:
        return "a trafficking count naming them as aggrieved parties (no one in the case is linked to them yet)"
    best = max(c.strength for _, c in counts)
    parts = []
    for person_id, count in ((p, c) for p, c in counts if c.strength == best):
        who = f"{scope.network.label(person_id)} ({person_id})" if scope.show_names else person_id
        proof = "the evidence supports every element" if not count.missing else (
            f"evidence still missing for: {', '.join(count.missing)}")
        parts.append(f"charge {who} under {count.code} ({count.citation}) as to them; {proof}")
    return " or ".join(parts) + _elsewhere(scope, victim_id)


def _elsewhere(scope: CaseScope, victim_id: str) -> str:
    """A victim of other cases too: a trafficking count there is about her as well, and this case
    cannot see it. Whether a protection follows a count in any case or only in this one is the
    law's (and the pack's) question, left open here (docs/rules.md, Known limits)."""
    others = sorted({r.case_id for r in scope.network.persons[victim_id].roles
                     if r.role == "victim" and r.case_id != scope.case_id})
    if not scope.case_id or not others:
        return ""
    return (f" (also a victim in {', '.join(others)}: a trafficking count about them there is judged in that case, "
            "not here; check there before counting this protection lost)")
