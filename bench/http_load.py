"""A closed-loop HTTP/1.1 load generator light enough to share two cores with the server it measures.

Each client holds one keep-alive connection and sends its next request when the last answer
is read, like `wrk`. httpx's async client spends several times the server's own time per request
on these machines (docs/api.md, "Performance"), so its latencies measure the client.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit


WARM_UP = 2


class LoadError(RuntimeError):
    pass


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    fields = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines if line)}
    if "content-length" not in fields:
        raise LoadError(f"answer without Content-Length ({fields.get('transfer-encoding', 'no length')}): "
                        "this client reads only sized bodies")
    return status, await reader.readexactly(int(fields["content-length"]))


async def _client(base: str, path: str, headers: dict[str, str], requests: int, ready: asyncio.Barrier,
                  latencies: list[float]) -> None:
    url = urlsplit(base)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    lines = [f"GET {path} HTTP/1.1", f"Host: {url.netloc}", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def get() -> float:
        started = time.perf_counter()
        writer.write(request)
        status, body = await _read_response(reader)
        if status != 200:
            raise LoadError(f"GET {path} answered {status}: {body[:300]!r}")
        return time.perf_counter() - started

    try:
        for _ in range(WARM_UP):
            await get()
        await ready.wait()
        for _ in range(requests):
            latencies.append(await get())
    finally:
        writer.close()


async def run(base: str, path: str, headers: dict[str, str], clients: int, requests: int) -> tuple[list[float], float]:
    """Latencies (s) of `clients` x `requests` GETs, and the time they took together.

    Every client connects and warms up first; the clock starts when the last one is ready."""
    ready = asyncio.Barrier(clients + 1)
    latencies: list[float] = []
    tasks = [asyncio.create_task(_client(base, path, headers, requests, ready, latencies)) for _ in range(clients)]
    await ready.wait()
    started = time.perf_counter()
    await asyncio.gather(*tasks)
    return latencies, time.perf_counter() - started
