"""The web app as its users go through it, in Chromium, over the real `thbgraph serve` and Neo4j.

One server and one browser for the module; each test signs in through the sign-in page. Screenshots
of every page (1280x800) go to tests/screenshots/ (git ignores it) to be looked at.
"""

from __future__ import annotations

import hashlib
import io
import re

import httpx
import yaml
from pypdf import PdfReader

from tests.api_support import VICTIMS
from tests.paths import ROOT, SAMPLE
from tests.web_support import SCREENSHOTS, browser, htmx_ready, shoot, sign_in, web_service  # noqa: F401 (fixtures)

CASE = "NO-GLANS"
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
PLANS = SAMPLE / "plans"


def _identities() -> list[str]:
    """Every victim's full name and birth date (a name part alone may be a suspect's too)."""
    return [v for pair in VICTIMS.values() for v in pair]


def _actions(plan_file: str) -> list[str]:
    plan = yaml.safe_load((PLANS / plan_file).read_text())
    out = []
    for a in plan["actions"]:
        kind = "person" if "person" in a else "business"
        what = "offence" if "offence" in a else "measure"
        out.append(f"{kind}:{a[kind]}:{what}:{a[what]}")
    return out


def _build_plan(page, title: str, plan_file: str) -> None:
    page.locator("input[name=action]:checked").evaluate_all("els => els.forEach(e => e.checked = false)")
    page.get_by_label("Plan title").fill(title)
    for value in _actions(plan_file):
        page.locator(f'input[name=action][value="{value}"]').check()


def _axe(page) -> list[str]:
    """Serious and critical axe-core violations on the page, in words."""
    # Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an added inline script.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['html'][:120]})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), data[:20]
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _export(page) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the comparison as PDF").click()
    return open(download.value.path(), "rb").read()


def test_the_vendored_files_are_the_pinned_ones() -> None:
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() == AXE_SHA256
    htmx = ROOT / "web" / "static" / "vendor" / "htmx.min.js"
    assert hashlib.sha256(htmx.read_bytes()).hexdigest() == HTMX_SHA256


def test_the_analyst_never_sees_a_victims_identity(web_service, browser) -> None:  # noqa: F811
    """Pages, every response the browser got, and the PDF: pseudonyms only. And no page has a
    serious or critical accessibility violation."""
    v = sign_in(browser, web_service, "analyst")
    page, base, problems = v.page, web_service.base, {}
    assert "analyst" in page.locator("header").inner_text() and CASE in page.locator("header").inner_text()
    problems["cases"] = _axe(page)
    shoot(page, "analyst-cases")
    page.goto(f"{base}/web/cases/{CASE}")
    assert "Victims are shown under pseudonyms (your role)" in page.content()
    assert page.locator("form[action$='/reveal']").count() == 0
    htmx_ready(page)
    page.get_by_role("link", name="Marius Popescu").click()
    page.wait_for_selector("#person-name")
    assert re.search(r"V-[0-9a-f]{16}", page.locator(".person-panel").text_content())  # victims alike share a folded row
    problems["case"] = _axe(page)
    shoot(page, "analyst-panel")
    page.goto(f"{base}/web/cases/{CASE}/persons/P002")
    problems["person"] = _axe(page)
    shoot(page, "analyst-person")
    page.goto(f"{base}/web/cases/{CASE}/network")
    page.wait_for_selector("#network-app[data-ready=true]", timeout=60_000)  # axe on the drawn page, not a half-built one
    problems["network"] = _axe(page)
    shoot(page, "analyst-network")
    page.goto(f"{base}/web/cases/{CASE}/plans")
    _build_plan(page, "Alternatives only", "alternatives-only.yaml")
    page.get_by_role("button", name="Evaluate").click()
    page.wait_for_selector("#evaluation .alert")
    page.get_by_role("button", name="Load suggestions").click()
    page.wait_for_selector("#sugg-0")
    problems["plans"] = _axe(page)
    shoot(page, "analyst-plans")
    page.locator("#sugg-0").check()  # one plan exports on its own
    pdf = _pdf_text(_export(page))
    seen = v.seen() + pdf
    leaked = [value for value in _identities() if value in seen]
    assert not leaked, leaked
    assert CASE in pdf and "pseudonyms" in pdf
    assert not any(problems.values()), problems


