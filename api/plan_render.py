"""Rich output for charge plans: one plan, plans side by side, suggestions, case outcomes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from api.render import FLAG_STYLE
from queries.network import CaseNetwork
from queries.options import Flag
from queries.outcomes import CaseOutcomes
from queries.plan_compare import CONCEPTIONS, ComparisonRow, comparison_rows
from queries.plan_results import PlanEvaluation
from queries.plan_suggest import Suggestions

__all__ = ["outcomes_table", "print_plan_comparison", "print_plan_evaluation", "print_suggestions"]


def _disclaimer(e: PlanEvaluation) -> Text:
    return Text(f"{e.disclaimer.rstrip('.')}. Rule pack {e.jurisdiction} v{e.pack_version}: {e.review_status}.",
                style="italic")


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "-"


def _cell_style(row: ComparisonRow, i: int) -> str:
    if not row.differs:
        return ""
    if row.better is None:
        return "bold"
    return "bold green" if i in row.best else "yellow"


def comparison_table(evaluations: Sequence[PlanEvaluation]) -> Table:
    """The three conceptions as rows, one column per plan; where plans differ, the best is green."""
    table = Table(show_lines=False, title_justify="left")
    table.add_column("conception", style="bold")
    table.add_column("score")
    for n, e in enumerate(evaluations, start=1):
        table.add_column(Text(f"{n}. {e.plan.title}"), overflow="fold")
    shown = ""
    for row in comparison_rows(evaluations):
        label = Text(row.label, style="bold yellow" if row.differs else "")
        if row.differs:
            label.append(" *")
        conception = CONCEPTIONS[row.conception] if row.conception != shown else ""
        if conception:
            table.add_section()
        shown = row.conception
        table.add_row(conception, label, *(Text(c, style=_cell_style(row, i)) for i, c in enumerate(row.cells)))
    return table


def _protections(e: PlanEvaluation) -> Text:
    statuses = ("would_lose", "would_not_obtain", "would_not_be_identified")
    lost = [p for p in e.victims.protections if any(getattr(p, s) for s in statuses)]
    text = Text(f"{e.plan.title}: ", style="bold")
    if not lost:
        kept = sorted({v for p in e.victims.protections for v in p.kept})
        text.append(f"keeps every protection for every victim ({_ids(kept)}).", style="green")
        return text
    text.append(" PROTECTION_LOSS ", style=FLAG_STYLE["high"])
    for p in lost:
        parts = [f"{s.replace('_', ' ')}: {_ids(getattr(p, s))}" for s in statuses if getattr(p, s)]
        text.append(f"\n  {p.title} [{p.citation}]: {'; '.join(parts)}")
    keeps: dict[str, set[str]] = {}
    for f in e.victims.flags:
        if f.code == "PROTECTION_LOSS" and f.keep:
            keeps.setdefault(f.keep, set()).update(f.victim_ids)
    for keep, ids in keeps.items():
        text.append(f"\n  To keep them for {_ids(sorted(ids))}: {keep}.", style="italic")
    return text


def print_plan_comparison(console: Console, evaluations: Sequence[PlanEvaluation]) -> None:
    """Plans side by side (rows marked * differ), then what each costs the victims' protections."""
    console.print(comparison_table(evaluations))
    console.print(Text("* the plans differ here; green does best.", style="dim"))
    console.print(Panel(Group(*(_protections(e) for e in evaluations)), title="Victims' protections under each plan",
                        title_align="left"))
    console.print(_disclaimer(evaluations[0]))


def _flag(f: Flag) -> Text:
    text = Text(f" {f.code} ", style=FLAG_STYLE.get(f.severity, "bold"))
    text.append(f" {f.explanation}")
    text.append(f" Victims: {_ids(f.victim_ids)}.", style="bold")
    text.append(f" [{f.citation}]", style="dim")
    return text


