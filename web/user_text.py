"""Text a user typed (a plan's title) is theirs, not the graph's (probe 3, finding 4).

The release step replaces victims' values in what a page shows. Run over a title the user typed,
it answered "is this a victim's name?" with her pseudonym: an echo oracle. So the release step is
given a user's own texts (what they just typed, the titles of plans they saved: `CasePage.release(own=)`)
and leaves them as typed. A colleague's title is the colleague's words: a reader who sees victims
with a purpose gets it as written (the release step audits the victims it names); any other reader
gets each victim's value in it as "[withheld]", never as a pseudonym.
"""

from __future__ import annotations


from service.auth import Role
from web.context import CasePage


def colleagues_title(case: CasePage, author: str, title: str) -> tuple[str, bool]:
    """A saved plan's title for this reader, and whether it is their own (left as typed by the release step)."""
    if author == case.web.user.name:
        return title, True
    if case.purpose:
        return title, False
    user = case.web.user
    return case.services.victims(user.cases, analyst=user.role is Role.analyst).withhold(title), False
