"""Text a user typed (a plan's title) is theirs, not the graph's (probe 3, finding 4).

The release step replaces victims' values in what a page shows. Run over a title the user typed,
it answered "is this a victim's name?" with her pseudonym: an echo oracle. So a user's own text
(what they just typed, and the titles of plans they saved) is taken out of the data before the
release step and put back as typed. A colleague's title is the colleague's words: a reader who
sees victims with a purpose gets it as written (the release step audits the victims it names);
any other reader gets each victim's value in it as "[withheld]", never as a pseudonym.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.auth import Role
from web.context import CasePage


def colleagues_title(case: CasePage, author: str, title: str) -> tuple[str, bool]:
    """A saved plan's title for this reader, and whether it is their own (put back after the release)."""
    if author == case.web.user.name:
        return title, True
    if case.purpose:
        return title, False
    user = case.web.user
    return case.services.victims(user.cases, analyst=user.role is Role.analyst).withhold(title), False


def release_keeping(case: CasePage, data: Any, own: list[tuple[Callable[[Any], dict[str, Any]], str]]) -> Any:
    """`data` released by the page's rules, but for the user's own texts: each (where, key) is taken out
    (`where(data)[key]`) before and put back as it was after."""
    kept = []
    for where, key in own:
        holder = where(data)
        kept.append(holder[key])
        holder[key] = ""
    out = case.release(data)
    for (where, key), text in zip(own, kept):
        where(out)[key] = text
    return out