def _actions_table(e: PlanEvaluation, network: CaseNetwork) -> Table:
    table = Table(show_lines=True)
    for col in ("line", "against", "offence or measure", "strength", "maximum penalty", "flags"):
        table.add_column(col)
    for r in e.actions:
        o = r.option
        title = f"{escape(o.title)}\n[dim]{escape(o.citation)}[/]"
        if o.source_status != "confirmed":
            title += " [yellow](rule unverified)[/]"
        strength = f"{o.strength:.0%}\n[dim]{o.independent_strength:.0%} indep.[/]"
        if not r.acts:
            strength += "\n[red]acts against no one[/]"
        penalty = (o.max_penalty or {}).get("text", "-") if o.kind == "offence" else f"measure: {o.agency or ''}"
        target = f"{escape(network.label(r.action.target))}\n[dim]{escape(r.action.target)}[/]"
        table.add_row(str(r.action.line or ""), target, title, strength, escape(penalty),
                      "\n".join(sorted({f.code for f in r.flags})) or "-")
    return table


def print_plan_evaluation(console: Console, e: PlanEvaluation, network: CaseNetwork) -> None:
    parts: list = [_actions_table(e, network), comparison_table([e])]
    if e.victims.unaffected_protections:
        parts.append(Text("Not affected by the choice of charges: " + "; ".join(e.victims.unaffected_protections),
                          style="dim"))
    parts.append(_protections(e))
    parts += [_flag(f) for f in e.victims.flags if f.code != "PROTECTION_LOSS"]  # said just above
    parts += [Text(f"warning: {w}", style="yellow") for w in e.warnings]
    parts.append(_disclaimer(e))
    title = Text(f"Plan: {e.plan.title} ({e.plan.case}, {e.plan.source})")
    if e.plan.description:
        parts.insert(0, Text(e.plan.description))
    console.print(Panel(Group(*parts), title=title, title_align="left"))


def print_suggestions(console: Console, s: Suggestions) -> None:
    console.print(Text(
        f"Suggested plans for {s.case_id}: {s.candidates} plans of up to {s.max_actions} actions built from the "
        f"options of key persons {_ids(s.persons)} and businesses {_ids(s.businesses)}; {s.front} on the Pareto "
        "front of the three conceptions of success."
    ))
    for n, sg in enumerate(s.suggestions, start=1):
        lines = [Text(f"Why: {'; '.join(sg.reasons)}.")]
        if not sg.on_front:
            lines.append(Text("Best among the plans meeting its condition; other plans do better on every conception.",
                              style="yellow"))
        for r in sg.evaluation.actions:
            item = ", ".join(f"{k}: {v}" for k, v in r.action.to_dict().items())
            lines.append(Text(f"  - {{{item}}}  # {r.option.title}", style="bold" if r.acts else "dim"))
        console.print(Panel(Group(*lines), title=Text(f"{n}. {' / '.join(sg.names)}"), title_align="left"))
    if s.suggestions:
        print_plan_comparison(console, [sg.evaluation for sg in s.suggestions])
    for note in s.notes:
        console.print(Text(note, style="yellow"))
    console.print(Text(s.statement, style="bold"))


def _value(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:,}" if isinstance(v, int) else f"{v:,.2f}"


def outcomes_table(result: CaseOutcomes) -> Table:
    table = Table(title=Text(f"Anticipated and achieved outcomes of {result.case_id}"), title_justify="left")
    for col in ("outcome", "anticipated", "achieved", "target set", "achievement recorded"):
        table.add_column(col, justify="left" if col == "outcome" else "right")
    for o in result.outcomes:
        table.add_row(o.kind.replace("_", " "), _value(o.target), _value(o.achieved),
                      f"{o.recorded_at:%Y-%m-%d %H:%M}" if o.recorded_at else "-",
                      f"{o.achieved_at:%Y-%m-%d %H:%M}" if o.achieved_at else "-")
    return table
