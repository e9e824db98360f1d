#!/usr/bin/env python3
"""Simple HLS viewers: each polls a live playlist every INTERVAL seconds over one keep-alive
connection and fetches every new segment once, as a player at the live edge does.

  viewers.py --url http://127.0.0.1:PORT/hls/index.m3u8 [--viewers N] [--duration S]
             [--events FILE] [--summary FILE]

Not a real player (that is the probe's job): it decodes nothing. It notices what a viewer would:
  - errors: a playlist or segment answered other than 200, a connection that failed or timed
    out, a segment that is not whole MPEG-TS (188-byte packets, each starting 0x47);
  - gaps: sequence numbers that left the playlist before this viewer saw them;
  - backwards: a media sequence or last sequence number lower than one seen before;
  - renamed: a sequence number whose URI changed (hls.js stops on that);
  - discontinuity-sequence mismatches for a segment seen in two playlists;
  - stalls: a simulated buffer that starts with the last 3 segments of the first playlist,
    grows by each segment fetched whole, and drains in real time; a stall is the time it is
    empty (stalls shorter than 0.2 s are ignored as timer noise).
Every loop ends by --duration; every request has a timeout. The summary is JSON; --events
writes one JSON line per notable event (meant for one or a few viewers).
"""
import argparse
import asyncio
import json
import random
import signal
import sys
import time
from urllib.parse import urljoin, urlsplit

PLAYLIST_TIMEOUT = 5.0
SEGMENT_TIMEOUT = 10.0
STALL_MIN = 0.2
MAX_HEAD = 16 * 1024
MAX_BODY = 64 << 20


class Stats:
    def __init__(self):
        self.c = {k: 0 for k in (
            "playlist_requests", "playlist_ok", "playlist_errors", "segment_requests",
            "segment_ok", "segment_errors", "segment_bytes", "gaps", "backwards", "renamed",
            "dseq_mismatch", "discontinuities", "stalls")}
        self.stall_seconds = 0.0
        self.playlist_ms = []
        self.segment_ms = []
        self.errors_by_kind = {}
        self.events = None
        self.max_growth_interval = 0.0

    def error(self, kind):
        self.errors_by_kind[kind] = self.errors_by_kind.get(kind, 0) + 1

    def event(self, viewer, kind, **fields):
        if self.events is not None:
            fields.update({"t": round(time.time(), 3), "viewer": viewer, "kind": kind})
            self.events.write(json.dumps(fields) + "\n")
            self.events.flush()


class Connection:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def get(self, path, timeout):
        """Returns (status, body) or raises OSError/asyncio.TimeoutError/ValueError."""
        return await asyncio.wait_for(self._get(path), timeout)

    async def _get(self, path):
        for attempt in (0, 1):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection(
                    self.host, self.port, limit=1 << 20)
            try:
                self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                                  f"User-Agent: streaming-lab-bench-viewer\r\n\r\n".encode())
                await self.writer.drain()
                head = await self.reader.readuntil(b"\r\n\r\n")
            except (OSError, asyncio.IncompleteReadError) as e:
                await self.close()
                # A kept-alive connection the server closed while idle: one retry on a new one.
                if fresh or attempt:
                    raise OSError(f"connection: {e!r}") from None
                continue
            if len(head) > MAX_HEAD:
                raise ValueError("response head too long")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            length, close = None, False
            for line in lines[1:]:
                k, _, v = line.partition(":")
                k = k.strip().lower()
                if k == "content-length":
                    length = int(v.strip())
                elif k == "connection" and v.strip().lower() == "close":
                    close = True
                elif k == "transfer-encoding":
                    raise ValueError("chunked responses are not supported")
            if length is None or length > MAX_BODY:
                await self.close()
                raise ValueError(f"no usable Content-Length ({length})")
            try:
                body = await self.reader.readexactly(length)
            except asyncio.IncompleteReadError:
                await self.close()
                raise OSError("body cut short") from None
            if close:
                await self.close()
            return status, body
        raise OSError("unreachable")


def parse_playlist(text):
    if not text.startswith("#EXTM3U"):
        raise ValueError("not a playlist")
    media_sequence = 0
    dseq = 0
    segments = []  # (sequence, uri, duration, discontinuity, dseq)
    duration = None
    disc = False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-MEDIA-SEQUENCE:"):
            media_sequence = int(line.split(":", 1)[1])
        elif line.startswith("#EXT-X-DISCONTINUITY-SEQUENCE:"):
            dseq = int(line.split(":", 1)[1])
        elif line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line == "#EXT-X-DISCONTINUITY":
            disc = True
        elif line and not line.startswith("#"):
            if disc:
                dseq += 1
            segments.append((media_sequence + len(segments), line, duration or 0.0, disc, dseq))
            duration, disc = None, False
    return media_sequence, segments


