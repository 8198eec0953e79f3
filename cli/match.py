"""`thbgraph match list|show|decide|undo`: candidate matches across cases, decided by a person.

The command line is the operator's: it sees every case, and shows victims by id only (their
names, birth dates and identifiers are compared inside this process, and reasons say
`[sealed]` where they would quote one). Decisions go to the graph (`SAME_AS`) and to the
service's audit log, under the login of whoever runs the command unless `--user` names them,
as `cli:NAME` in both: a decision made on the command line never reads as a service user's.
"""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.console import USER_ERRORS, Format, console, fail, print_json

if TYPE_CHECKING:
    from resolve.candidates import Candidate, Record
    from resolve.matcher import Matcher

#: resolve's REVIEW_THRESHOLD and JUDGEMENTS, here so that help does not load nomenklatura and
#: the driver (tests/test_cli_start.py checks they agree).
REVIEW_THRESHOLD = 0.7
JUDGEMENTS = ("same", "different", "unsure")

match_app = typer.Typer(help="Candidate matches across cases, and the decisions on them (never merged).",
                        no_args_is_help=True)

Judgement = typer.Argument(help=f"One of: {', '.join(JUDGEMENTS)}.")
User = typer.Option("--user", help="Who decides (default: your login).")


def shown(record: Record) -> str:
    """A record for the command line: a victim by id only."""
    return f"{record.id} (victim)" if record.sealed else f"{record.id} {record.name}"


def candidate_json(c: Candidate, decision: Any = None) -> dict[str, Any]:
    return {"left": {"id": c.left.id, "kind": c.left.kind, "cases": sorted(c.left.cases)},
            "right": {"id": c.right.id, "kind": c.right.kind, "cases": sorted(c.right.cases)},
            "score": c.score, "algorithm": c.algorithm, "reasons": list(c.reasons),
            "decision": None if decision is None else {
                "judgement": decision.judgement, "user": decision.user, "at": decision.at,
                "decision_id": decision.decision_id}}


def _audit(action: str, c: Candidate, user: str, detail: dict[str, Any]) -> None:
    from cli.service import _store_and_log

    _, log = _store_and_log()
    command = f"thbgraph match {action}"
    log.append(user=f"cli:{user}", role="operator", action=f"match-{action}", method="CLI", endpoint=command,
               path=f"{command} {c.left.id} {c.right.id}", status=0,
               cases=sorted(c.left.cases | c.right.cases), records=[c.left.id, c.right.id], purpose=None,
               detail={"score": c.score, "algorithm": c.algorithm, **detail})


def _matcher(driver: Any, settings: Any, threshold: float = REVIEW_THRESHOLD) -> Matcher:
    """The graph's records, sealed as the settings say, with the pairs scored by earlier commands
    (resolve/scores.py): on an unchanged graph, `match list` does not start nomenklatura, whose name
    tables cost 10-60 s to build in each new process."""
    from graph.sealing import sealer_for
    from resolve.matcher import Matcher
    from resolve.scores import FILE, ScoreFile

    sealer = sealer_for(settings)
    scores = ScoreFile(settings.home / FILE, lambda text: sealer.blind("match-score", text))
    return Matcher.from_graph(driver, settings.neo4j_database, sealer, threshold, scores)


@match_app.command("list")
def match_list(
    case: Annotated[str | None, typer.Option(help="Only pairs with a record in this case.")] = None,
    threshold: Annotated[float, typer.Option(min=0, max=1, help="Lowest score shown.")] = REVIEW_THRESHOLD,
    undecided: Annotated[bool, typer.Option("--undecided", help="Only pairs no one has decided.")] = False,
    format: Annotated[Format, typer.Option(help="table or json.")] = Format.table,
) -> None:
    """Candidate pairs across cases, best first, with their reasons and the decision that stands."""
    from rich.table import Table
    from rich.text import Text

    from graph.local import database
    from graph.settings import get_settings
    from resolve.decisions import history, standing
    from queries.network.projection import Projector
    from resolve.review import Entry, queue

    settings = get_settings()
    try:
        with database(settings, say=console.print) as driver:
            if case is not None:
                Projector(driver, settings.neo4j_database).require_cases([case])
            matcher = _matcher(driver, settings, threshold)
            decisions = standing(history(driver, settings.neo4j_database))
            entries = [e for e in queue(matcher.candidates, decisions, case=case, undecided_only=undecided)
                       if isinstance(e, Entry)]
    except USER_ERRORS as exc:
        fail(exc)
    if format is Format.json:
        print_json([candidate_json(e.candidate, e.decision) for e in entries])
        return
    table = Table(show_edge=False, title=f"{len(entries)} candidate pair(s) at or above {threshold}",
                  title_justify="left")
    for column in ("score", "record", "cases", "record", "cases", "decision", "reasons"):
        table.add_column(column, overflow="fold")
    for e in entries:
        c = e.candidate
        cells = (f"{c.score:.2f}", shown(c.left), ", ".join(sorted(c.left.cases)), shown(c.right),
                 ", ".join(sorted(c.right.cases)), e.status, "; ".join(c.reasons))
        table.add_row(*(Text(cell) for cell in cells))  # "[sealed]" is text, not markup
    console.print(table)


