#!/usr/bin/env python3
"""Measures, from outside the lab, how long a segment takes to be listed in a playlist.

Two subcommands, both used by bench/packager/run.sh:

probe   A one-connection TCP relay between an RTMP publisher and the ingest. It parses the
        publisher's chunk stream (after the handshake) and writes, for every H.264 keyframe,
        the wall-clock times just before and just after the send that handed the keyframe's last
        byte to the ingest's socket, and the time before the send of the audio or video message
        handed over just before it. In the same single-threaded loop it stats each playlist about
        every millisecond and, whenever one is replaced, writes the segments it names for the
        first time, with the time it saw them and the playlist's mtime. It stops at the
        publisher's end of stream, on SIGTERM, or after --max-seconds.

report  Joins the two: each segment is matched to the keyframe that starts the next segment (the
        one whose arrival completes it), through the ingest's clock anchor as seen from here, and
        the delays are summarised; it also turns two scrapes of the lab's /metrics into the
        quantiles of packager_publish_delay_seconds over the span between them. Output, tab-
        separated, times in ms:
          hist      PACKAGER COUNT P50 P90 P99 MEAN COUNT_LE_50MS   (buckets interpolated)
          buckets   PACKAGER le1:N le2.5:N ...                     (cumulative counts)
          outside   PACKAGER COUNT, then P50 P90 MAX MEAN MIN of each of: keyframe -> listed lower
                    bound (mtime), keyframe -> listed upper bound (stat loop), last frame -> listed
                    upper bound, gap last frame -> keyframe; then the least and greatest
                    difference between a keyframe's arrival and the anchor's prediction
          unmatched COUNT offset_ms=...

Times are time.time_ns() (CLOCK_REALTIME) so that they compare with file mtimes and with the
playlists' EXT-X-PROGRAM-DATE-TIME. Only 127.0.0.1 is used.
"""
import argparse
import datetime
import math
import os
import re
import select
import signal
import socket
import sys
import time

HANDSHAKE_BYTES = 1 + 1536 + 1536  # C0, C1, C2 from the client before any chunk


class ChunkParser:
    """The client-to-server half of an RTMP connection, message by message."""

    def __init__(self, on_message):
        self.buf = bytearray()
        self.skip = HANDSHAKE_BYTES
        self.chunk_size = 128
        self.streams = {}  # csid -> dict(ts, delta, length, type, got, extended, body)
        self.on_message = on_message

    def feed(self, data, now):
        if self.skip:
            used = min(self.skip, len(data))
            self.skip -= used
            data = data[used:]
        self.buf += data
        pos = 0
        buf = self.buf
        while True:
            consumed = self._one_chunk(buf, pos, now)
            if consumed == 0:
                break
            pos += consumed
        del self.buf[:pos]

    def _one_chunk(self, buf, pos, now):
        n = len(buf) - pos
        if n < 1:
            return 0
        b0 = buf[pos]
        fmt = b0 >> 6
        csid = b0 & 0x3F
        h = 1
        if csid == 0:
            if n < 2:
                return 0
            csid = 64 + buf[pos + 1]
            h = 2
        elif csid == 1:
            if n < 3:
                return 0
            csid = 64 + buf[pos + 1] + 256 * buf[pos + 2]
            h = 3
        st = self.streams.setdefault(csid, {"ts": 0, "delta": 0, "length": 0, "type": 0,
                                            "got": 0, "extended": False, "body": None})
        mh = (11, 7, 3, 0)[fmt]
        if n < h + mh:
            return 0
        p = pos + h
        ts_field = None
        length = st["length"]
        mtype = st["type"]
        if fmt <= 2:
            ts_field = int.from_bytes(buf[p:p + 3], "big")
        if fmt <= 1:
            length = int.from_bytes(buf[p + 3:p + 6], "big")
            mtype = buf[p + 6]
        extended = (ts_field == 0xFFFFFF) if ts_field is not None else st["extended"]
        ext = 4 if extended else 0
        if n < h + mh + ext:
            return 0
        if extended:
            ts_value = int.from_bytes(buf[p + mh:p + mh + 4], "big")
        else:
            ts_value = ts_field
        starting = st["body"] is None
        want = min(self.chunk_size, length - st["got"]) if not starting else min(self.chunk_size, length)
        total = h + mh + ext + want
        if n < total:
            return 0
        # The header is complete and so is the payload: commit.
        st["extended"] = extended
        if starting:
            if fmt == 0:
                st["ts"] = ts_value
                st["delta"] = 0
            elif fmt in (1, 2):
                st["delta"] = ts_value
                st["ts"] += ts_value
            else:
                st["ts"] += st["delta"]
            st["length"] = length
            st["type"] = mtype
            st["got"] = 0
            st["body"] = bytearray()
        start = pos + h + mh + ext
        # Only the first bytes of a media message matter; keep control messages whole.
        if len(st["body"]) < 16 or st["type"] in (1, 2):
            st["body"] += buf[start:start + want]
        st["got"] += want
        if st["got"] >= st["length"]:
            body = bytes(st["body"])
            st["body"] = None
            st["got"] = 0
            if st["type"] == 1 and len(body) >= 4:
                self.chunk_size = int.from_bytes(body[:4], "big") & 0x7FFFFFFF
            self.on_message(st["type"], st["ts"] & 0xFFFFFFFF, body, now)
        return total