def whole_ts(body):
    return len(body) > 0 and len(body) % 188 == 0 and body[::188].count(0x47) == len(body) // 188


class Playback:
    """A buffer that starts once the first segment is in and drains in real time; a stall lasts
    from the moment it runs dry to the next segment that arrives whole."""

    def __init__(self, stats, viewer):
        self.stats, self.viewer = stats, viewer
        self.started = None      # wall time playback started
        self.buffered = 0.0      # media seconds received
        self.stalled = 0.0       # seconds spent stalled so far
        self.stall_began = None  # wall time the current stall began, or None

    def add(self, now, seconds):
        if self.started is None:
            self.started = now
        else:
            self.settle(now)
            self.end_stall(now)
        self.buffered += seconds

    def settle(self, now):
        if self.started is None:
            return
        played = now - self.started - self.stalled
        if played > self.buffered:
            extra = played - self.buffered
            if self.stall_began is None:
                self.stall_began = now - extra
            self.stalled += extra

    def end_stall(self, now):
        if self.stall_began is None:
            return
        seconds = now - self.stall_began
        self.stall_began = None
        if seconds >= STALL_MIN:
            self.stats.c["stalls"] += 1
            self.stats.stall_seconds += seconds
            self.stats.event(self.viewer, "stall", seconds=round(seconds, 3),
                             began=round(now - seconds, 3))

    def finish(self, now):
        self.settle(now)
        self.end_stall(now)


