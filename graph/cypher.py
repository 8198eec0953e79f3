"""Named Cypher queries, kept as files (one query per file) beside the code that runs them.

A file opens with a header of `// key: value` lines:

    // name: persons_of_case
    // purpose: Every person with a role in a case.
    // params: case_id (str)
    // returns: person_id, name, role
    MATCH ...

Python loads one by its package and name: `query("ingest", "ingest_persons")` reads
`ingest/ingest_persons.cypher`. `PACKAGES` lists every package holding such files, so that the
reference page and the test of every header see them all. The analysts' named queries are those
of `queries.library` (`library()`, `nb.named`); names are unique across packages.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path
from dataclasses import dataclass
from functools import cache

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
        raise ValueError(f"{filename}: header lacks {', '.join(missing)}")
    return NamedQuery(header["name"], header["purpose"], header["params"], header["returns"], "\n".join(body).strip())


#: The packages holding .cypher files, lowest layer first (tests/test_query_library.py checks that no
#: file lies elsewhere). The names are data: the loader finds a package's folder, importing nothing above it.
PACKAGES = ("graph", "ingest", "resolve", "queries.network", "queries.key_persons.gds", "queries.plans",
            "queries.library", "service", "api.routes", "web")
#: The analysts' named queries (docs/queries.md, `nb.named`, the notebooks).
LIBRARY = "queries.library"


def _folder(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise KeyError(f"no package {package!r}")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def queries_of(package: str) -> dict[str, NamedQuery]:
    """The named queries in one package's folder, by name."""
    found: dict[str, NamedQuery] = {}
    for entry in sorted(_folder(package).glob("*.cypher")):
        where = f"{package.replace('.', '/')}/{entry.name}"
        named = parse_query(entry.read_text(encoding="utf-8"), where)
        if named.name != entry.stem:
            raise ValueError(f"{where}: header names it {named.name!r}")
        found[named.name] = named
    return found


@cache
def all_queries() -> dict[str, NamedQuery]:
    """Every named query of every package in `PACKAGES`, by name (a name used twice is refused)."""
    found: dict[str, NamedQuery] = {}
    for package in PACKAGES:
        for name, named in queries_of(package).items():
            if name in found:
                raise ValueError(f"query {name!r} is in two packages")
            found[name] = named
    return found


def library() -> dict[str, NamedQuery]:
    """The analysts' named queries."""
    return queries_of(LIBRARY)


def query(package: str, name: str) -> str:
    """The text of the named query in `package`; KeyError lists the names there are."""
    known = queries_of(package)
    try:
        return known[name].text
    except KeyError:
        raise KeyError(f"no query named {name!r} in {package}; there are: {', '.join(sorted(known))}") from None


def library_markdown() -> str:
    """docs/queries.md: every named query with its header (regenerate with `python -m graph.cypher`)."""
    lines = [
        "# The query library",
        "",
        "Every Cypher query thbgraph runs, one file each beside the code that runs it (besides the",
        "schema statements built in `graph/schema.py` and analysts' own queries). Generated from the",
        "files' headers by `python -m graph.cypher > docs/queries.md`; a test keeps it current.",
        "",
        "The analysts' named queries come first: they live in `queries/library/`, and in a notebook",
        "`nb.named(name, **parameters)` runs one (see docs/notebooks.md). The others are the statements",
        "of the package named with each; `graph.cypher.query(package, name)` gives any query's text.",
        "",
    ]
    for package in (LIBRARY, *(p for p in PACKAGES if p != LIBRARY)):
        lines += [f"## `{package}`" + (": the analysts' named queries" if package == LIBRARY else ""), ""]
        for named in sorted(queries_of(package).values(), key=lambda q: q.name):
            lines += [
                f"### {named.name}",
                "",
                named.purpose,
                "",
                f"- file: `{package.replace('.', '/')}/{named.name}.cypher`",
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
