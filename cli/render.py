"""Rich output for the command line: key persons, key-player sets, options and their flags.

What carries legal meaning is never cut with an ellipsis, whatever the terminal's width: a
flag's code, explanation, citation and victims, an option's title, citation and code. Tables
choose their columns by the width they get (`Fit`) and fold rather than cut; each flag is said
whole below its table, on lines of its own, not squeezed into a cell.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Column, Table
from rich.text import Text

from cli.panels import Boxed, LinePanel
from queries.key_persons.results import KeyPersonsResult, KeyPlayerSet
from queries.options.standing import STANDING_WORDS

if TYPE_CHECKING:  # types only: `key-persons` renders without loading the options engine
    from queries.options.engine import Flag, Option, PersonOptions

FLAG_STYLE = {"high": "bold white on red", "medium": "bold black on yellow"}


# -- layout that keeps every word --------------------------------------------------------------


def table(*columns: str | Column, **kwargs: Any) -> Table:
    """A table whose cells wrap and fold a word too long for them: Rich's default cuts it with "…"."""
    t = Table(*columns, **kwargs)
    for column in t.columns:
        column.overflow = "fold"
    return t


class Fit:
    """A renderable built for the width it is given: a table picks its columns by it."""

    def __init__(self, build: Callable[[int], RenderableType]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.build(options.max_width)


def indent(renderable: RenderableType, by: int = 2) -> Padding:
    """Indented as a whole: a wrapped line keeps to the indent, under the line it continues."""
    return Padding(renderable, (0, 0, 0, by))


# -- key persons -----------------------------------------------------------------------------


def key_persons_table(result: KeyPersonsResult, title: str) -> Fit:
    """Rank, person, score and why; below 70 columns rank and score join the person, leaving the
    reasons room for their longest words (an indicator such as rents_premises_for_prostitution)."""
    return Fit(lambda width: _key_persons(result, title, wide=width >= 70))


def _key_persons(result: KeyPersonsResult, title: str, *, wide: bool) -> Table:
    columns = [Column("#", justify="right", no_wrap=True), "person", Column("score", justify="right", no_wrap=True)]
    t = table(*(columns if wide else ["person"]), "why", title=title, show_lines=True, title_justify="left")
    for p in result.ranking:
        reasons = Text("\n".join(f"• {r.text}" for r in p.reasons))
        if p.warning:  # a possible victim: ranked, but never as a plain target
            reasons = Text.assemble(badge("POSSIBLY A VICTIM", "high"), f" {p.warning}\n", reasons)
        if wide:
            t.add_row(str(p.rank), Text.assemble(p.name or "", "\n", (p.person_id, "dim")), f"{p.score:.2f}", reasons)
        else:
            who = Text.assemble(f"{p.rank}. {p.name or ''}", "\n", (p.person_id, "dim"), "\n", f"score {p.score:.2f}")
            t.add_row(who, reasons)
    return t


def victim_offenders_panel(result: KeyPersonsResult) -> LinePanel | None:
    """One paragraph per victim who also takes part (2,864 at 100,000 generated persons: `LinePanel`)."""
    if not result.victim_offenders:
        return None
    lines = [f"{p.name} ({p.person_id}): {p.warning}" if p.name else f"{p.person_id}: {p.warning}"
             for p in result.victim_offenders]
    return LinePanel(lines, "Victims who also take part: not ranked as targets", border_style="yellow")


def key_player_table(result: KeyPlayerSet) -> Fit:
    """Who goes at each step and what is left; below 80 columns the step joins the person removed
    and the headers shorten, so that names are not broken."""
    return Fit(lambda width: _key_players(result, wide=width >= 80))


def _key_players(result: KeyPlayerSet, *, wide: bool) -> Table:
    t = table(title=f"Key-player set of {result.k}: removing them one by one", title_justify="left")
    if wide:
        headers = ("step", "removed", "largest part left", "fragmentation F", "dF", "victims still held")
    else:
        headers = ("removed", "largest\npart left", "F", "dF", "victims\nstill held")
    for col in headers:
        t.add_column(col, justify="left" if col == "removed" else "right", overflow="fold")
    for s in result.steps:
        who = Text("(nobody yet)" if s.person_id is None else f"{s.name or ''} {s.person_id}")
        numbers = (f"{s.largest_share:.0%} ({s.largest_component})", f"{s.fragmentation:.3f}",
                   f"{s.distance_fragmentation:.3f}", str(s.victims_held))
        t.add_row(*((str(s.step), who) if wide else (Text(f"{s.step}. ").append_text(who),)), *numbers)
    if result.search is not None:  # how the set was found, and whether its time budget stopped it
        t.caption, t.caption_justify = f"Found by {result.search.describe()}", "left"
    if result.exact is not None:  # optimal, or the best found and the bound the proof reached
        t.caption = f"{t.caption or ''}\nExact search: {result.exact['words']}".lstrip()
    return t


# -- flags -----------------------------------------------------------------------------------


def victims(flag: Flag, *, names: bool = True) -> str:
    """Each victim by id, and by name too where asked and the caller may see it (a sealed name is None)."""
    said = (flag.victim_names if names else None) or [None] * len(flag.victim_ids)
    return ", ".join(f"{name} ({vid})" if name else vid for vid, name in zip(flag.victim_ids, said, strict=False))


def badge(code: str, severity: str) -> Text:
    return Text(f" {code} ", style=FLAG_STYLE.get(severity, "bold"))


def flag_block(flag: Flag, *, names: bool = True) -> Group:
    """One flag, whole: its code and severity, then explanation, victims and citation on lines of their own."""
    head = badge(flag.code, flag.severity)
    head.append(f" {flag.severity}", style="bold")
    body = [Text(flag.explanation), Text.assemble(("Victims: ", "bold"), victims(flag, names=names))]
    if flag.standing:
        body.append(Text.assemble(("Standing: ", "bold"), STANDING_WORDS[flag.standing]))
    if flag.keep:
        body.append(Text.assemble(("What would keep it: ", "bold"), flag.keep))
    if flag.family_ids:
        body.append(Text.assemble(("Their family within reach: ", "bold"), ", ".join(flag.family_ids)))
    if flag.reasons:  # why each is within reach (CONTROL_MAY_CONTINUE)
        body.append(Text.assemble(("Why: ", "bold"), "; ".join(f"{who}: {', '.join(why)}" for who, why in flag.reasons.items())))
    citation = Text(f"[{flag.citation}]")
    if flag.rule_code:
        citation.append(f" (non-punishment rule {flag.rule_code})", style="dim")
    body.append(citation)
    return Group(head, indent(Group(*body)))


def _same(flag: Flag) -> str:
    # Every field, so that two flags differing in anything are both said.
    return json.dumps(flag.to_dict(), sort_keys=True, default=str)


def flag_groups(options: Iterable[Option]) -> list[tuple[list[int], list[Flag]]]:
    """Each distinct flag once, under the numbers (from 1) of the options that raise it.

    An owner's alternatives to a trafficking charge mostly cost the same victims the same
    protections: said once for all of them, the flags stay short enough to be read."""
    raised: dict[str, tuple[Flag, list[int]]] = {}
    for n, option in enumerate(options, start=1):
        for flag in option.flags:
            raised.setdefault(_same(flag), (flag, []))[1].append(n)
    groups: dict[tuple[int, ...], list[Flag]] = {}
    for flag, numbers in raised.values():
        groups.setdefault(tuple(numbers), []).append(flag)
    return [(list(numbers), flags) for numbers, flags in groups.items()]


# -- options ---------------------------------------------------------------------------------


def option_cell(option: Option) -> Text:
    """Title, where, citation and the code a plan file names it by."""
    text = Text(option.title, style="bold")
    if option.target != "person":
        text.append(f"\nat {', '.join(option.via) or option.target_id}", style="dim")
    text.append(f"\n{option.citation}")
    if option.source_status != "confirmed":
        text.append(" (rule unverified)", style="yellow")
    category = f" ({option.category})" if option.kind == "offence" else ""
    text.append(f"\n{option.kind}: {option.code}{category}", style="dim")
    for caveat in option.caveats:
        text.append(f"\n{caveat}", style="yellow")
    return text


def strength_cell(option: Option) -> Text:
    return Text.assemble(f"{option.strength:.0%}", "\n", (f"{option.independent_strength:.0%} indep.", "dim"))


def _codes(flags: Iterable[Flag]) -> list[str]:
    return sorted({f.code for f in flags})


def options_table(shown: list[Option], width: int) -> Table:
    """Evidence, then the flags column, move into the option's cell as the width shrinks below
    what they and a readable title need (a flag code is up to 24 characters, kept whole)."""
    longest = max((len(c) for o in shown for c in _codes(o.flags)), default=1)
    # 50: the table's lines and padding, the number, the strength and some 24 characters of title.
    flags_column = width >= 50 + longest
    evidence_column = width >= 70 + longest
    columns = [Column("#", justify="right", no_wrap=True), Column("offence or measure", min_width=20), "strength"]
    if evidence_column:
        columns.append("evidence")
    if flags_column:
        columns.append(Column("flags", no_wrap=True, min_width=longest))
    t = table(*columns, show_lines=True)
    for n, o in enumerate(shown, start=1):
        cell = option_cell(o)
        evidence = ", ".join(o.evidence_ids) or "-"
        if not evidence_column:
            cell.append(f"\nevidence: {evidence}", style="dim")
        if not flags_column and o.flags:
            cell.append("\nflags: " + ", ".join(_codes(o.flags)), style="bold")
        row: list[RenderableType] = [str(n), cell, strength_cell(o)]
        if evidence_column:
            row.append(Text(evidence))
        if flags_column:
            row.append("\n".join(_codes(o.flags)) or "-")
        t.add_row(*row)
    return t


def flags_said(shown: list[Option]) -> list[RenderableType]:
    """The flags below the table, each under the options that raise it."""
    parts: list[RenderableType] = []
    for numbers, flags in flag_groups(shown):
        if len(numbers) == len(shown) > 1:
            which = f"every option above (1-{len(shown)})"
        else:
            which = "; ".join(f"{n}. {shown[n - 1].title}" for n in numbers)
        parts.append(Text.assemble("\n", ("Flags of ", "bold"), which, ":"))
        parts += [flag_block(f) for f in flags]
    return parts


def options_panel(result: PersonOptions, *, limit: int | None = None) -> Group:
    applicable = [o for o in result.options if o.applicable]
    shown = applicable[:limit] if limit else applicable
    parts: list[RenderableType] = []
    if result.standing:
        # Said before any option: the person may be a victim, whatever the role recorded.
        code = "POSSIBLE_VICTIM" if result.standing == "possible" else "VICTIM"
        parts.append(Text.assemble(badge(code, "high"), (f" {STANDING_WORDS[result.standing]}", "bold"),
                                   ": " + "; ".join(result.standing_signals) if result.standing_signals else ""))
    if shown:
        parts.append(Fit(lambda width: options_table(shown, width)))
        parts += flags_said(shown)
    else:
        parts.append(Text("No offence or measure applies on the evidence in the graph."))
    for b in result.barred:
        # Not an option: the law bars it against this person (removal of a possible victim).
        parts.append(Text.assemble(("BARRED ", "bold red"), (f"{b['title']} ({b['code']}): ", "bold"),
                                   b["reason"]))
    parts.append(Text(""))
    more = len(applicable) - len(shown)
    if more > 0:
        parts.append(Text(f"... and {more} more options (thbgraph options --person {result.person_id})", style="dim"))
    parts.append(Text(f"{result.disclaimer.rstrip('.')}. Rule pack {result.jurisdiction} v{result.pack_version}: "
                      f"{result.review_status}.", style="italic"))
    return Group(*parts)


def print_options(console: Console, result: PersonOptions, *, limit: int | None = None) -> None:
    who = result.person_name or result.person_id
    case = f" in {result.case_id}" if result.case_id else ""
    console.print(Boxed(options_panel(result, limit=limit), f"Options for {who} ({result.person_id}){case}"))