def test_an_investigators_reveal_asks_a_purpose_and_is_audited(web_service, browser) -> None:  # noqa: F811
    v = sign_in(browser, web_service, "investigator")
    page, base = v.page, web_service.base
    page.goto(f"{base}/web/cases/{CASE}")
    htmx_ready(page)
    page.get_by_role("link", name="Marius Popescu").click()
    page.wait_for_selector("#person-name")
    panel = page.locator(".person-panel").inner_text()
    everything = page.locator(".person-panel").text_content()  # what is folded too
    assert not [name for name, _ in VICTIMS.values() if name in everything]  # pseudonyms until a purpose is given
    widget_json = page.request.get(f"{base}/web/api/cases/{CASE}/key-persons")
    assert widget_json.ok and "P011" not in widget_json.text() and re.search(r"V-[0-9a-f]{16}", widget_json.text())
    options = page.request.get(f"{base}/web/api/cases/{CASE}/persons/P002/options")
    assert options.ok and not [n for n, _ in VICTIMS.values() if n in options.text()]
    # The panel: reasons with evidence ids, options ranked, every flag per victim with citation and remedy.
    assert "Why a key person" in panel and "controls 5 victims" in panel and "Evidence: E" in panel
    assert "Human trafficking" in panel and "costs 3 identified victims 5 protections" in panel
    assert "Legal basis, per protection" in panel and "What would keep the protections" in panel
    before = len(web_service.audit())
    page.get_by_role("button", name="Reveal identities").click()  # no purpose: the browser asks for one
    assert page.url.endswith(f"/web/cases/{CASE}") and len(web_service.audit()) == before
    # Sent without one anyway (a script, an old browser): refused by the server too.
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    refused = page.request.post(f"{base}/web/cases/{CASE}/reveal", form={"csrf_token": csrf, "purpose": " "})
    assert refused.status == 400 and len(web_service.audit()) == before
    page.get_by_label(re.compile("say why")).fill("Prepare the interview of P011")
    page.get_by_role("button", name="Reveal identities").click()
    page.wait_for_selector(".revealed q")
    htmx_ready(page)
    page.get_by_role("link", name="Marius Popescu").click()
    page.wait_for_selector("#person-name")
    assert "Vasyl Kovalenko" in page.locator(".person-panel").text_content()
    shoot(page, "investigator-revealed-panel")
    widget_json = page.request.get(f"{base}/web/api/cases/{CASE}/key-persons")  # the widgets' JSON alike
    assert widget_json.ok and "P011" in widget_json.text()  # ids, no names: nothing to audit there
    options = page.request.get(f"{base}/web/api/cases/{CASE}/persons/P002/options")
    assert options.ok and "Vasyl Kovalenko" in options.text()
    records = web_service.audit()[before:]
    assert any(r["endpoint"] == "/web/api/cases/{case_id}/persons/{person_id}/options" and "P011" in r["records"]
               and r["purpose"] == "Prepare the interview of P011" for r in records)
    assert records[0]["action"] == "reveal" and records[0]["purpose"] == "Prepare the interview of P011"
    shown = [r for r in records if r["action"] == "read" and "P011" in r["records"]]
    assert shown and all(r["purpose"] == "Prepare the interview of P011" and r["user"] == "investigator"
                         and r["cases"] == [CASE] for r in shown)
    page.get_by_role("button", name="Hide identities").click()
    page.wait_for_selector("form[action$='/reveal']")
    assert "Vasyl Kovalenko" not in page.content()


