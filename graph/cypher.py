"""Named Cypher queries, kept as files in `queries/` (one query per file).

A file opens with a header of `// key: value` lines:

    // name: persons_of_case
    // purpose: Every person with a role in a case.
    // params: case_id (str)
    // returns: person_id, name, role
    MATCH ...

Analysts open the same files in notebooks; Python loads them by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

HEADER = re.compile(r"^//\s*(\w+):\s*(.*)$")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    purpose: str
    params: str
    returns: str
    text: str

    def used_params(self) -> set[str]:
        return set(PARAM.findall(self.text))

    def declared_params(self) -> set[str]:
        """Names in the `params:` header ("none", or "a (type), b (type)")."""
        names = re.sub(r"\([^)]*\)", "", self.params)
        return {n.strip() for n in names.split(",") if n.strip() and n.strip() != "none"}


def parse_query(source: str, filename: str) -> NamedQuery:
    header: dict[str, str] = {}
    body: list[str] = []
    for line in source.splitlines():
        match = HEADER.match(line.strip()) if not body else None
        if match:
            header[match.group(1)] = match.group(2).strip()
        elif line.strip() or body:
            body.append(line)
    missing = [k for k in ("name", "purpose", "params", "returns") if k not in header]
    if missing:
        raise ValueError(f"queries/{filename}: header lacks {', '.join(missing)}")
    return NamedQuery(header["name"], header["purpose"], header["params"], header["returns"], "\n".join(body).strip())


@cache
def all_queries() -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for entry in resources.files("queries").iterdir():
        if entry.name.endswith(".cypher"):
            query = parse_query(entry.read_text(encoding="utf-8"), entry.name)
            if query.name != entry.name.removesuffix(".cypher"):
                raise ValueError(f"queries/{entry.name}: header names it {query.name!r}")
            found[query.name] = query
    return found


def query(name: str) -> str:
    """The text of the named query; KeyError lists the names there are."""
    try:
        return all_queries()[name].text
    except KeyError:
        raise KeyError(f"no query named {name!r}; there are: {', '.join(sorted(all_queries()))}") from None


def library_markdown() -> str:
    """docs/queries.md: every named query with its header (regenerate with `python -m graph.cypher`)."""
    lines = [
        "# The query library",
        "",
        "Every Cypher query thbgraph runs, one file each in `queries/` (besides the schema",
        "statements built in `graph/schema.py` and analysts' own queries). Generated from the",
        "files' headers by `python -m graph.cypher > docs/queries.md`; a test keeps it current.",
        "Analysts can run any of them by name: `graph.cypher.query(name)` gives the text, and in a",
        "notebook `nb.named(name, **parameters)` runs it (see docs/notebooks.md).",
        "",
    ]
    for named in sorted(all_queries().values(), key=lambda q: q.name):
        lines += [
            f"## {named.name}",
            "",
            named.purpose,
            "",
            f"- parameters: {named.params}",
            f"- returns: {named.returns}",
            "",
            "```cypher",
            named.text,
            "```",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(library_markdown(), end="")
