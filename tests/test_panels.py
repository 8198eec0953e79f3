"""`LinePanel` prints the very bytes Rich's `Boxed(Group(*map(Text, lines)))` printed, faster.

The panel of victims who also take part (`key-persons`) was Rich's panel of one `Text` a victim:
a second or more at 100,000 persons, nearly all of it Rich wrapping, cropping and padding each
line in several layers. `LinePanel` wraps each line once with Rich's own rules; these tests hold it
to the old output, byte for byte, in colour and without, at every width (the narrow ones go to Rich).
"""

from __future__ import annotations

import io
import random

import pytest
from rich._wrap import divide_line
from rich.console import Console

from bench.bench_key_persons_pure import synthetic_network
from bench.bench_key_persons_reasons import multi_case
from cli.panels import LinePanel, _divide, _frame
from cli.render import victim_offenders_panel
from queries.key_persons.rank import rank_key_persons

WIDTHS = (20, 40, 54, 55, 56, 60, 79, 80, 81, 100, 120, 173, 200)
COLOURS = (None, "standard", "truecolor")
NETWORKS = [
    *(("multi", seed, lambda seed=seed: multi_case(seed, cases=2 + seed, size=60 + 20 * seed, extra=seed * 4))
      for seed in range(4)),
    *(("synthetic", seed, lambda seed=seed: synthetic_network(1200 + 300 * seed, seed)) for seed in range(2)),
]
#: Characters of every kind the layout treats apart: spaces of several kinds, letters of one and
#: two cells, combining and zero-width ones, an emoji.
#: (No zero-width joiner or variation selector: Rich 15 itself fails on some of their sequences, IndexError
#: in `set_cell_size`, whichever path.)
ALPHABET = [*"abcdefghijklmn", *" " * 8, *".,:;-()", "é", "Ø", "ß", "漢", "字", "😀", "\u200b", "\xa0",
            "\u0301", "\u3000"]
#: Characters a `Text` treats specially: lines holding them are left to Rich.
CONTROLS = ["\t", "\n", "\r", "\x07", "\x1b", "\x85", "\u2028"]


def printed(renderable: object, width: int, colour: str | None) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=colour, force_terminal=colour is not None,
                      legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def assert_same_bytes(panel: LinePanel, width: int, colour: str | None) -> None:
    new, old = printed(panel, width, colour), printed(panel.boxed(), width, colour)
    if new != old:  # the first line that differs, not a screenful of box characters
        lines = [(i, a, b) for i, (a, b) in enumerate(zip(new.splitlines(), old.splitlines(), strict=False)) if a != b]
        pytest.fail(f"width {width}, colour {colour}: first difference {lines[:1]!r}; "
                    f"{new.count(chr(10))} lines against {old.count(chr(10))}")


@pytest.mark.parametrize(("shape", "seed", "build"), NETWORKS, ids=[f"{s}-{n}" for s, n, _ in NETWORKS])
def test_the_victims_panel_prints_what_rich_printed(shape, seed, build) -> None:
    result = rank_key_persons(build(), top=10)
    panel = victim_offenders_panel(result)
    assert panel is not None and len(panel.lines) == len(result.victim_offenders)
    for width in WIDTHS:
        console = Console(file=io.StringIO(), width=width)
        # the quick way is taken wherever the title fits on the border: the comparison tests it
        assert (_frame(console, console.options, panel.title, panel.kwargs) is not None) == (width >= len(panel.title) + 6), width
        for colour in COLOURS:
            assert_same_bytes(panel, width, colour)


def random_line(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.05:
        return ""
    if kind < 0.1:  # a word longer than any width: folded
        return "x" * rng.randint(50, 300) + rng.choice(["", " tail", "   "])
    letters = ALPHABET if rng.random() < 0.5 else ALPHABET[:29]  # half of them ASCII: `_divide`'s own way
    line = "".join(rng.choice(letters) for _ in range(rng.randint(1, 600)))
    if rng.random() < 0.15:
        line = f"{line}{rng.choice(CONTROLS)}{line[:30]}"
    if rng.random() < 0.15:
        line = " " * rng.randint(1, 90) + line + " " * rng.randint(1, 120)
    return line


@pytest.mark.parametrize("seed", range(4))
def test_any_lines_print_what_rich_printed(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        panel = LinePanel([random_line(rng) for _ in range(rng.randint(0, 6))], rng.choice(["T", "A title " * 4]),
                          border_style=rng.choice(["yellow", "bold red", "none"]))
        for width in (rng.choice(WIDTHS), rng.randint(5, 240)):
            for colour in COLOURS:
                assert_same_bytes(panel, width, colour)


def test_where_a_line_breaks_as_rich_breaks_it() -> None:
    """`_divide` counts one cell a character where Rich does; it must break where `divide_line` does."""
    rng = random.Random(7)
    letters = [*"abcdefghij", *".,:-", "\xa0", "é", "Ø"]  # one cell each (ASCII and Latin-1)
    for _ in range(100_000):
        spaces = [" "] * rng.choice([0, 1, 3, 8, 30])  # from words longer than any line to mostly spaces
        line = "".join(rng.choice(letters + spaces) for _ in range(rng.randint(0, 90)))
        line = " " * rng.choice([0, 0, 0, 1, 12]) + line + " " * rng.choice([0, 0, 2, 40])
        width = rng.randint(1, 30)
        assert _divide(line, width) == divide_line(line, width, fold=True), (line, width)
