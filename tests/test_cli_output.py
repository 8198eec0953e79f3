"""The command line's output read the way a prosecutor reads it: in a 60-, 80- or 120-column
terminal, and piped into grep or a file.

A flag carries legal meaning (its code, explanation, citation, the victims it names), and so do
an option's title and citation: none of it may be cut with an ellipsis at any width. Piped, a
problem stays on one line, so that `grep persons.csv` finds all of it.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from cli.console import LineConsole
from cli.plan_render import print_plan_comparison, print_plan_evaluation, print_suggestions
from cli.render import key_persons_table, key_player_table, print_options, victim_offenders_panel
from ingest.bundle import read_bundle
from ingest.errors import BundleInvalid
from queries.key_persons.rank import key_player_set, rank_key_persons
from queries.network.model import CaseNetwork
from queries.options.engine import Flag, options_for_person
from queries.plans.evaluate import PlanEvaluator
from queries.plans.model import load_plan
from queries.plans.suggest import suggest_plans
from queries.network.projection import Projector
from rules import pack_for
from tests.paths import SAMPLE
from tests.test_plans_neo4j import BAD_PLAN

WIDTHS = (60, 80, 120)
PLANS = [SAMPLE / "plans" / "alternatives-only.yaml", SAMPLE / "plans" / "trafficking-plus-alternatives.yaml"]
BOX = re.compile(r"[\u2500-\u259f]")  # box drawing and block characters: a panel's or table's lines


@pytest.fixture(scope="module")
def networks(sample_read_only) -> dict[str, CaseNetwork]:
    """Both sample cases, projected once: the demo test below wipes the graph."""
    projector = Projector(sample_read_only)
    return {case: projector.case([case]) for case in ("NO-GLANS", "NO-NORDLYS")}


def render(width: int, draw: Callable[[Console], None]) -> str:
    """What a terminal `width` columns wide shows."""
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    draw(console)
    return console.file.getvalue()


def flat(text: str) -> str:
    """The words of the output in order, without the boxes around them or the line breaks."""
    return " ".join(BOX.sub(" ", text).split())


def assert_readable(out: str, width: int) -> None:
    assert "…" not in out, "\n".join(line for line in out.splitlines() if "…" in line)
    too_wide = [line for line in out.splitlines() if cell_len(line) > width]
    assert not too_wide, too_wide


def assert_flag_said_whole(flag: Flag, out: str) -> None:
    text = flat(out)
    assert flag.code in text
    assert flat(flag.explanation) in text, flag.explanation
    assert flat(flag.citation) in text, flag.citation
    for victim in flag.victim_ids:
        assert victim in text, victim
    if flag.keep:  # what would keep the protection, whole
        assert flat(flag.keep) in text, flag.keep


def assert_words_present(words: str, out: str) -> None:
    """Every word of a cell's text is somewhere, unbroken (a table wraps a cell's words among its neighbours')."""
    seen = set(flat(out).split())
    missing = [w for w in words.split() if w not in seen]
    assert not missing, (words, missing)


def _suspects(network: CaseNetwork) -> list[str]:
    return sorted(p.person_id for p in network.persons.values() if any(r.role == "suspect" for r in p.roles))


@pytest.mark.parametrize("width", WIDTHS)
def test_options_and_every_flag_are_whole_at_any_width(networks, width: int) -> None:
    flags = 0
    for case_id, network in networks.items():
        for person in _suspects(network):
            result = options_for_person(network, pack_for("NO"), person, case_id=case_id)
            out = render(width, lambda c: print_options(c, result))
            assert_readable(out, width)
            for option in (o for o in result.options if o.applicable):
                assert_words_present(f"{option.title} {option.citation} {option.code}", out)
                for flag in option.flags:
                    assert_flag_said_whole(flag, out)
                    flags += 1
    assert flags > 20  # the sample's alternatives cost its identified victims protections


@pytest.mark.parametrize("width", WIDTHS)
def test_the_demos_short_list_of_options_says_its_flags_whole(networks, width: int) -> None:
    network = networks["NO-GLANS"]
    result = options_for_person(network, pack_for("NO"), "P002", case_id="NO-GLANS")
    out = render(width, lambda c: print_options(c, result, limit=6))
    assert_readable(out, width)
    for option in [o for o in result.options if o.applicable][:6]:
        for flag in option.flags:
            assert_flag_said_whole(flag, out)
    assert "more options (thbgraph options --person P002)" in flat(out)


@pytest.mark.parametrize("width", WIDTHS)
def test_key_persons_at_any_width(networks, width: int) -> None:
    for case_id, network in networks.items():
        result = rank_key_persons(network, top=10)
        players = key_player_set(network, 3)

        def draw(c: Console) -> None:
            c.print(key_persons_table(result, f"Key persons of {case_id}"))
            panel = victim_offenders_panel(result)
            if panel:
                c.print(panel)
            c.print(key_player_table(players))

        out = render(width, draw)
        assert_readable(out, width)
        for p in result.ranking:
            assert p.person_id in out
            for reason in p.reasons:
                assert_words_present(reason.text, out)
        for p in result.victim_offenders:
            assert flat(p.warning) in flat(out)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.stem)
