#!/usr/bin/env python3
"""A small HTTP/1.1 proxy that injects origin faults between the switcher and one origin.

  faultproxy.py --listen PORT --upstream PORT --control PORT [--mode pass]

Listens on 127.0.0.1:PORT and forwards each request to 127.0.0.1:UPSTREAM (one upstream
connection per request; keep-alive towards the client). The control port answers
`GET /mode` and switches with `GET /mode?set=MODE` (optionally `&delay_ms=N`, `&keep=F`):

  pass      forward untouched
  5xx       answer every request 503 at once, without asking the upstream
  hang      accept and read every request, never answer (the connection is held until the mode
            changes, the client gives up, or 120 s pass)
  slow      forward, but hold each response delay_ms (default 1500) before its first byte
  truncate  forward, but cut MPEG-TS bodies (.ts, status 200) to a fraction keep (default 0.5)
            of their length plus 61 bytes, so that they are no longer whole 188-byte packets,
            with a Content-Length that matches: an origin serving a half-written file

A request takes the mode in force when its headers arrive. When the upstream refuses the
connection the client connection is reset, as a dead origin would. Everything is bounded: header
size, body size, the hold of a hung request. Benchmarks only: it is not a general proxy.
"""
import argparse
import asyncio
import json
import signal
import socket
import struct
import sys
import time
from urllib.parse import parse_qs, urlsplit

MODES = ("pass", "5xx", "hang", "slow", "truncate")
MAX_HEAD = 16 * 1024
MAX_BODY = 64 << 20
HANG_LIMIT = 120.0
UPSTREAM_TIMEOUT = 10.0


class State:
    def __init__(self, mode):
        self.mode = mode
        self.delay_ms = 1500
        self.keep = 0.5
        self.changed = asyncio.Event()
        self.since = time.time()
        self.counts = {m: 0 for m in MODES}
        self.upstream_errors = 0

    def set(self, mode, delay_ms=None, keep=None):
        self.mode = mode
        if delay_ms is not None:
            self.delay_ms = delay_ms
        if keep is not None:
            self.keep = keep
        self.since = time.time()
        self.changed.set()
        self.changed = asyncio.Event()

    def describe(self):
        return {"mode": self.mode, "since": self.since, "delay_ms": self.delay_ms,
                "keep": self.keep, "requests": self.counts,
                "upstream_errors": self.upstream_errors}


async def read_head(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > MAX_HEAD:
        raise ValueError("head too long")
    lines = head.decode("latin-1").split("\r\n")
    start = lines[0]
    headers = []
    for line in lines[1:]:
        if not line:
            continue
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return start, headers


def header(headers, name):
    name = name.lower()
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


def reset(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


async def fetch_upstream(port, method, target, headers, body):
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port), UPSTREAM_TIMEOUT)
    try:
        lines = [f"{method} {target} HTTP/1.1"]
        for k, v in headers:
            if k.lower() not in ("connection", "keep-alive", "proxy-connection"):
                lines.append(f"{k}: {v}")
        lines.append("Connection: close")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        status_line, resp_headers = await asyncio.wait_for(read_head(reader), UPSTREAM_TIMEOUT)
        status = int(status_line.split(" ", 2)[1])
        length = header(resp_headers, "content-length")
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            data = b""
        elif length is not None:
            n = int(length)
            if n > MAX_BODY:
                raise ValueError("body too large")
            data = await asyncio.wait_for(reader.readexactly(n), UPSTREAM_TIMEOUT)
        else:
            data = await asyncio.wait_for(reader.read(MAX_BODY), UPSTREAM_TIMEOUT)
        return status_line, resp_headers, data
    finally:
        writer.close()


