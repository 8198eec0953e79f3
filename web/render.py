"""Pages: Jinja2 templates (autoescaped) with what every page shows (who you are, your role, your cases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from service.matches import REVIEWERS
from web.comparison import rows_in_words
from web.panel import option_costs
from web.session import CSRF_FIELD, WebUser
from web.words import flag_phrase, protections_named, statutes, vocabulary

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["match_reviewers"] = REVIEWERS  # who gets the Matches tab (the API's roles)
# Words, not codes (web/words.py): rule ids as statutes, flags as phrases, the codes in tooltips.
templates.env.filters["statutes"] = statutes
templates.env.filters["flag_phrase"] = flag_phrase
templates.env.globals["words"] = vocabulary()
templates.env.globals["option_costs"] = option_costs
templates.env.globals["rows_in_words"] = rows_in_words
templates.env.globals["protections_named"] = protections_named


def htmx_src() -> tuple[str, bool]:
    """The htmx script and whether it is an ES module: the built bundle when present, else the vendored file."""
    if (STATIC / "dist" / "htmx.js").exists():
        return "/web/static/dist/htmx.js", True
    return "/web/static/vendor/htmx.min.js", False


def page(request: Request, name: str, web: WebUser | None, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, or only its `panel` block's template when htmx asks for a fragment (`fragment=`)."""
    src, module = htmx_src()
    base = {"me": web.user if web else None, "csrf": web.session.csrf if web else context.get("csrf", ""),
            "csrf_field": CSRF_FIELD, "htmx_src": src, "htmx_module": module,
            "my_cases": sorted(web.user.cases) if web else []}
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
