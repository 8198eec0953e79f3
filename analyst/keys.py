"""The pseudonym key of a notebook session.

THBGRAPH_PSEUDONYM_KEY set: checked like the service's, so the same victim carries the same
pseudonym in notebooks, in the API and across sessions. Unset: a random key for this session
only, with a warning. Exploring the sample needs no secret, and nothing real is exposed: the
victims are still hidden, only their pseudonyms change from one session to the next.
"""

from __future__ import annotations

import os
import secrets
import warnings

from service.settings import check_key

ENV = "THBGRAPH_PSEUDONYM_KEY"


class PseudonymKeyWarning(UserWarning):
    """Pseudonyms of this session will not match the service's or another session's."""


def pseudonym_key() -> tuple[str, bool]:
    """The key, and whether it is stable (from the environment) or made up for this session."""
    key = os.environ.get(ENV, "").strip()
    if key:
        try:
            return check_key(key), True
        except ValueError as e:
            raise ValueError(f"{ENV} {e}") from None
    warnings.warn(f"{ENV} is not set: victims get pseudonyms made up for this session only. Set it to the "
                  "service's key for the pseudonyms analysts see in the API.", PseudonymKeyWarning, stacklevel=3)
    return secrets.token_urlsafe(32), False
