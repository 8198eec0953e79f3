"""Rich output for charge plans: one plan, plans side by side, suggestions, case outcomes."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Column, Table
from rich.text import Text

from cli.render import Boxed, Fit, badge, flag_block, indent, option_cell, strength_cell, table
from queries.network.model import CaseNetwork
from queries.options.engine import Option
from queries.plans.compare import CONCEPTIONS, ComparisonRow, comparison_rows
from queries.plans.costs import cost_title
from queries.plans.outcomes import CaseOutcomes
from queries.plans.results import PlanEvaluation
from queries.plans.suggest import Suggestions

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


def comparison_table(evaluations: Sequence[PlanEvaluation]) -> Fit:
    """The three conceptions as rows, one column per plan; where plans differ, the best is green.

    Where the plans' columns would be narrower than about 20 characters, each conception heads
    its rows instead of taking a column of its own."""
    return Fit(lambda width: _comparison(evaluations, width >= 40 + 20 * len(evaluations)))


def _comparison(evaluations: Sequence[PlanEvaluation], conception_column: bool) -> Table:
    t = table(title_justify="left")
    if conception_column:
        t.add_column("conception", style="bold", overflow="fold")
    t.add_column("score", min_width=12, overflow="fold")
    for n, e in enumerate(evaluations, start=1):
        t.add_column(Text(f"{n}. {e.plan.title}"), overflow="fold")
    shown = ""
    for row in comparison_rows(evaluations):
        label = Text(row.label, style="bold yellow" if row.differs else "")
        if row.differs:
            label.append(" *")
        cells = [Text(c, style=_cell_style(row, i)) for i, c in enumerate(row.cells)]
        if row.conception != shown:
            t.add_section()
            if not conception_column:
                t.add_row(Text(CONCEPTIONS[row.conception], style="bold underline"), *[""] * len(cells))
        conception = CONCEPTIONS[row.conception] if row.conception != shown else ""
        shown = row.conception
        t.add_row(*([conception] if conception_column else []), label, *cells)
    return t


def _protections(e: PlanEvaluation) -> Group:
    """What the plan costs each victim's protections: one line for each protection lost, then
    what would keep them."""
    statuses = ("would_lose", "would_not_obtain", "would_not_be_identified")
    lost = [p for p in e.victims.protections if any(getattr(p, s) for s in statuses)]
    head = Text(f"{e.plan.title}: ", style="bold")
    moot = [indent(Text(f"{p.title}: does not apply to {v}: {why}.", style="dim"))
            for p in e.victims.protections for v, why in p.not_applicable.items()]
    if not lost:
        kept = sorted({v for p in e.victims.protections for v in p.kept})
        head.append(f"keeps every protection for every victim ({_ids(kept)}).", style="green")
        # Keeping protections is not costing nothing: a raid or an exposure is said beside it.
        other = cost_title(e.victims)
        lines_ok: list[RenderableType] = [head] + moot
        if e.victims.harms:
            lines_ok.append(indent(Text(f"Other costs to victims: {other}.", style="bold yellow")))
        return Group(*lines_ok)
    head.append_text(badge("PROTECTION_LOSS", "high"))
    lines: list[RenderableType] = [head, *moot]
    for p in lost:
        parts = [f"{s.replace('_', ' ')}: {_ids(getattr(p, s))}" for s in statuses if getattr(p, s)]
        lines.append(indent(Text(f"{p.title} [{p.citation}]: {'; '.join(parts)}")))
    keeps: dict[str, set[str]] = {}
    for f in e.victims.flags:
        if f.code == "PROTECTION_LOSS" and f.keep:
            keeps.setdefault(f.keep, set()).update(f.victim_ids)
    for keep, ids in keeps.items():
        lines.append(indent(Text(f"To keep them for {_ids(sorted(ids))}: {keep}.", style="italic")))
    return Group(*lines)


def print_plan_comparison(console: Console, evaluations: Sequence[PlanEvaluation]) -> None:
    """Plans side by side (rows marked * differ), then what each costs the victims' protections."""
    console.print(comparison_table(evaluations))
    console.print(Text("* the plans differ here; green does best.", style="dim"))
    console.print(Boxed(Group(*(_protections(e) for e in evaluations)), "Victims' protections under each plan"))
    console.print(_disclaimer(evaluations[0]))