def test_the_workbench_evaluates_compares_saves_and_exports(web_service, browser) -> None:  # noqa: F811
    v = sign_in(browser, web_service, "prosecutor")
    page, base = v.page, web_service.base
    page.goto(f"{base}/web/cases/{CASE}/plans")
    page.get_by_role("button", name="Evaluate").click()  # nothing ticked: said where the evaluation goes
    page.locator("#evaluation [role=alert]", has_text="pick at least one option").wait_for()
    _build_plan(page, "Alternatives only", "alternatives-only.yaml")
    page.get_by_role("button", name="Evaluate").click()
    loss = page.locator("#evaluation .alert.loss")
    loss.wait_for()
    assert "costs 3 identified victims a protection" in loss.inner_text() and "Counsel (bistandsadvokat)" in loss.inner_text()
    shoot(page, "workbench-loss")
    with page.expect_navigation():
        page.get_by_role("button", name="Save plan to the case").click()
    assert "Saved to the case as Alternatives only" in page.locator(".alert.note").inner_text()  # said so
    # Compare asks for two plans at least: said on the page, where the comparison goes (not a bare 422 page).
    page.locator("input[name=plan]").first.check()
    page.get_by_role("button", name="Compare").click()
    page.locator("#comparison [role=alert]", has_text="choose two").wait_for()
    assert page.url.endswith("saved=1")
    _build_plan(page, "Trafficking charge kept", "trafficking-plus-alternatives.yaml")
    page.get_by_role("button", name="Evaluate").click()
    page.locator("#evaluation .alert.ok").wait_for()
    assert "costs" not in page.locator("#evaluation .alert").inner_text()
    assert page.locator("#evaluation .alert.loss").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Save plan to the case").click()
    shoot(page, "workbench-ok")
    boxes = page.locator("input[name=plan]")
    assert boxes.count() == 2
    boxes.nth(0).check()
    boxes.nth(1).check()
    data = _export(page)
    (SCREENSHOTS / "plans-export.pdf").write_bytes(data)
    pdf = _pdf_text(data)
    assert CASE in pdf and "Alternatives only" in pdf and "SHA-256" in pdf and "prosecutor" in pdf
    assert "Victims lose a protection" in pdf and "PROTECTION_LOSS" not in pdf
    export = [r for r in web_service.audit() if r["action"] == "export" and r["user"] == "prosecutor"]
    assert export and "sha256" in export[-1]["detail"]
    boxes = page.locator("input[name=plan]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_selector("#comparison table.rows")
    assert page.locator(".alert.loss").count() == 1 and page.locator(".alert.ok").count() == 1
    # Each plan's actions at the top, then the rows in words (no measure's symbol, no rule id).
    actions = page.locator("#comparison .plan-actions").inner_text()
    assert "Alternatives only" in actions and "Human trafficking" in actions
    rows = page.locator("#comparison table.rows").inner_text()
    assert "can no longer reach each other" in rows and "fragmentation F" not in rows
    shoot(page, "comparison")
    assert _axe(page) == []


def _ticked(page) -> list[int]:
    return page.locator("input[name=action]").evaluate_all(
        "els => els.flatMap((e, i) => e.checked ? [i] : [])")


def test_the_workbench_keeps_its_ticks_and_title_across_a_reveal_and_a_hide(web_service, browser) -> None:  # noqa: F811
    v = sign_in(browser, web_service, "prosecutor")
    page, base = v.page, web_service.base
    page.goto(f"{base}/web/cases/{CASE}/plans?load=suggested:0")
    htmx_ready(page)
    boxes = page.locator("input[name=action]")
    # A loaded plan, changed by hand: one box more and a title of the reader's own.
    boxes.nth(boxes.count() - 1).check()
    page.get_by_label("Plan title").fill("Plan for the hearing of Anna")
    before = _ticked(page)
    assert len(before) >= 2
    for reveal in (True, False):
        with page.expect_navigation():
            if reveal:
                page.get_by_label("say why").fill("Prepare the charge plan")
                page.get_by_role("button", name="Reveal identities").click()
            else:
                page.get_by_role("button", name="Hide identities").click()
        htmx_ready(page)
        assert (page.locator(".revealed q").count() == 1) is reveal
        assert _ticked(page) == before
        assert page.get_by_label("Plan title").input_value() == "Plan for the hearing of Anna"
        assert "Anna" not in page.url  # the typed title stayed in the tab, never in an address
        shoot(page, f"workbench-kept-{'revealed' if reveal else 'hidden'}")
    # The ticks are the view's: a victim who offends is a pseudonym while hidden (none of the sample's
    # ticked actions is named by a real victim id there).
    hidden_values = page.locator("input[name=action]:checked").evaluate_all("els => els.map(e => e.value)")
    assert not any(f":{victim}:" in value for value in hidden_values for victim in VICTIMS)
    page.get_by_role("button", name="Evaluate").click()
    page.locator("#evaluation .alert").first.wait_for()
    assert "pick at least one" not in page.locator("#evaluation").inner_text()


def test_sessions_are_guarded(web_service, browser) -> None:  # noqa: F811
    base = web_service.base
    admin = sign_in(browser, web_service, "admin").page  # runs the service, reads no case
    assert "they read no case's content" in admin.content() and admin.locator("table").count() == 0
    assert admin.goto(f"{base}/web/cases/{CASE}").status == 404
    v = sign_in(browser, web_service, "nordlys")
    page = v.page
    cookie = next(c for c in page.context.cookies() if c["name"] == "thbgraph_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    # Another case answers as a missing one.
    theirs = page.goto(f"{base}/web/cases/{CASE}")
    body = page.locator("main").inner_text()
    missing = page.goto(f"{base}/web/cases/NO-SUCH-CASE")
    assert theirs.status == missing.status == 404 and body == page.locator("main").inner_text()
    shoot(page, "not-found")
    assert _axe(page) == []
    for path in (f"/web/cases/{CASE}/persons/P002", f"/web/cases/{CASE}/plans", f"/web/cases/{CASE}/network"):
        assert page.goto(base + path).status == 404, path
    # Every page: a CSP without unsafe-inline, and not one inline script.
    response = page.goto(f"{base}/web/cases")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert page.locator("script:not([src])").count() == 0
    # A change without the CSRF token is refused, with the session cookie and all.
    refused = page.request.post(f"{base}/web/cases/NO-NORDLYS/reveal", form={"purpose": "no token"})
    assert refused.status == 403
    # Signed out: the cookie no longer opens a page.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/web/sign-in")
    stale = httpx.get(f"{base}/web/cases", cookies={cookie["name"]: cookie["value"]}, follow_redirects=False)
    assert stale.status_code == 303 and stale.headers["location"] == "/web/sign-in"
    wrong = httpx.post(f"{base}/web/sign-in", data={"token": "thb_nope", "csrf_token": "x"},
                       cookies={"thbgraph_sign_in": "x"})
    assert wrong.status_code == 401 and "unknown or has been revoked" in wrong.text
    assert page.goto(f"{base}/web/sign-in").status == 200
    shoot(page, "sign-in")
    assert _axe(page) == []
