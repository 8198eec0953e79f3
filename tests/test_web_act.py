"""Browser tests do not evaluate a page script whose value is a Cytoscape element or collection
(tests/web_support.act): Playwright serialises the value, and walking the graph, its renderer and its
canvases took the page 10-30 CPU s per call (docs/benchmarks.md, "The suite, sixth pass")."""

from __future__ import annotations

import re

from tests.paths import ROOT

#: An evaluated string ending in a Cytoscape call that returns the elements it acted on.
CHAINED = re.compile(r"""\.evaluate\(\s*f?(["'])(?:(?!\1).)*\.(?:select|unselect|emit|position)\([^)]*\)\)?\1\s*\)""")


def test_no_page_script_sends_back_the_elements_it_acted_on() -> None:
    found = [f"{path.name}:{n}: {line.strip()}"
             for path in sorted((ROOT / "tests").glob("*.py")) if path.name != "test_web_act.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if CHAINED.search(line)]
    assert not found, "use tests.web_support.act(page, script):\n" + "\n".join(found)


def test_the_pattern_finds_what_it_is_for() -> None:
    assert CHAINED.search("""page.evaluate("thbNetwork.cy.getElementById('P002').select()")""")
    assert CHAINED.search("""page.evaluate(f"thbNetwork.cy.$({s!r}).first().emit('tap')")""")
    assert CHAINED.search("""page.evaluate("thbNetwork.cy.getElementById('P002').position({x: 1, y: 2})")""")
    assert not CHAINED.search("""page.evaluate("thbNetwork.selected()")""")
    assert not CHAINED.search("""page.evaluate("thbNetwork.cy.getElementById('P002').renderedPosition()")""")
