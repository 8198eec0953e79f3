"""Panels whose title is never cut (`Boxed`), and one of many lines of plain text laid out
without Rich's machinery per line (`LinePanel`).

`key-persons --all` at 100,000 persons prints 2,864 victims who also take part, each a paragraph:
Rich's `Panel` of a `Group` of `Text`s spent 0.5-1.1 s on them at load 3-8 (the command's output
took 2.9 s at load 10), nearly all of it in layers that wrap, split, crop and pad each line again
(`Padding`, `render_lines`, `Segment.split_and_crop_lines`). Here each line is wrapped once, with
Rich's own functions in Rich's order (`Text.wrap` for plain text: `divide_line`, then the pieces'
trailing spaces beyond the width, then cropping and padding to the width), and the frame (the
top with its title, each line's borders, the bottom) is taken from Rich itself, rendering the same
panel with one empty line. The bytes are the same as `Boxed(Group(*map(Text, lines)), title)`'s, in
colour or not, at any width (tests/test_panels.py). Whatever this path does not cover is left
to Rich: a line with a control character (a tab, a line break: `Text` treats them specially), a
title too wide for the border, or a frame that is not the plain one expected. Two of the functions
used are Rich's private ones (`divide_line`, `_is_single_cell_widths`): after an upgrade of Rich,
tests/test_panels.py says whether the bytes are still the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

try:  # Rich's private functions: a Rich without them leaves every panel to Rich itself
    from rich._wrap import divide_line
    from rich.cells import _is_single_cell_widths
except ImportError:  # pragma: no cover - depends on the installed Rich
    divide_line = _is_single_cell_widths = None  # type: ignore[assignment]


class Boxed:
    """A panel whose title is never cut: on the border where it fits, else its first line inside."""

    def __init__(self, body: RenderableType, title: str | Text, **kwargs: Any) -> None:
        self.body, self.title, self.kwargs = body, Text(title) if isinstance(title, str) else title, kwargs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 6 <= options.max_width:  # "╭─ " title " ─╮"
            yield Panel(self.body, title=self.title, title_align="left", **self.kwargs)
        else:
            heading = self.title.copy()
            heading.stylize("bold")
            yield Panel(Group(heading, self.body), **self.kwargs)


#: Characters `Text` treats apart (tabs expanded, line breaks split, control codes stripped) or
#: that a terminal may take as a break: a line with one is laid out by Rich.
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: For `_divide`: a space, a letter, and everything up to the last space.
_SPACE, _NON_SPACE, _UP_TO_LAST_SPACE = re.compile(r"\s"), re.compile(r"\S"), re.compile(r".*\s", re.DOTALL)
#: Text.rstrip_end's whitespace at the end.
_TRAILING = re.compile(r"\s+$")
#: Left and right padding of a `Panel` (1 each) and its two borders.
_FRAME = 4


class LinePanel:
    """`Boxed(Group(*(Text(line) for line in lines)), title, **kwargs)`, the same bytes, faster."""

    def __init__(self, lines: list[str], title: str, **kwargs: Any) -> None:
        self.lines, self.title, self.kwargs = lines, title, kwargs

    def boxed(self) -> Boxed:
        """The panel as Rich lays it out: what this one must print, byte for byte."""
        return Boxed(Group(*(Text(line) for line in self.lines)), self.title, **self.kwargs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        frame = _frame(console, options, self.title, self.kwargs)
        if frame is None:
            yield self.boxed()
            return
        top, line_start, line_end, bottom = frame
        inner = options.max_width - _FRAME
        yield from top
        new_line = Segment.line()
        for line in self.lines:
            for piece in _wrapped(line, inner, console, options):
                yield line_start
                yield Segment(f" {piece} ")
                yield line_end
                yield new_line
        yield from bottom


def _frame(console: Console, options: ConsoleOptions, title: str, kwargs: dict[str, Any]) -> tuple | None:
    """Rich's own panel of one empty line, cut into top, line start, line end and bottom; None where
    the panel or its lines would not be that plain shape."""
    if divide_line is None or _is_single_cell_widths is None:
        return None
    if cell_len(title) + 6 > options.max_width or options.max_width <= _FRAME:
        return None  # Boxed puts the title inside: left to Rich
    if options.no_wrap or options.overflow not in (None, "fold") or options.justify not in (None, "default"):
        return None  # a Text would wrap (or not) otherwise than `_wrapped`
    if options.height is not None:
        return None
    panel = Panel(Text(""), title=Text(title), title_align="left", **kwargs)
    lines = list(Segment.split_lines(console.render(panel, options)))
    if len(lines) != 3 or len(lines[1]) < 3:
        return None
    body, middle = lines[1], lines[1][1:-1]
    # Nothing between the borders that prints escape codes: a line's pieces (padding, text) can be one segment.
    if any(s.style for s in middle) or "".join(s.text for s in middle) != " " * (options.max_width - 2):
        return None
    new_line = Segment.line()
    return [*lines[0], new_line], body[0], body[-1], [*lines[2], new_line]


def _wrapped(line: str, width: int, console: Console, options: ConsoleOptions) -> Iterator[str]:
    """The line as `Text(line)` wraps it `width` cells wide, each piece padded to the width."""
    if _NOT_PLAIN.search(line):
        for segments in console.render_lines(Text(line), options.update_width(width), pad=True):
            yield "".join(s.text for s in segments)
        return
    start = 0
    for end in [*_divide(line, width), len(line)]:
        piece = line[start:end]
        start = end
        if len(piece) > width:  # Text.rstrip_end: trailing spaces beyond the width go (counted in characters)
            trailing = _TRAILING.search(piece)
            spaces = len(trailing.group(0)) if trailing else 0
            piece = piece[: len(piece) - min(spaces, len(piece) - width)]
        yield set_cell_size(piece, width)  # Text.truncate's fold, then the padding to the width


def _divide(line: str, width: int) -> list[int]:
    """`divide_line(line, width, fold=True)`: where the line breaks. Where every character takes one
    cell (Rich's own test), Rich's steps, a line at a time rather than a word at a time.

    Rich places each word (its spaces before the next word included) while its last letter still
    falls within the line; the first word that does not fit starts the next line, or is cut into
    pieces of `width` characters where it is wider than a line on its own. So the line that starts
    at `start` ends at the word holding the character `start + width`, or just after it if that
    character is a space: found with a few searches, not by adding up every word.
    """
    if not _is_single_cell_widths(line):
        return divide_line(line, width, fold=True)
    breaks: list[int] = []
    start = at = 0  # where the current line starts; where the next word not yet placed starts
    end = len(line)
    first = _NON_SPACE.search(line)
    if first is None:
        return breaks
    while True:
        limit = start + width
        if limit >= end or at >= end:
            return breaks
        if at >= limit:  # the spaces after the last word went past the line: the next word breaks
            run = at
        elif line[limit].isspace():  # every word up to here fits; the next one does not
            following = _NON_SPACE.search(line, limit)
            if following is None:
                return breaks
            run = following.start()
        else:  # the word holding that character does not fit
            spaces = _UP_TO_LAST_SPACE.match(line, at, limit)
            run = spaces.end() if spaces else at
        run = max(run, first.start())
        word = 0 if run == first.start() else run  # the first word holds the spaces before it
        space = _SPACE.search(line, run)
        letters_end = space.start() if space else end
        following = _NON_SPACE.search(line, letters_end)
        word_end = following.start() if following else end
        if letters_end - word > width:  # folded, `width` characters a piece
            size = word_end - word
            pieces = range(word, word + size, width)
            breaks.extend(p for p in pieces if p)
            start = pieces[-1]
        else:
            if word:  # always: a word at 0 fits whole or is folded
                breaks.append(word)
            start = word
        at = word_end
