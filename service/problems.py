"""`Problem`: an error the client can act on, raised anywhere in the service or a face; it becomes one
RFC 9457 problem response (api/problems.py maps every other exception onto it)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An error the client can act on; raise it anywhere, it becomes one problem response."""

    def __init__(self, status: int, slug: str, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.headers, self.extra = status, slug, detail, headers, extra

    def response(self) -> JSONResponse:
        body = {"type": f"/problems/{self.slug}", "title": HTTPStatus(self.status).phrase, "status": self.status,
                "detail": self.detail, **self.extra}
        return JSONResponse(body, status_code=self.status, headers=self.headers, media_type=MEDIA_TYPE)
