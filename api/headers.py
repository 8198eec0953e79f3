"""Headers every response carries, errors included.

`Cache-Control: no-store`: a response may show a victim's identity, and no proxy or browser
cache may keep it. `X-Content-Type-Options: nosniff`: a body is read as the type it is sent
as, never sniffed into HTML.
"""

from __future__ import annotations

from starlette.types import Message, Receive, Scope, Send

from service.http_middleware import HttpMiddleware

HEADERS = ((b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"))


class SecurityHeaders(HttpMiddleware):
    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": [*kept, *HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)