class Viewer:
    """One viewer: its connection, what it has seen, and its simulated buffer."""

    def __init__(self, index, args, stats):
        self.index, self.args, self.stats = index, args, stats
        url = urlsplit(args.url)
        self.path = url.path
        self.conn = Connection(url.hostname, url.port or 80)
        self.playback = Playback(stats, index)
        self.uris = {}          # sequence -> uri, for the renamed check
        self.dseqs = {}         # sequence -> discontinuity sequence
        self.last_media = self.last_last = None
        self.next_wanted = None
        self.grew_at = None

    async def run(self, deadline, start_delay):
        await asyncio.sleep(start_delay)
        stats = self.stats
        try:
            while time.monotonic() < deadline:
                tick = time.monotonic()
                stats.c["playlist_requests"] += 1
                t0 = time.perf_counter()
                try:
                    status, body = await self.conn.get(self.path, PLAYLIST_TIMEOUT)
                except (OSError, asyncio.TimeoutError, ValueError) as e:
                    stats.c["playlist_errors"] += 1
                    stats.error(f"playlist {type(e).__name__}")
                    stats.event(self.index, "playlist_error", error=repr(e)[:200])
                    await self.conn.close()
                    status = None
                if status is not None:
                    stats.playlist_ms.append((time.perf_counter() - t0) * 1000)
                    if status != 200:
                        stats.c["playlist_errors"] += 1
                        stats.error(f"playlist HTTP {status}")
                        stats.event(self.index, "playlist_error", status=status)
                    else:
                        stats.c["playlist_ok"] += 1
                        await self.playlist(body, deadline)
                self.playback.settle(time.time())
                await asyncio.sleep(max(0.0, min(self.args.interval - (time.monotonic() - tick),
                                                  deadline - time.monotonic())))
        finally:
            self.playback.finish(time.time())
            await self.conn.close()

    async def playlist(self, body, deadline):
        stats, index = self.stats, self.index
        try:
            media, segments = parse_playlist(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            stats.c["playlist_errors"] += 1
            stats.error("playlist unparsable")
            stats.event(index, "playlist_error", error=repr(e)[:200])
            return
        if not segments:
            return
        last = segments[-1][0]
        if self.last_media is not None and (media < self.last_media or last < self.last_last):
            stats.c["backwards"] += 1
            stats.event(index, "backwards", media=media, last=last, was_media=self.last_media,
                        was_last=self.last_last)
        for seq, uri, _, _, dseq in segments:
            if seq in self.uris and self.uris[seq] != uri:
                stats.c["renamed"] += 1
                stats.event(index, "renamed", sequence=seq, was=self.uris[seq], now=uri)
            if seq in self.dseqs and self.dseqs[seq] != dseq:
                stats.c["dseq_mismatch"] += 1
                stats.event(index, "dseq_mismatch", sequence=seq, was=self.dseqs[seq], now=dseq)
            self.uris[seq] = uri
            self.dseqs[seq] = dseq
        for old in [s for s in self.uris if s < media - 64]:
            self.uris.pop(old, None)
            self.dseqs.pop(old, None)
        now = time.time()
        if self.last_last is None or last > self.last_last:
            if self.grew_at is not None:
                stats.max_growth_interval = max(stats.max_growth_interval, now - self.grew_at)
            stats.event(index, "grew", last=last, media=media)
            self.grew_at = now
        self.last_media, self.last_last = media, max(last, self.last_last or last)
        if self.next_wanted is None:
            # Join at the live edge with three segments of buffer, as hls.js does.
            self.next_wanted = segments[max(0, len(segments) - 3)][0]
        if segments[0][0] > self.next_wanted:
            missed = segments[0][0] - self.next_wanted
            stats.c["gaps"] += missed
            stats.event(index, "gap", missed=missed, first=segments[0][0],
                        wanted=self.next_wanted)
            self.next_wanted = segments[0][0]
        for seq, uri, duration, disc, _ in segments:
            if seq < self.next_wanted or time.monotonic() >= deadline:
                continue
            if disc:
                stats.c["discontinuities"] += 1
                stats.event(index, "discontinuity", sequence=seq)
            await self.segment(seq, uri, duration)
            self.next_wanted = seq + 1

    async def segment(self, seq, uri, duration):
        stats, index = self.stats, self.index
        stats.c["segment_requests"] += 1
        path = urlsplit(urljoin(self.args.url, uri)).path
        t0 = time.perf_counter()
        ok = False
        try:
            status, data = await self.conn.get(path, SEGMENT_TIMEOUT)
            stats.segment_ms.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                stats.error(f"segment HTTP {status}")
                stats.event(index, "segment_error", sequence=seq, status=status)
            elif not whole_ts(data):
                stats.error("segment not whole MPEG-TS")
                stats.event(index, "segment_error", sequence=seq, status=status,
                            bytes=len(data), error="not whole MPEG-TS")
            else:
                ok = True
                stats.c["segment_bytes"] += len(data)
        except (OSError, asyncio.TimeoutError, ValueError) as e:
            stats.error(f"segment {type(e).__name__}")
            stats.event(index, "segment_error", sequence=seq, error=repr(e)[:200])
            await self.conn.close()
        if ok:
            stats.c["segment_ok"] += 1
            self.playback.add(time.time(), duration)
        else:
            stats.c["segment_errors"] += 1


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))
    return round(values[k], 2)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--viewers", type=int, default=1)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--ramp", type=float, default=2.0,
                        help="seconds over which the viewers start (default 2)")
    parser.add_argument("--events")
    parser.add_argument("--summary")
    args = parser.parse_args()
    if not (1 <= args.viewers <= 5000 and 0 < args.duration <= 3600):
        sys.exit("viewers.py: --viewers must be 1..5000 and --duration 0..3600 s")
    stats = Stats()
    if args.events:
        stats.events = open(args.events, "a", buffering=1)
    started = time.time()
    deadline = time.monotonic() + args.duration
    tasks = [asyncio.ensure_future(Viewer(i, args, stats).run(
        deadline,
        0 if args.viewers == 1 else args.ramp * i / args.viewers + random.random() * 0.01))
        for i in range(args.viewers)]
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    waiter = asyncio.ensure_future(stop.wait())
    await asyncio.wait([asyncio.gather(*tasks), waiter],
                       timeout=args.duration + SEGMENT_TIMEOUT + 15,
                       return_when=asyncio.FIRST_COMPLETED)
    for task in tasks:
        task.cancel()
    waiter.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    summary = dict(stats.c)
    summary.update({
        "viewers": args.viewers, "duration_s": round(time.time() - started, 1),
        "interval_s": args.interval, "stall_seconds": round(stats.stall_seconds, 2),
        "max_growth_interval_s": round(stats.max_growth_interval, 2),
        "errors_by_kind": stats.errors_by_kind,
        "playlist_ms_p50": percentile(stats.playlist_ms, 50),
        "playlist_ms_p99": percentile(stats.playlist_ms, 99),
        "segment_ms_p50": percentile(stats.segment_ms, 50),
        "segment_ms_p99": percentile(stats.segment_ms, 99),
        "segment_ms_max": round(max(stats.segment_ms), 2) if stats.segment_ms else None,
    })
    text = json.dumps(summary, indent=1)
    if args.summary:
        with open(args.summary, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    asyncio.run(main())