@match_app.command("show")
def match_show(
    left: Annotated[str, typer.Argument(help="A person or business id.")],
    right: Annotated[str, typer.Argument(help="Another one, of the same kind.")],
    format: Annotated[Format, typer.Option(help="table or json.")] = Format.table,
) -> None:
    """One pair: its score, its reasons and every decision on it (undone ones too)."""
    from graph.local import database
    from graph.settings import get_settings
    from resolve.decisions import history

    settings = get_settings()
    try:
        with database(settings, say=console.print) as driver:
            c = _matcher(driver, settings).pair(left, right)
            decisions = [d for d in history(driver, settings.neo4j_database) if d.pair == c.pair]
    except USER_ERRORS as exc:
        fail(exc)
    if format is Format.json:
        print_json({**candidate_json(c), "history": [d.__dict__ | {"left_cases": sorted(d.left_cases),
                                                                      "right_cases": sorted(d.right_cases)}
                                                     for d in decisions]})
        return
    console.print(f"{shown(c.left)} [{', '.join(sorted(c.left.cases))}]  /  "
                  f"{shown(c.right)} [{', '.join(sorted(c.right.cases))}]", markup=False)
    console.print(f"score {c.score:.2f} ({c.algorithm}); review threshold {REVIEW_THRESHOLD}")
    for reason in c.reasons:
        console.print(f"  - {reason}", markup=False)
    for d in decisions:
        undone = f", undone {d.undone_at} by {d.undone_by}" if d.undone_at else ""
        console.print(f"decided {d.judgement} by {d.user} at {d.at} (score {d.score}){undone}", markup=False)


def _write(left: str, right: str, user: str | None, action: str, judgement: str | None = None) -> tuple[Candidate, str]:
    """Decide or undo on a pair, audited; returns the pair and the decision's id."""
    from graph.local import database
    from graph.settings import get_settings
    from resolve.decisions import decide, undo

    settings, who = get_settings(), user or getpass.getuser()
    try:
        with database(settings, say=console.print) as driver:
            c = _matcher(driver, settings).pair(left, right)
            try:  # the intent on disk before the write: with the log down, nothing is committed
                _audit(f"{action}-intent", c, who, {"judgement": judgement})
            except OSError as exc:
                fail(ValueError(f"the audit log cannot be written ({exc.strerror}): nothing was decided"))
            # The graph's history names the operator as the log does, never a service user's name alone.
            if judgement is None:
                decision_id = undo(driver, settings.neo4j_database, left, right, f"cli:{who}")
            else:
                decision_id = decide(driver, settings.neo4j_database, c, judgement, f"cli:{who}")
            _audit(action, c, who, {"judgement": judgement, "decision_id": decision_id})
    except USER_ERRORS as exc:
        fail(exc)
    return c, decision_id


@match_app.command("decide")
def match_decide(
    left: Annotated[str, typer.Argument(help="A person or business id.")],
    right: Annotated[str, typer.Argument(help="Another one, of the same kind.")],
    judgement: Annotated[str, Judgement],
    user: Annotated[str | None, User] = None,
) -> None:
    """Record same, different or unsure on a pair (a SAME_AS relationship; nodes are never merged)."""
    c, _ = _write(left, right, user, "decide", judgement)
    console.print(f"Recorded: {c.left.id} / {c.right.id} {judgement} (by cli:{user or getpass.getuser()}, "
                  f"score {c.score:.2f}).")


@match_app.command("undo")
def match_undo(
    left: Annotated[str, typer.Argument(help="A person or business id.")],
    right: Annotated[str, typer.Argument(help="The other one.")],
    user: Annotated[str | None, User] = None,
) -> None:
    """Withdraw the latest decision on a pair (it stays on record, marked undone)."""
    c, decision_id = _write(left, right, user, "undo")
    console.print(f"Undone: the latest decision on {c.left.id} / {c.right.id} ({decision_id}).")