def test_plan_evaluation_at_any_width(networks, width: int, plan) -> None:
    network = networks["NO-GLANS"]
    e = PlanEvaluator(network, pack_for("NO"), "NO-GLANS").evaluate(load_plan(plan))
    out = render(width, lambda c: print_plan_evaluation(c, e, network))
    assert_readable(out, width)
    assert flat(e.plan.title) in flat(out)
    for r in e.actions:
        assert_words_present(f"{r.option.title} {r.option.citation} {r.action.target}", out)
        for flag in r.flags:
            assert flag.code in flat(out)
    # With § 257 on the controller, about every worker, the trafficking plan raises no flag at all.
    assert bool(e.victims.flags) == (plan.stem == "alternatives-only")
    for flag in e.victims.flags:
        assert_flag_said_whole(flag, out)


@pytest.mark.parametrize("width", WIDTHS)
def test_plan_comparison_and_suggestions_at_any_width(networks, width: int) -> None:
    network = networks["NO-GLANS"]
    evaluator = PlanEvaluator(network, pack_for("NO"), "NO-GLANS")
    evaluations = [evaluator.evaluate(load_plan(p)) for p in PLANS]
    out = render(width, lambda c: print_plan_comparison(c, evaluations))
    assert_readable(out, width)
    for e in evaluations:
        assert flat(e.plan.title) in flat(out)
        for p in e.victims.protections:
            if p.would_lose or p.would_not_obtain:
                assert flat(f"{p.title} [{p.citation}]") in flat(out)

    suggestions = suggest_plans(network, pack_for("NO"), "NO-GLANS")
    out = render(width, lambda c: print_suggestions(c, suggestions))
    assert_readable(out, width)
    for s in suggestions.suggestions:
        assert flat(" / ".join(s.names)) in flat(out)
    assert flat(suggestions.statement) in flat(out)


# -- the commands, their output piped (CliRunner's output is not a terminal) ----------------


def test_on_a_pipe_a_message_stays_one_line_and_a_panel_keeps_to_the_width() -> None:
    out = io.StringIO()  # not a terminal
    console = LineConsole(file=out, width=40)
    problem = "persons.csv, line 20, field immigration_status: 'tourist' is not one of: citizen, resident"
    console.print(problem)
    console.print(Text(f"error: the bundle has 2 problem(s):\n  {problem}\n  {problem}"))
    console.print(Panel(Text("word " * 20)))
    lines = out.getvalue().splitlines()
    assert lines[:4] == [problem, "error: the bundle has 2 problem(s):", f"  {problem}", f"  {problem}"]
    assert all(cell_len(line) <= 40 for line in lines[4:]) and flat("\n".join(lines[4:])).count("word") == 20


@pytest.mark.parametrize("columns", ["60", "80"])
def test_the_demo_cuts_nothing_in_a_narrow_terminal(driver, cli, monkeypatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = cli("demo")
    assert code == 0
    assert "…" not in out, [line for line in out.splitlines() if "…" in line]
    assert "PROTECTION_LOSS" in out and "not legal advice" in out


def _bad_bundle(tmp_path):
    bundle = shutil.copytree(SAMPLE, tmp_path / "a-bundle-in-a-folder-with-a-long-name", ignore=shutil.ignore_patterns("plans"))
    with (bundle / "persons.csv").open("a", encoding="utf-8") as f:
        f.write("P900,Someone Else,,NO,tourist\nP901,Another Person,1990-13-01,Romania,citizen\n")
    with (bundle / "businesses.csv").open("a", encoding="utf-8") as f:
        f.write("P001,Person Shop AS,,,\n")
    return bundle


def test_piped_bundle_problems_are_one_line_each(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # what Rich assumes of a pipe
    bundle = _bad_bundle(tmp_path)
    with pytest.raises(BundleInvalid) as caught:
        read_bundle(bundle)
    problems = [str(e) for e in caught.value.errors]
    assert len(problems) >= 4 and max(map(len, problems)) > 80  # long enough to have been wrapped

    code, out, err = cli("load", str(bundle), "--dry-run")
    assert code == 1 and not out
    lines = [line.strip() for line in err.splitlines()]
    for problem in problems:
        assert problem in lines, (problem, err)
    assert lines[0] == f"error: the bundle has {len(problems)} problem(s):"


def test_piped_plan_problems_are_one_line_each(sample_loaded, cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    path = tmp_path / "a-plan-with-a-long-name-that-a-prosecutor-gave-it.yaml"
    path.write_text(BAD_PLAN, encoding="utf-8")
    code, out, err = cli("plan", "evaluate", str(path))
    assert code == 1 and not out
    lines = [line.strip() for line in err.splitlines()]
    for problem in (f"{path}, line 5: unknown person 'P999': not in case NO-GLANS",
                    f"{path}, line 6: unknown offence 'strl_999' in the NO rule pack"):
        assert len(problem) > 80 and problem in lines, (problem, err)


def test_piped_messages_are_one_line_but_tables_keep_to_the_width(sample_loaded, cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = cli("plan", "suggest", "--case", "NO-GLANS", "--max-actions", "2")
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("Suggested plans for NO-GLANS: ") and len(line) > 80 for line in lines)
    boxed = [line for line in lines if BOX.search(line)]
    assert boxed and all(cell_len(line) <= 80 for line in boxed)
    assert "…" not in out
