"""neo4j-viz's viewer loaded once per notebook, not inside every picture.

`VisualizationGraph.render()` gives a whole HTML page per picture: 4.4 MB of JavaScript and CSS
(fonts inlined) around a few KB of graph. Here the first picture of a session carries the
viewer, taken from that page once and made a function (`window.thbgraphViewer`); every later
picture carries its own data and a call to it. Saved and reopened, the notebook runs its outputs
in order: the first picture defines the viewer, the later ones wait for it. A picture drawn
again in the cell that first carried the viewer (JupyterLab sends the cell's id) carries it
again, so re-running that cell keeps the notebook whole; `nb.draw(..., viewer=True)` forces it.

neo4j-viz's page is minified: the parts are found by what they say (the data block's and the
container's ids, the render call). If a new version no longer matches, every picture is the
whole page again, as before (tests/test_analyst_draw.py then fails on the size).
"""

from __future__ import annotations

import functools
import html
import re
import uuid

EVENT = "thbgraph-viewer-ready"
_DATA = re.compile(r'<script type="application/json" id="neo4j-viz-data">(.*?)</script>', re.S)
_MODULE = re.compile(r'<script type="module" crossorigin>(.*?)</script>\s*<style rel="stylesheet" crossorigin>(.*?)</style>',
                     re.S)
# The page's own start: read the data block, make the model, render into the container.
_BOOT = re.compile(r"var \w+=document\.getElementById\(`neo4j-viz-data`\).*?var \w+=(\w+)\(\w+\),.*?"
                   r"(\w+)\.render\(\{model:\w+,el:[\w$]+\}\);?\s*$", re.S)

#: The cell (JupyterLab's id, else "the kernel") whose output carries the viewer.
_carrier: list[str] = []


@functools.cache
def _viewer(page: str) -> str | None:
    """The viewer as a script defining `window.thbgraphViewer(id)`, and its stylesheet."""
    parts = _MODULE.search(page)
    boot = parts and _BOOT.search(parts.group(1))
    if not parts or not boot:
        return None
    model, component = boot.group(1), boot.group(2)
    script = parts.group(1)[:boot.start()] + (
        f"window.thbgraphViewer=function(id){{var d=JSON.parse(document.getElementById(id+'-data').textContent),"
        f"el=document.getElementById(id);el.style.width=d.width??'100%';el.style.height=d.height??'500px';"
        f"{component}.render({{model:{model}(d),el:el}});}};window.dispatchEvent(new Event('{EVENT}'));")
    return (f'<script type="module">{script}</script>\n'
            f'<style>{parts.group(2)}</style>')


def _cell() -> str:
    try:
        from IPython import get_ipython  # noqa: PLC0415
    except ImportError:
        return "kernel"
    header = getattr(get_ipython(), "parent_header", None) or {}
    return str((header.get("metadata") or {}).get("cellId") or "kernel")


def _carries_viewer(force: bool | None) -> bool:
    cell = _cell()
    if force or not _carrier:
        _carrier[:] = [cell]
        return True
    return force is None and cell != "kernel" and cell == _carrier[0]


def picture(page: str, viewer: bool | None = None) -> str:
    """A picture from neo4j-viz's page: its data and a call to the viewer, with the viewer first
    when this output should carry it (the session's first, or `viewer=True`)."""
    data = _DATA.search(page)
    loader = _viewer(page[:data.start()] + page[data.end():]) if data else None  # the same page for every picture
    if data is None or loader is None:
        return page  # an unknown neo4j-viz: the whole page, as it gives it
    uid = f"thbgraph-viz-{uuid.uuid4().hex[:12]}"
    call = (f"<script>(function(){{var go=function(){{window.thbgraphViewer('{uid}')}};"
            f"if(window.thbgraphViewer){{go()}}else{{window.addEventListener('{EVENT}',go,{{once:true}})}}}})();</script>")
    out = (f'<script type="application/json" id="{uid}-data">{data.group(1)}</script>'
           f'<div id="{html.escape(uid)}"></div>{call}')
    return (loader + "\n" + out) if _carries_viewer(viewer) else out


def forget() -> None:
    """The next picture carries the viewer again (a new notebook on the same kernel, tests)."""
    _carrier.clear()

