#!/usr/bin/env python3
"""Turns a finished viewers.sh run into its part of docs/benchmarks.md (printed on stdout).

  report_viewers.py RUN_DIR
"""
import json
import os
import sys

from report_common import load_run, log_problems, num, preamble


def mib(kb):
    return "–" if kb is None else f"{kb / 1024:.0f}"


def main():
    run = sys.argv[1]
    meta, rows = load_run(run, "samples.tsv")
    samples = [{k: (v if k == "phase" else num(v)) for k, v in row.items()} for row in rows]
    v = {}
    p = os.path.join(run, "viewers.json")
    if os.path.exists(p):
        v = json.load(open(p))
    hz = float(meta["hz"])
    by = {phase: [s for s in samples if s["phase"] == phase]
          for phase in ("start", "before", "during", "after", "after-gc")}
    before, after = by["before"][0], by["after"][0]
    during = by["during"]
    heap_during = next((s for s in during if s["heap_used_kb"] is not None), None)
    rss_max = max((s["rss_kb"] for s in during), default=None)
    conn_max = max((s["connections"] for s in during), default=None)
    threads_max = max((s["threads"] for s in during), default=None)
    cache_max = max((s["cache_bytes"] for s in during if s["cache_bytes"] is not None),
                    default=None)
    cpu = machine = None
    if len(during) >= 2:
        a, b = during[0], during[-1]
        cpu = (b["cpu_ticks"] - a["cpu_ticks"]) / hz / (b["t"] - a["t"]) * 100
        if b["machine_total"] > a["machine_total"]:
            machine = (b["machine_busy"] - a["machine_busy"]) / (
                b["machine_total"] - a["machine_total"]) * 100
    idle_cpu = None
    start = by["start"][0] if by["start"] else None
    if start:
        idle_cpu = (before["cpu_ticks"] - start["cpu_ticks"]) / hz / (before["t"] - start["t"]) * 100
    n = int(meta["viewers"])
    out = []
    w = out.append
    w("<!-- bench:switcher:viewers:start -->")
    w(f"### Memory with {n} viewers")
    w("")
    preamble(w, meta, "viewers.sh", "quick sanity run")
    w(f"- Machine: {meta['machine']}. Shared and noisy.")
    w(f"- Ours: the switcher alone (`bin/streaming-lab switcher`, {meta['jar_facts']}),"
      " our defaults, in front of our two origins, fed by a live lab run apart (ingest, two"
      " packagers, one ffmpeg publisher: 2 s segments of ~200 kB).")
    w(f"- Viewers: `bench/switcher/viewers.py --viewers {n}` ({meta['python']}, one process,"
      " asyncio): each viewer holds one keep-alive connection, polls `/hls/index.m3u8` every"
      " 2 s and fetches each new segment once, joining at the live edge with 3 segments; they"
      f" join over 5 s and watch for {meta['duration']} s. The switcher first runs idle with"
      f" the live stream for {meta['settle']} s (*before*); *during* is sampled every 2 s, the"
      " heap once at three quarters of the run; *after* is 10 s after the viewers left, then"
      " once more after a full collection. RSS is"
      " VmRSS (/proc/PID/status); the heap is `jcmd PID GC.heap_info` (used and committed,"
      " summed over the collector's generations);"
      " the cache is the `switcher_cache_bytes` metric.")
    w("")
    w("| | RSS MiB | heap used MiB | heap committed MiB | segment cache MiB | threads | connections |")
    w("|:--|---:|---:|---:|---:|---:|---:|")
    w(f"| before (idle, live stream) | {mib(before['rss_kb'])} | {mib(before['heap_used_kb'])}"
      f" | {mib(before['heap_committed_kb'])} | {(before['cache_bytes'] or 0) / 1048576:.0f}"
      f" | {before['threads']:.0f} | {before['connections']:.0f} |")
    w(f"| during, the largest sample | {mib(rss_max)} | – | – |"
      f" {(cache_max or 0) / 1048576:.0f} | {threads_max or 0:.0f} | {conn_max or 0:.0f} |")
    if heap_during:
        w(f"| during, at three quarters | {mib(heap_during['rss_kb'])}"
          f" | {mib(heap_during['heap_used_kb'])} | {mib(heap_during['heap_committed_kb'])}"
          f" | {(heap_during['cache_bytes'] or 0) / 1048576:.0f} | {heap_during['threads']:.0f}"
          f" | {heap_during['connections']:.0f} |")
    w(f"| after, 10 s later | {mib(after['rss_kb'])} | {mib(after['heap_used_kb'])}"
      f" | {mib(after['heap_committed_kb'])} | {(after['cache_bytes'] or 0) / 1048576:.0f}"
      f" | {after['threads']:.0f} | {after['connections']:.0f} |")
    gc = by["after-gc"][0] if by["after-gc"] else None
    if gc:
        w(f"| after, past a full GC (`jcmd PID GC.run`) | {mib(gc['rss_kb'])}"
          f" | {mib(gc['heap_used_kb'])} | {mib(gc['heap_committed_kb'])}"
          f" | {(gc['cache_bytes'] or 0) / 1048576:.0f} | {gc['threads']:.0f}"
          f" | {gc['connections']:.0f} |")
    w("")
    if rss_max is not None:
        grown = (rss_max - before['rss_kb']) / 1024
        heap_grown = None
        if heap_during and before.get("heap_committed_kb") is not None \
                and heap_during.get("heap_committed_kb") is not None:
            heap_grown = (heap_during["heap_committed_kb"] - before["heap_committed_kb"]) / 1024
        w(f"- RSS grew by {grown:.0f} MiB with {n} viewers"
          f" ({(rss_max - before['rss_kb']) / n:.0f} kB per viewer if it were all theirs)"
          + (f"; the committed heap grew by {heap_grown:.0f} MiB, so about"
             f" {grown - heap_grown:.0f} MiB of it is outside the Java heap (the connections'"
             " and responses' buffers, the C heap)" if heap_grown is not None else "")
          + (f". The live set after a full collection was {mib(gc['heap_used_kb'])} MiB,"
             f" of which {(gc['cache_bytes'] or 0) / 1048576:.0f} MiB cached segments; RSS was"
             f" {mib(after['rss_kb'])} MiB 10 s after the viewers left and"
             f" {mib(gc['rss_kb'])} MiB after the full collection." if gc else "."))
    if v:
        dur = v.get("duration_s") or 1
        expected = n * (float(meta["duration"]) / 2 + 3)
        w(f"- The viewers: {v.get('playlist_requests')} playlist requests"
          f" ({v.get('playlist_requests', 0) / dur:.0f}/s) and {v.get('segment_requests')} segment"
          f" requests ({v.get('segment_requests', 0) / dur:.0f}/s,"
          f" {v.get('segment_bytes', 0) / dur / 1e6:.0f} MB/s; viewers that kept up would fetch"
          f" 3 when they join and then one per 2 s each, about {expected / dur:.0f}/s), {v.get('playlist_errors')} playlist and"
          f" {v.get('segment_errors')} segment errors"
          + (f" ({json.dumps(v.get('errors_by_kind'))})" if v.get("errors_by_kind") else "")
          + f", {v.get('gaps')} gaps, {v.get('stalls')} stalls ({v.get('stall_seconds')} s in"
          f" all); latency p50/p99: playlist {v.get('playlist_ms_p50')}/{v.get('playlist_ms_p99')}"
          f" ms, segment {v.get('segment_ms_p50')}/{v.get('segment_ms_p99')} ms.")
    if v and v.get("segment_ok") and start and after["cache_bytes"]:
        avg = v["segment_bytes"] / v["segment_ok"]
        held = after["cache_bytes"] / avg
        rate = (after["cache_bytes"] - start["cache_bytes"]) / (after["t"] - start["t"]) * 60
        if held > 30:
            w(f"- The segment cache held {after['cache_bytes'] / 1048576:.0f} MiB at the end, about"
              f" {held:.0f} segments of {avg / 1000:.0f} kB, while only the 24 of the last three"
              " playlist windows can still be requested: it is bounded by bytes (256 MiB), not by"
              f" the window, so it grew by {rate / 1048576:.1f} MiB a minute here and, at this"
              f" bitrate, reaches its bound after about {256 * 1048576 / rate:.0f} minutes.")
    w(f"- CPU: the switcher {idle_cpu:.0f} % of one core idle and"
      f" {cpu:.0f} % with the viewers; the viewers' Python process {meta['viewers_cpu']} %;"
      + (f" the whole machine was {machine:.0f} % busy meanwhile (100 % = all"
         f" {os.cpu_count()} cores)." if machine is not None else "")
      if cpu is not None and idle_cpu is not None else "- CPU: not sampled.")
    log_problems(w, run, "- The switcher's log had {n} WARN/ERROR/stack-trace line(s){end}")
    w("- Limits: one short run on a shared machine; RSS counts the JVM's own memory (classes,"
      " compiled code, the class-data archive) as well as the switcher's, and depends on the JVM"
      " flags named above; the heap used after a GC shows the live set; the viewers' Python"
      " process shares the two cores and may itself fall behind (see the request rates against"
      " one segment per viewer per 2 s); the viewers do not decode video; loopback only.")
    w("<!-- bench:switcher:viewers:end -->")
    print("\n".join(out))


if __name__ == "__main__":
    main()
