"""Rich tables for the command line: key persons, key-player sets, options and flags."""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from queries.key_persons import KeyPersonsResult, KeyPlayerSet
from queries.options import Flag, Option, PersonOptions
from queries.victim_standing import STANDING_WORDS

FLAG_STYLE = {"high": "bold white on red", "medium": "bold black on yellow"}


def key_persons_table(result: KeyPersonsResult, title: str) -> Table:
    table = Table(title=title, show_lines=True, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("person")
    table.add_column("score", justify="right")
    table.add_column("why")
    for p in result.ranking:
        reasons = "\n".join(f"• {r.text}" for r in p.reasons)
        if p.warning:  # a possible victim: ranked, but never as a plain target
            reasons = f"[bold white on red] POSSIBLY A VICTIM [/] {escape(p.warning)}\n{reasons}"
        table.add_row(str(p.rank), f"{p.name or ''}\n[dim]{p.person_id}[/]", f"{p.score:.2f}", reasons)
    return table


def victim_offenders_panel(result: KeyPersonsResult) -> Panel | None:
    if not result.victim_offenders:
        return None
    lines = [Text(f"{p.name or p.person_id} ({p.person_id}): {p.warning}") for p in result.victim_offenders]
    return Panel(Group(*lines), title="Victims who also take part: not ranked as targets",
                 border_style="yellow", title_align="left")


def key_player_table(result: KeyPlayerSet) -> Table:
    table = Table(title=f"Key-player set of {result.k}: removing them one by one", title_justify="left")
    for col in ("step", "removed", "largest part left", "fragmentation F", "dF", "victims still held"):
        table.add_column(col, justify="right" if col != "removed" else "left")
    for s in result.steps:
        who = "(nobody yet)" if s.person_id is None else f"{s.name or ''} {s.person_id}"
        table.add_row(str(s.step), who, f"{s.largest_share:.0%} ({s.largest_component})",
                      f"{s.fragmentation:.3f}", f"{s.distance_fragmentation:.3f}", str(s.victims_held))
    return table


def _victims(flag: Flag) -> str:
    names = flag.victim_names if flag.victim_names else flag.victim_ids
    return ", ".join(n or "?" for n in names)


def flag_lines(option: Option) -> list[Text]:
    """An option's flags, loud; protection losses grouped by status and remedy, so that each
    group of victims is said once with what would keep their protections."""
    lines: list[Text] = []
    groups: dict[tuple[str, str, str], list[Flag]] = {}
    for f in option.flags:
        if f.code == "PROTECTION_LOSS":
            groups.setdefault((f.status or "", f.standing or "", f.keep or ""), []).append(f)
    for (status, standing, keep), these in groups.items():
        text = _badge("PROTECTION_LOSS", "high" if status == "would_lose" else "medium")
        text.append(f" {status.replace('_', ' ')} ({STANDING_WORDS.get(standing, standing)}): ", style="bold")
        text.append("; ".join(f"{f.protection_title} [{f.citation}]" for f in these))
        text.append(f". Victims: {_victims(these[0])}.", style="bold")
        if keep:
            text.append(f" To keep it: {keep}.")
        lines.append(text)
    for f in option.flags:
        if f.code != "PROTECTION_LOSS":
            text = _badge(f.code, f.severity)
            text.append(f" {f.explanation}")
            text.append(f" Victims: {_victims(f)}.", style="bold")
            text.append(f" [{f.citation}]", style="dim")
            lines.append(text)
    return lines


def _badge(code: str, severity: str) -> Text:
    return Text(f" {code} ", style=FLAG_STYLE.get(severity, "bold"))


def option_row(option: Option) -> tuple[str, str, str, str]:
    target = "" if option.target == "person" else f"\n[dim]at {', '.join(option.via) or option.target_id}[/]"
    kind = "offence" if option.kind == "offence" else "measure"
    title = f"{option.title}{target}\n[dim]{option.citation}[/]"
    if option.source_status != "confirmed":
        title += " [yellow](rule unverified)[/]"
    strength = f"{option.strength:.0%}\n[dim]{option.independent_strength:.0%} indep.[/]"
    return kind, option.category, title, strength


def options_panel(result: PersonOptions, *, limit: int | None = None) -> Group:
    applicable = [o for o in result.options if o.applicable]
    shown = applicable[:limit] if limit else applicable
    parts: list = []
    if result.standing:
        # Said before any option: the person may be a victim, whatever the role recorded.
        parts.append(Text.assemble(_badge("POSSIBLE_VICTIM" if result.standing == "possible" else "VICTIM", "high"),
                                   f" {STANDING_WORDS[result.standing]}: " + "; ".join(result.standing_signals)))
    table = Table(show_lines=True)
    for col in ("kind", "category", "offence or measure", "strength", "evidence", "flags"):
        table.add_column(col)
    for o in shown:
        flags = "\n".join(sorted({f.code for f in o.flags})) or "-"
        table.add_row(*option_row(o), ", ".join(o.evidence_ids), flags)
    parts.append(table)
    for o in shown:
        for line in flag_lines(o):
            parts.append(Text.assemble((f"{o.title}: ", "bold"), line))
    more = len(applicable) - len(shown)
    if more > 0:
        parts.append(Text(f"... and {more} more options (thbgraph options --person {result.person_id})", style="dim"))
    parts.append(Text(f"{result.disclaimer.rstrip('.')}. Rule pack {result.jurisdiction} v{result.pack_version}: "
                      f"{result.review_status}.", style="italic"))
    return Group(*parts)


def print_options(console: Console, result: PersonOptions, *, limit: int | None = None) -> None:
    who = result.person_name or result.person_id
    case = f" in {result.case_id}" if result.case_id else ""
    console.print(Panel(options_panel(result, limit=limit), title=f"Options for {who} ({result.person_id}){case}",
                        title_align="left"))