def parse_playlist(text):
    """[(name, pdt_epoch_ms or None, extinf_s)] in order."""
    out = []
    pdt = None
    extinf = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            value = line.split(":", 1)[1]
            value = value.replace("Z", "+00:00")
            value = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value)
            try:
                pdt = datetime.datetime.fromisoformat(value).timestamp() * 1000.0
            except ValueError:
                pdt = None
        elif line.startswith("#EXTINF:"):
            extinf = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#"):
            out.append((line, pdt, extinf))
            pdt = None
            extinf = None
    return out


def probe(args):
    stop = {"now": False}

    def on_term(_signum, _frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    deadline = time.monotonic() + args.max_seconds

    playlists = []
    for spec in args.playlist:
        name, path = spec.split("=", 1)
        playlists.append({"name": name, "path": path, "key": None, "seen": set(), "first": True})

    frames = open(os.path.join(args.out, "keyframes.tsv"), "w", buffering=1)
    frames.write("ts_ms\tsend_start_ns\tsend_end_ns\tprev_send_start_ns\tprev_type\tprev_ts_ms\n")
    firsts = open(os.path.join(args.out, "first_media.tsv"), "w", buffering=1)
    listings = open(os.path.join(args.out, "listings.tsv"), "w", buffering=1)
    listings.write("packager\tsegment\tpdt_ms\textinf_s\tseen_ns\tmtime_ns\tinitial\n")

    state = {"prev_t": 0, "prev_type": 0, "prev_ts": 0, "first": False, "messages": 0}

    def on_message(mtype, ts, body, sent):
        # sent: (before, after) the send that handed the message's last byte to the ingest.
        if mtype not in (8, 9):
            return
        state["messages"] += 1
        if not state["first"]:
            state["first"] = True
            firsts.write("%d\t%d\n" % (ts, sent[0]))
        if mtype == 9 and len(body) >= 2 and body[0] == 0x17 and body[1] == 1:
            frames.write("%d\t%d\t%d\t%d\t%d\t%d\n" % (ts, sent[0], sent[1], state["prev_t"],
                                                       state["prev_type"], state["prev_ts"]))
        state["prev_t"] = sent[0]
        state["prev_type"] = mtype
        state["prev_ts"] = ts

    parser = ChunkParser(on_message)

    def poll_playlists():
        for pl in playlists:
            try:
                st = os.stat(pl["path"])
            except FileNotFoundError:
                continue
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if key == pl["key"]:
                continue
            seen_ns = time.time_ns()
            try:
                with open(pl["path"], "r", encoding="utf-8") as f:
                    text = f.read()
            except FileNotFoundError:
                continue
            pl["key"] = key
            for name, pdt, extinf in parse_playlist(text):
                if name in pl["seen"]:
                    continue
                pl["seen"].add(name)
                listings.write("%s\t%s\t%s\t%s\t%d\t%d\t%d\n" % (
                    pl["name"], name, "-" if pdt is None else "%.3f" % pdt,
                    "-" if extinf is None else "%.3f" % extinf, seen_ns, st.st_mtime_ns,
                    1 if pl["first"] else 0))
            pl["first"] = False

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.listen))
    listener.listen(1)
    print("listening", flush=True)

    client = upstream = None
    while not stop["now"] and time.monotonic() < deadline:
        socks = [listener] if client is None else [client, upstream]
        try:
            readable, _, _ = select.select(socks, [], [], 0.001)
        except InterruptedError:
            continue
        for s in readable:
            if s is listener:
                client, _ = listener.accept()
                upstream = socket.create_connection(("127.0.0.1", args.upstream), timeout=5)
                for c in (client, upstream):
                    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    c.settimeout(5)
                listener.close()
                continue
            try:
                data = s.recv(262144)
            except OSError:
                data = b""
            if not data:
                stop["now"] = True
                break
            if s is client:
                before = time.time_ns()
                upstream.sendall(data)
                parser.feed(data, (before, time.time_ns()))
            else:
                client.sendall(data)
        poll_playlists()
    for s in (client, upstream):
        if s is not None:
            s.close()
    frames.close()
    listings.close()
    firsts.close()
    print("stopped after %d media messages" % state["messages"], flush=True)