async def serve_client(reader, writer, state, upstream):
    try:
        while True:
            try:
                start, headers = await asyncio.wait_for(read_head(reader), 75)
            except (asyncio.IncompleteReadError, asyncio.TimeoutError, ConnectionError,
                    asyncio.LimitOverrunError, ValueError):
                return
            parts = start.split(" ")
            if len(parts) != 3:
                return
            method, target, version = parts
            length = int(header(headers, "content-length") or 0)
            body = await reader.readexactly(min(length, MAX_BODY)) if length else b""
            keep_alive = (header(headers, "connection") or "").lower() != "close" \
                and version == "HTTP/1.1"
            mode = state.mode
            state.counts[mode] += 1
            if mode == "5xx":
                payload = b"fault injected: 503\n"
                writer.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                             b"Content-Length: %d\r\n%s\r\n" % (
                                 len(payload),
                                 b"" if keep_alive else b"Connection: close\r\n")
                             + (b"" if method == "HEAD" else payload))
                await writer.drain()
                if not keep_alive:
                    return
                continue
            if mode == "hang":
                deadline = time.monotonic() + HANG_LIMIT
                while state.mode == "hang" and time.monotonic() < deadline:
                    changed = state.changed
                    eof = asyncio.ensure_future(reader.read(1))
                    flip = asyncio.ensure_future(changed.wait())
                    done, pending = await asyncio.wait(
                        {eof, flip}, timeout=max(0.1, deadline - time.monotonic()),
                        return_when=asyncio.FIRST_COMPLETED)
                    for task in pending:
                        task.cancel()
                    if eof in done:
                        return  # the client gave up (or sent more): never answered
                return  # hung requests are never answered: close once the hang ends
            try:
                status_line, resp_headers, data = await fetch_upstream(
                    upstream, method, target, headers, body)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError):
                state.upstream_errors += 1
                reset(writer)
                return
            if mode == "slow":
                await asyncio.sleep(state.delay_ms / 1000)
            status = int(status_line.split(" ", 2)[1])
            path = urlsplit(target).path
            if mode == "truncate" and status == 200 and path.endswith(".ts") and data:
                cut = min(len(data) - 1, int(len(data) * state.keep) + 61)
                if cut % 188 == 0:
                    cut -= 1
                data = data[:cut]
            out = [status_line]
            for k, v in resp_headers:
                if k.lower() in ("connection", "keep-alive", "content-length",
                                 "transfer-encoding"):
                    continue
                out.append(f"{k}: {v}")
            out.append(f"Content-Length: {len(data)}")
            if not keep_alive:
                out.append("Connection: close")
            writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
                         + (b"" if method == "HEAD" else data))
            await writer.drain()
            if not keep_alive:
                return
    except (ConnectionError, asyncio.IncompleteReadError):
        return
    finally:
        if not writer.transport.is_closing():
            writer.close()


async def serve_control(reader, writer, state):
    try:
        start, _ = await asyncio.wait_for(read_head(reader), 5)
        target = start.split(" ")[1]
        url = urlsplit(target)
        query = parse_qs(url.query)
        status = "200 OK"
        if url.path != "/mode":
            status = "404 Not Found"
        elif "set" in query:
            mode = query["set"][0]
            if mode not in MODES:
                status = "400 Bad Request"
            else:
                delay = int(query["delay_ms"][0]) if "delay_ms" in query else None
                keep = float(query["keep"][0]) if "keep" in query else None
                state.set(mode, delay, keep)
        body = (json.dumps(state.describe()) + "\n").encode()
        writer.write(f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
    except Exception:  # noqa: BLE001 - a bad control request must not stop the proxy
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--mode", default="pass", choices=MODES)
    args = parser.parse_args()
    state = State(args.mode)
    proxy = await asyncio.start_server(
        lambda r, w: serve_client(r, w, state, args.upstream), "127.0.0.1", args.listen,
        limit=MAX_HEAD * 2, backlog=256)
    control = await asyncio.start_server(
        lambda r, w: serve_control(r, w, state), "127.0.0.1", args.control)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"faultproxy 127.0.0.1:{args.listen} -> 127.0.0.1:{args.upstream}, control "
          f"127.0.0.1:{args.control}, mode {state.mode}", flush=True)
    async with proxy, control:
        await stop.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        print(f"faultproxy: {e}", file=sys.stderr)
        sys.exit(1)
