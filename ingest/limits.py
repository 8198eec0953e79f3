"""How long a bundle's values may be, and how many problems a validation lists.

Why bounds at all: nothing needs a 40,000-character person id or a 5 MB name, and such values
break things downstream. Neo4j refuses to index a string of more than about 8 kB, so a long
id or name failed the whole load at its end ("Property value is too large to index") instead
of at validation; a 5 MB description was sealed and stored (7 MB of ciphertext). Checked after
each row is read (ingest/checker.py), so the problem names its file, line and field.
"""

from __future__ import annotations

#: Free text: an evidence description, a link's note (a long interview summary fits).
TEXT_FIELDS = frozenset({"description", "note"})
TEXT_MAX_CHARS = 20_000
#: A person's or business's name, a case's title, an identifier as written (an address).
NAME_FIELDS = frozenset({"name", "title", "value", "raw_value"})
NAME_MAX_CHARS = 500
#: Everything else: ids (the service's paths take at most 200), codes, dates, sectors.
OTHER_MAX_CHARS = 200

#: A validation lists this many problems and counts the rest: a million bad rows once made a
#: 129 MB answer (and a gigabyte of memory) to a 2.4 MB upload.
MAX_PROBLEMS = 1000


def max_chars(field: str) -> int:
    """The most characters a value of this field may have."""
    if field in TEXT_FIELDS:
        return TEXT_MAX_CHARS
    return NAME_MAX_CHARS if field in NAME_FIELDS else OTHER_MAX_CHARS
