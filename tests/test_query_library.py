"""Every named query of every package is documented, and its header matches its parameters."""

import pytest

from graph.cypher import PACKAGES, all_queries, library, parse_query, query, queries_of
from tests.paths import ROOT

QUERIES = sorted(all_queries().values(), key=lambda q: q.name)


@pytest.mark.parametrize("named", QUERIES, ids=[q.name for q in QUERIES])
def test_header_declares_exactly_the_parameters_used(named):
    assert named.purpose and named.returns, named
    assert named.declared_params() == named.used_params(), (named.declared_params(), named.used_params())


def test_every_cypher_file_is_in_a_package_the_loader_reads():
    """A .cypher file outside `PACKAGES` would be run by nothing and checked by nothing."""
    skip = {".venv", ".git", "node_modules", "build"}
    files = {p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.cypher") if not skip & set(p.parts)}
    loaded = {f"{package.replace('.', '/')}/{name}.cypher" for package in PACKAGES for name in queries_of(package)}
    assert files == loaded
    assert len(all_queries()) == len(loaded)  # no name in two packages


def test_the_library_holds_the_analysts_queries():
    assert {"co_offenders", "money_flows", "shortest_paths", "case_list"} <= set(library())
    assert not {"rekey_notes", "analysis_wipe", "ingest_persons"} & set(library())


def test_a_missing_header_is_refused():
    with pytest.raises(ValueError, match="x.cypher: header lacks purpose"):
        parse_query("// name: x\n// params: none\n// returns: n\nRETURN 1", "x.cypher")


def test_a_query_is_found_in_its_package_only():
    assert "MERGE" in query("ingest", "ingest_persons")
    with pytest.raises(KeyError, match="graph_counts"):
        query("queries.library", "no_such_query")
    with pytest.raises(KeyError, match="no query named 'ingest_persons' in queries.library"):
        query("queries.library", "ingest_persons")


def test_the_library_page_is_current():
    from graph.cypher import library_markdown

    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == library_markdown(), (
        "docs/queries.md is stale: run `python -m graph.cypher > docs/queries.md`"
    )
