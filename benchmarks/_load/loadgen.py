"""A minimal asyncio HTTP/1.1 load generator with keep-alive.

Hand-rolled on ``asyncio`` streams (standard library only) so that the generator, which shares
the CPU with the server it measures, spends as little of it as possible. It speaks just enough
HTTP/1.1 for Django behind gunicorn: a ``Content-Length`` body (never chunked requests), and it
reconnects when the server closes (gunicorn's sync workers close after every response).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


class HttpError(Exception):
    pass


@dataclass
class Response:
    status: int
    body: bytes


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.connects = 0

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.connects += 1

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> Response:
        """Send one request; on a reused connection that the server had closed, reconnect and
        send it once more (the caller decides whether that is safe: check-ins carry a key)."""
        reused = self.writer is not None
        try:
            return await self._exchange(raw)
        except (ConnectionError, asyncio.IncompleteReadError, HttpError):
            self.close()
            if not reused:
                raise
            return await self._exchange(raw)

    async def _exchange(self, raw: bytes) -> Response:
        if self.writer is None:
            await self._open()
        assert self.reader is not None and self.writer is not None
        self.writer.write(raw)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise HttpError(f"bad status line {lines[0][:80]!r}")
        status = int(parts[1])
        length = 0
        close = parts[0] == b"HTTP/1.0"
        chunked = False
        for line in lines[1:]:
            name, _sep, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection":
                close = value.strip().lower() == b"close"
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            body = await self._read_chunked()
        else:
            body = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return Response(status, body)

    async def _read_chunked(self) -> bytes:
        assert self.reader is not None
        out = bytearray()
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return bytes(out)
            out += await self.reader.readexactly(size)
            await self.reader.readexactly(2)


def build_request(
    method: str, host: str, path: str, headers: dict[str, str], body: bytes = b""
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Phase:
    """What one run of the load recorded inside the measured window."""

    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    by_outcome: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warmup_errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        self.by_outcome[outcome] = self.by_outcome.get(outcome, 0) + 1

    def error(self, text: str) -> None:
        self.errors += 1
        if len(self.error_samples) < 5:
            self.error_samples.append(text[:300])


# One client's step: given its connection, send one request and return an outcome label
# ("" for an error, with the error text) -- the label is counted, the latency recorded.
Step = Callable[[Connection], Awaitable[tuple[str, str]]]


async def run_load(
    *,
    host: str,
    port: int,
    steps: list[Step],
    warmup: float,
    seconds: float,
    rate: float | None,
    timeout: float,
) -> Phase:
    """Run one client per step for ``warmup + seconds``; only the measured window counts.

    Closed loop by default (each client sends its next request when the last one answered:
    the server's saturated throughput). With ``rate`` the clients together send ``rate``
    requests per second on a fixed schedule, and latency is measured from the scheduled time,
    so a slow server cannot hide its queueing (no coordinated omission).
    """
    phase = Phase(seconds=seconds)
    loop = asyncio.get_running_loop()
    start = loop.time()
    window_start = start + warmup
    end = window_start + seconds

    async def client(index: int, step: Step) -> None:
        connection = Connection(host, port)
        interval = len(steps) / rate if rate else 0.0
        scheduled = start + (interval * index / len(steps) if rate else 0.0)
        try:
            while True:
                if rate:
                    delay = scheduled - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                    began = scheduled
                    scheduled += interval
                else:
                    began = loop.time()
                if began >= end:
                    return
                try:
                    outcome, text = await asyncio.wait_for(step(connection), timeout)
                except TimeoutError:
                    connection.close()
                    outcome, text = "", f"timeout after {timeout:g} s"
                except (OSError, asyncio.IncompleteReadError, HttpError) as error:
                    connection.close()
                    outcome, text = "", f"{type(error).__name__}: {error}"
                finished = loop.time()
                if began < window_start:
                    if not outcome:
                        phase.warmup_errors += 1
                        if len(phase.error_samples) < 5:
                            phase.error_samples.append(f"(warm-up) {text[:300]}")
                    continue
                phase.latencies_ms.append((finished - began) * 1000)
                if outcome:
                    phase.count(outcome)
                else:
                    phase.error(text)
        finally:
            connection.close()

    await asyncio.gather(*(client(i, s) for i, s in enumerate(steps)))
    return phase


def percentile(sorted_ms: list[float], p: float) -> float:
    if not sorted_ms:
        return float("nan")
    index = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms)) - 1))
    return sorted_ms[index]
