"""Every named query is documented, and its header matches its parameters."""

import pytest

from graph.cypher import all_queries, parse_query, query

QUERIES = sorted(all_queries().values(), key=lambda q: q.name)


@pytest.mark.parametrize("named", QUERIES, ids=[q.name for q in QUERIES])
def test_header_declares_exactly_the_parameters_used(named):
    assert named.purpose and named.returns, named
    assert named.declared_params() == named.used_params(), (named.declared_params(), named.used_params())


def test_a_missing_header_is_refused():
    with pytest.raises(ValueError, match="queries/x.cypher: header lacks purpose"):
        parse_query("// name: x\n// params: none\n// returns: n\nRETURN 1", "x.cypher")


def test_unknown_query_names_the_known_ones():
    with pytest.raises(KeyError, match="graph_counts"):
        query("no_such_query")


def test_the_library_page_is_current():
    from graph.cypher import library_markdown
    from tests.paths import ROOT

    assert (ROOT / "docs" / "queries.md").read_text(encoding="utf-8") == library_markdown(), (
        "docs/queries.md is stale: run `python -m graph.cypher > docs/queries.md`"
    )
