"""The web app's network page in headless Chromium: time to first paint and to an interactive network,
for the sample case and a generated 2,000-person case; and the JavaScript shipped, gzipped.

    .venv/bin/python -m bench.bench_web [--persons 2000] [--runs 3]

Loads both into a scratch Neo4j, starts `thbgraph serve` (its own process), signs in as an
investigator through the sign-in page and opens /web/cases/<case>/network. First paint is the
browser's first-contentful-paint; interactive is when the widget has drawn the start view and the
timeline (`thbNetwork.readyAt`), both from navigation start. The first visit of a case computes its
projection and key persons on the server (cold); the next ones are served from its caches (warm).
Then one expansion step: the shown person with most hidden neighbours, expanded and laid out.
The generated case is one case (ingest.generate makes one per 1,000 persons otherwise).

Then, per case, the other slow pages, each cold (first visit) and warm (the next `--runs`): the person
panel of the #1 key person opened from the case page (click to panel drawn), the charge-plan
workbench (navigation to load), and its suggestions (click to the suggested plans drawn). With
`--workbench-first` the workbench is opened by its address before the case page (which otherwise works
its choices out ahead for a large case): the cold figure is then the direct open's, and the panel's
cold figure follows it (its options already worked out by the workbench).
"""

from __future__ import annotations

import argparse
import functools
import os
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


import ingest.generate
from service.auth import Role, UserStore
from bench.bench_api import SAMPLE, neo4j
from bench.common import start_service
from ingest.catalogue import load_catalogue
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from web.assets import gzipped

SAMPLE_CASE, GENERATED_CASE = "NO-GLANS", "GEN-0001"
OUT = Path(__file__).resolve().parent / "out"  # git-ignored
print = functools.partial(print, flush=True)  # noqa: A001 (progress shows while it runs)


def serve(uri: str, home: Path, cases: list[str]) -> tuple[subprocess.Popen, str, str]:
    env = {**os.environ, "NEO4J_URI": uri, "THBGRAPH_HOME": str(home),
           "THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32), "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32)}
    token = UserStore(home / "users.sqlite3", env["THBGRAPH_SECRET_KEY"]).add("bench", Role.investigator, cases)
    server, base = start_service(env)
    return server, base, token


def visit(page, base: str, case: str) -> dict[str, float]:
    page.goto(f"{base}/web/cases/{case}/network")
    try:
        page.wait_for_selector("#network-app[data-ready=true]", timeout=300_000)
    except Exception:
        raise RuntimeError(f"{case}: {page.locator('#nw-status').inner_text()}") from None
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
    return {"paint": paint, "ready": page.evaluate("thbNetwork.readyAt"),
            "shown": page.evaluate("thbNetwork.cy.nodes().length"), "total": page.evaluate("thbNetwork.scene.nodes.size"),
            "layout": page.evaluate("thbNetwork.timings.layout"), "timeline": page.evaluate("thbNetwork.timings.timeline")}


def expand_step(page) -> tuple[float, int]:
    """ms to expand the busiest shown person (scene, Cytoscape, layout, timeline), and the nodes after."""
    ms = page.evaluate("(() => { const t = performance.now(); thbNetwork.expand([thbNetwork.busiest()]); "
                       "return performance.now() - t; })()")  # synchronous: scene, Cytoscape, layout, timeline
    return ms, page.evaluate("thbNetwork.cy.nodes().length")


def timed(page, action, ready: str) -> float:
    """ms from `action` to `ready` (a selector) drawn."""
    t = time.perf_counter()
    action()
    page.wait_for_selector(ready, timeout=300_000)
    return (time.perf_counter() - t) * 1000


def panel_open(page, base: str, case: str) -> float:
    page.goto(f"{base}/web/cases/{case}")
    while not page.evaluate("Boolean(window.htmx)"):  # else the click follows the link to the person's page
        page.wait_for_timeout(50)
    link = page.locator("table.ranking a.person").first
    return timed(page, link.click, "#panel #person-name")


def workbench_open(page, base: str, case: str) -> float:
    return timed(page, lambda: page.goto(f"{base}/web/cases/{case}/plans"), "#plan-form")


def suggestions(page, base: str, case: str) -> float:
    page.goto(f"{base}/web/cases/{case}/plans")
    button = page.get_by_role("button", name="Load suggestions")
    return timed(page, button.click, "#suggestions fieldset")


def pages(page, base: str, runs: int, workbench_first: bool = False) -> None:
    print(f"{'case':<10} {'page':<22} {'cold ms':>9} {'warm ms (median of ' + str(runs) + ')':>26}")
    steps = [("person panel, #1", panel_open), ("workbench", workbench_open), ("suggestions", suggestions)]
    if workbench_first:
        steps = [("workbench, by address", workbench_open), steps[0], steps[2]]
    for case in (SAMPLE_CASE, GENERATED_CASE):
        for name, step in steps:
            cold = step(page, base, case)
            warm = statistics.median(step(page, base, case) for _ in range(runs))
            print(f"{case:<10} {name:<22} {cold:>9.0f} {warm:>26.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="Warm visits per case.")
    parser.add_argument("--workbench-first", action="store_true",
                        help="Open the workbench by its address before the case page (no warm-up).")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    sizes = gzipped()
    print(f"JavaScript and CSS the network page loads: {sum(sizes.values()) / 1024:.1f} KB gzipped "
          f"({', '.join(f'{n} {s / 1024:.1f}' for n, s in sizes.items())})")
    with neo4j(None) as (driver, uri), tempfile.TemporaryDirectory() as home:
        load_catalogue(driver)
        load_bundle(driver, SAMPLE)
        ingest.generate.PERSONS_PER_CASE = args.persons  # one case of them all
        generate_bundle(Path(home) / "generated", persons=args.persons, seed=7)
        load_bundle(driver, Path(home) / "generated")
        server, base, token = serve(uri, Path(home), [SAMPLE_CASE, GENERATED_CASE])
        chromium = shutil.which("chromium")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/web/sign-in")
            page.fill("#token", token)
            page.click("button[type=submit]")
            page.wait_for_url("**/web/cases")
            print(f"{'case':<10} {'visit':<6} {'persons+businesses':>18} {'shown':>6} {'first paint ms':>15} "
                  f"{'interactive ms':>15} {'of which layout':>16} {'timeline':>9}")
            for case in (SAMPLE_CASE, GENERATED_CASE):
                cold = visit(page, base, case)
                warm = [visit(page, base, case) for _ in range(args.runs)]
                for label, row in (("cold", cold), (f"warm*{args.runs}", {
                        k: statistics.median(r[k] for r in warm) for k in cold})):
                    print(f"{case:<10} {label:<6} {row['total']:>18.0f} {row['shown']:>6.0f} {row['paint']:>15.0f} "
                          f"{row['ready']:>15.0f} {row['layout']:>16.0f} {row['timeline']:>9.0f}")
                ms, after = expand_step(page)
                print(f"{case:<10} expand the busiest shown person: {ms:.0f} ms, {after} nodes shown after")
                OUT.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(OUT / f"web-network-{case}.png"))  # look at it
            page.set_viewport_size({"width": 1366, "height": 768})
            pages(page, base, args.runs, args.workbench_first)
            browser.close()
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    main()