def _penalty(o: Option) -> str:
    return (o.max_penalty or {}).get("text", "-") if o.kind == "offence" else f"measure: {o.agency or ''}"


def _actions_table(e: PlanEvaluation, network: CaseNetwork, width: int) -> Table:
    """The plan's lines; below about 110 columns, line, penalty and flags move into the other cells."""
    wide = width >= 110
    columns: list[str | Column] = ["line"] * wide + ["against", Column("offence or measure", min_width=24), "strength"]
    columns += ["maximum penalty", Column("flags", no_wrap=True)] * wide
    t = table(*columns, show_lines=True)
    for r in e.actions:
        o = r.option
        codes = sorted({f.code for f in r.flags})
        title = option_cell(o)
        strength = strength_cell(o)
        if not r.acts:
            strength.append("\nacts against no one", style="red")
        target = Text.assemble(network.label(r.action.target), "\n", (r.action.target, "dim"))
        if wide:
            t.add_row(str(r.action.line or ""), target, title, strength, Text(_penalty(o)), "\n".join(codes) or "-")
            continue
        if r.action.line:
            target = Text.assemble((f"line {r.action.line}", "dim"), "\n", target)
        title.append(f"\nmaximum penalty: {_penalty(o)}" if o.kind == "offence" else f"\nby: {o.agency or '-'}")
        if codes:
            title.append("\nflags: " + ", ".join(codes), style="bold")
        t.add_row(target, title, strength)
    return t


def print_plan_evaluation(console: Console, e: PlanEvaluation, network: CaseNetwork) -> None:
    """The plan's lines and scores, then each of its flags said whole (PROTECTION_LOSS included)."""
    parts: list[RenderableType] = [Fit(lambda width: _actions_table(e, network, width)), comparison_table([e])]
    if e.victims.unaffected_protections:
        parts.append(Text("Not affected by the choice of charges: " + "; ".join(e.victims.unaffected_protections),
                          style="dim"))
    if not any(f.code == "PROTECTION_LOSS" for f in e.victims.flags):
        parts.append(_protections(e))
    if e.victims.flags:
        parts.append(Text("\nFlags of this plan:", style="bold"))
        parts += [flag_block(f, names=False) for f in e.victims.flags]  # by id, as the plan's tables say them
    parts += [Text(f"warning: {w}", style="yellow") for w in e.warnings]
    parts += [Text(""), _disclaimer(e)]
    if e.plan.description:
        parts.insert(0, Text(e.plan.description))
    console.print(Boxed(Group(*parts), f"Plan: {e.plan.title} ({e.plan.case}, {e.plan.source})"))


def print_suggestions(console: Console, s: Suggestions) -> None:
    console.print(Text(
        f"Suggested plans for {s.case_id}: {s.candidates} plans of up to {s.max_actions} actions built from the "
        f"options of key persons {_ids(s.persons)} and businesses {_ids(s.businesses)}; {s.front} on the Pareto "
        "front of the three conceptions of success."
    ))
    for n, sg in enumerate(s.suggestions, start=1):
        costs = cost_title(sg.evaluation.victims)
        lines = [Text(f"Costs victims: {costs}.", style="bold yellow" if sg.evaluation.victims.harms else "green"),
                 Text(f"Why: {'; '.join(sg.reasons)}.")]
        if not sg.on_front:
            lines.append(Text("Best among the plans meeting its condition; other plans do better on every conception.",
                              style="yellow"))
        for r in sg.evaluation.actions:
            item = ", ".join(f"{k}: {v}" for k, v in r.action.to_dict().items())
            lines.append(indent(Text(f"- {{{item}}}  # {r.option.title}", style="bold" if r.acts else "dim")))
        console.print(Boxed(Group(*lines), f"{n}. {' / '.join(sg.names)}"))
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
    t = table(title=Text(f"Anticipated and achieved outcomes of {result.case_id}"), title_justify="left")
    for col in ("outcome", "anticipated", "achieved", "target set", "achievement recorded"):
        t.add_column(col, justify="left" if col == "outcome" else "right", overflow="fold")
    for o in result.outcomes:
        t.add_row(o.kind.replace("_", " "), _value(o.target), _value(o.achieved),
                  f"{o.recorded_at:%Y-%m-%d %H:%M}" if o.recorded_at else "-",
                  f"{o.achieved_at:%Y-%m-%d %H:%M}" if o.achieved_at else "-")
    return t
