"""The shared command line of the two shipped builds (web/assets.py, analyst/labext.py): the same
commands and exit statuses, so a CI step or a person reads them alike. No Node needed."""

from __future__ import annotations

import pytest

import analyst.labext
import web.assets
from service.shipped_build import build_command


def _run(argv: list[str], problems: list[str], **kw: object) -> int:
    return build_command(argv, doc="DOC", build=lambda: None, check=lambda: problems, verify=lambda: problems,
                         matched="all match", **kw)  # type: ignore[arg-type]


def test_check_is_the_default_and_reports_each_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([], []) == 0
    assert capsys.readouterr().out == "all match\n"
    assert _run(["check"], ["a.js differs", "b.js missing"]) == 1
    out, err = capsys.readouterr()
    assert out == "2 problem(s)\n" and err == "a.js differs\nb.js missing\n"


def test_an_unknown_command_gives_the_usage_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["nope"], []) == 2
    assert capsys.readouterr().err == "DOC\n"


def test_verify_without_npm_says_so(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    assert _run(["verify"], []) == 2
    assert "needs Node and npm" in capsys.readouterr().err


def test_a_modules_own_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["size"], ["unused"], more={"size": lambda: 7}) == 7


@pytest.mark.parametrize("module", [web.assets, analyst.labext], ids=["web.assets", "analyst.labext"])
def test_both_builds_answer_through_it(module, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    assert module.main(["nope"]) == 2
    assert capsys.readouterr().err.strip() == module.__doc__.strip()
    assert module.main(["check"]) == 0  # the shipped files as committed
