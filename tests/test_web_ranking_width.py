"""The case page at 1920x1080 with a person's panel open: the key-person ranking gets half the width
beside the panel, each person's name and id on one line (they wrapped in 675 px, two fifths, while
the panel had 1,013 px and the screen's right edge stood empty)."""

from __future__ import annotations

from tests.web_support import browser, htmx_ready, shoot, sign_in, web_service  # noqa: F401 (fixtures)

FULL_HD = {"width": 1920, "height": 1080}
#: Widths of the ranking's columns and of the panel, in CSS pixels.
MEASURE = """() => ({
  columns: [...document.querySelectorAll('table.ranking thead th')].map(th => th.getBoundingClientRect().width),
  table: document.querySelector('table.ranking').getBoundingClientRect().width,
  panel: document.querySelector('#panel').getBoundingClientRect().width,
  wrapped: [...document.querySelectorAll('table.ranking tbody tr')].filter(tr => {
    const a = tr.querySelector('a.person'), id = tr.querySelector('a.person + .muted');
    return a.getBoundingClientRect().top !== id.getBoundingClientRect().top;
  }).length,
  reasonLines: [...document.querySelectorAll('table.ranking tbody tr')].map(tr => {
    const td = tr.lastElementChild; const lh = parseFloat(getComputedStyle(td).lineHeight) || 20;
    return Math.round((td.getBoundingClientRect().height - 2 * parseFloat(getComputedStyle(td).paddingTop)) / lh);
  }),
})"""


def test_the_ranking_keeps_room_for_its_reasons_at_full_hd(browser, web_service):
    visit = sign_in(browser, web_service, "investigator")
    page = visit.page
    page.set_viewport_size(FULL_HD)
    page.goto(f"{web_service.base}/web/cases/NO-GLANS")
    htmx_ready(page)
    page.locator("table.ranking a.person").first.click()
    page.wait_for_selector("#panel .person-panel, #panel h2")
    page.wait_for_load_state("networkidle")
    seen = page.evaluate(MEASURE)
    shoot(page, "case-ranking-1920")
    print(seen)
    assert seen["table"] >= 0.45 * (seen["table"] + seen["panel"]), seen
    assert seen["wrapped"] == 0, seen
    assert seen["columns"][-1] >= 0.4 * seen["table"], seen  # the reasons, not the names, get the width
    assert max(seen["reasonLines"]) <= 2, seen