# --- report -------------------------------------------------------------------------------

def read_tsv(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def quantile(sorted_values, q):
    """Nearest-rank quantile of a sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


METRIC = re.compile(r'^(packager_publish_delay_seconds_(?:bucket|sum|count))\{([^}]*)\}\s+(\S+)')


def read_histograms(path):
    """{packager: {"buckets": {le: count}, "sum": s, "count": c}}"""
    out = {}
    with open(path) as f:
        for line in f:
            m = METRIC.match(line)
            if not m:
                continue
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2)))
            h = out.setdefault(labels.get("packager", "?"), {"buckets": {}, "sum": 0.0, "count": 0.0})
            value = float(m.group(3))
            if m.group(1).endswith("_bucket"):
                le = labels["le"]
                h["buckets"][float("inf") if le == "+Inf" else float(le)] = value
            elif m.group(1).endswith("_sum"):
                h["sum"] = value
            else:
                h["count"] = value
    return out


def histogram_quantile(q, buckets):
    """Prometheus' histogram_quantile: linear interpolation inside the bucket."""
    bounds = sorted(buckets)
    total = buckets[bounds[-1]]
    if total <= 0:
        return float("nan")
    rank = q * total
    lower, below = 0.0, 0.0
    for b in bounds:
        if buckets[b] >= rank:
            if b == float("inf"):
                return lower
            return lower + (b - lower) * (rank - below) / max(buckets[b] - below, 1e-12)
        lower, below = b, buckets[b]
    return bounds[-2]


def report(args):
    out = []
    t0, t1 = args.t0, args.t1
    h0 = read_histograms(args.metrics0)
    h1 = read_histograms(args.metrics1)
    for name in sorted(h1):
        b1 = h1[name]["buckets"]
        b0 = h0.get(name, {"buckets": {}})["buckets"]
        delta = {le: b1[le] - b0.get(le, 0.0) for le in b1}
        count = h1[name]["count"] - h0.get(name, {"count": 0.0})["count"]
        total = h1[name]["sum"] - h0.get(name, {"sum": 0.0})["sum"]
        under50 = delta.get(0.05, float("nan"))
        out.append("hist\t%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%d" % (
            name, count, histogram_quantile(0.5, delta) * 1e3, histogram_quantile(0.9, delta) * 1e3,
            histogram_quantile(0.99, delta) * 1e3, (total / count * 1e3) if count else float("nan"),
            under50))
        # The bucket counts themselves, for the reader who distrusts interpolation.
        cumulative = " ".join("le%s:%d" % ("+Inf" if le == float("inf") else "%g" % (le * 1e3), delta[le])
                              for le in sorted(delta))
        out.append("buckets\t%s\t%s" % (name, cumulative))

    firsts = open(os.path.join(args.dir, "first_media.tsv")).read().split()
    if len(firsts) < 2:
        out.append("outside\tnone\tno media reached the relay")
        print("\n".join(out))
        return
    first_ts, first_ns = int(firsts[0]), int(firsts[1])
    offset_ms = first_ns / 1e6 - first_ts  # the ingest's anchor, as seen from the relay
    keyframes = read_tsv(os.path.join(args.dir, "keyframes.tsv"))
    kf = [(first_ns / 1e6 + (int(k["ts_ms"]) - first_ts), int(k["send_start_ns"]),
           int(k["send_end_ns"]), int(k["prev_send_start_ns"])) for k in keyframes]
    listings = read_tsv(os.path.join(args.dir, "listings.tsv"))
    per = {}
    unmatched = 0
    for row in listings:
        if row["initial"] == "1" or row["pdt_ms"] == "-" or row["extinf_s"] == "-":
            continue
        seen = int(row["seen_ns"])
        if not (t0 <= seen <= t1):
            continue
        end_ms = float(row["pdt_ms"]) + float(row["extinf_s"]) * 1000.0
        best = min(kf, key=lambda k: abs(k[0] - end_ms)) if kf else None
        if best is None or abs(best[0] - end_ms) > 500:
            unmatched += 1
            continue
        _, key_start, key_end, prev_start = best
        mtime = int(row["mtime_ns"])
        p = per.setdefault(row["packager"], {"key_mtime": [], "key_seen": [], "last_seen": [],
                                             "anchor_err": [], "gap": []})
        # Lower bound: the playlist's mtime (stamped at the timer tick before the rename) after
        # the send of the keyframe's last byte returned. Upper bound: the stat loop seeing the
        # playlist after that send started.
        p["key_mtime"].append((mtime - key_end) / 1e6)
        p["key_seen"].append((seen - key_start) / 1e6)
        p["last_seen"].append((seen - prev_start) / 1e6)
        p["gap"].append((key_start - prev_start) / 1e6)
        p["anchor_err"].append(key_start / 1e6 - best[0])
    for name in sorted(per):
        p = per[name]
        line = ["outside", name, str(len(p["key_mtime"]))]
        for key in ("key_mtime", "key_seen", "last_seen", "gap"):
            v = sorted(p[key])
            line += ["%.2f" % quantile(v, 0.5), "%.2f" % quantile(v, 0.9), "%.2f" % v[-1],
                     "%.2f" % (sum(v) / len(v)), "%.2f" % v[0]]
        a = sorted(p["anchor_err"])
        line += ["%.1f" % a[0], "%.1f" % a[-1]]
        out.append("\t".join(line))
    out.append("unmatched\t%d\toffset_ms=%.1f" % (unmatched, offset_ms))
    print("\n".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--listen", type=int, required=True)
    p.add_argument("--upstream", type=int, required=True)
    p.add_argument("--playlist", action="append", default=[], help="NAME=PATH, repeatable")
    p.add_argument("--out", required=True)
    p.add_argument("--max-seconds", type=float, default=600)
    r = sub.add_parser("report")
    r.add_argument("--dir", required=True)
    r.add_argument("--metrics0", required=True)
    r.add_argument("--metrics1", required=True)
    r.add_argument("--t0", type=int, required=True, help="window start, epoch ns")
    r.add_argument("--t1", type=int, required=True, help="window end, epoch ns")
    args = ap.parse_args()
    if args.cmd == "probe":
        probe(args)
    else:
        report(args)


if __name__ == "__main__":
    sys.exit(main())
