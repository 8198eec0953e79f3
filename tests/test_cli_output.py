"""Output piped into grep or a file: a problem stays on one line, so that `grep persons.csv`
finds all of it, while tables and panels keep to the width.
"""

from __future__ import annotations

import io
import re
import shutil

import pytest
from rich.cells import cell_len
from rich.panel import Panel
from rich.text import Text

from api.console import LineConsole
from ingest.bundle import read_bundle
from ingest.errors import BundleInvalid
from tests.paths import SAMPLE

BOX = re.compile(r"[\u2500-\u259f]")  # box drawing and block characters: a panel's or table's lines


def flat(text: str) -> str:
    """The words of the output in order, without the boxes around them or the line breaks."""
    return " ".join(BOX.sub(" ", text).split())



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
    path.write_text(
        "case: NO-GLANS\ntitle: Bad\nactions:\n  - {person: P002, offence: strl_257}\n"
        "  - {person: P999, offence: strl_379}\n  - {person: P001, offence: strl_999}\n",
        encoding="utf-8",
    )
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
