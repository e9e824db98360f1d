#!/usr/bin/env python3
"""Turns a finished throughput.sh run into its part of docs/benchmarks.md (printed on stdout).

  report_throughput.py RUN_DIR
"""
import sys

from report_common import load_run, log_problems, median, num, preamble


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def span(r):
    return "" if r is None else f" [{r[0]:,.1f}–{r[1]:,.1f}]"


def main():
    run = sys.argv[1]
    meta, rows = load_run(run, "results.tsv")
    conns = [int(c) for c in meta["conns"].split(",")]
    out = []
    w = out.append
    w("<!-- bench:switcher:throughput:start -->")
    w("### Cached segment and playlist: ours against nginx's proxy_cache")
    w("")
    preamble(w, meta, "throughput.sh", "quick sanity run, one repetition")
    seg_bytes = sorted({int(r["segment_bytes"]) for r in rows if r["target"] == "segment"})
    w(f"- Machine: {meta['machine']}. Shared and noisy; wrk ({meta['wrk']}) runs on the same two"
      " cores as the server it measures, and so do the publisher, the ingest, the packagers and"
      " the origins of the live lab behind both.")
    w(f"- Ours: the switcher alone (`bin/streaming-lab switcher`, {meta['jar_facts']}),"
      " our defaults, in front of origin-primary and origin-backup (our origins, run apart).")
    w(f"- Peer: {meta['nginx']}, `worker_processes 2` (one per core), `worker_connections 4096`,"
      " `access_log off`, `sendfile on`, `keepalive_requests 1000000`, a keep-alive upstream to"
      " origin-primary, `proxy_cache` with `proxy_cache_lock on` and `proxy_cache_use_stale"
      " updating`, origin `Cache-Control` ignored, `proxy_cache_valid 200 1s` for `.m3u8` and"
      " `10m` for `.ts` (the generated nginx.conf is kept with the run's results).")
    w(f"- Load: `wrk -t{meta['threads']} -cC -d{meta['duration']}s --timeout 5s --latency URL`, C in"
      f" {', '.join(str(c) for c in conns)}; one keep-alive connection per wrk connection. The"
      " segment is the newest in the switcher's playlist when its pair of runs starts (2 s of"
      " video, " + (f"{seg_bytes[0] // 1000}–{seg_bytes[-1] // 1000} kB" if len(seg_bytes) > 1
              else f"{seg_bytes[0] // 1000} kB" if seg_bytes else "?")
      + "); both servers were checked to serve the same bytes for it and asked for it once"
      " before the runs, so both serve it from memory or cache (nginx said"
      " `X-Cache-Status: HIT`). The playlist is `/hls/index.m3u8`: ours renders it from its"
      " last check, nginx's copy is at most 1 s old.")
    w(f"- {meta['reps']} repetition(s) of each pair, the order alternating (ABBA), after one"
      " discarded warm-up run per server and URL; medians below. *Server CPU* is the server's"
      " utime+stime over the run (/proc; nginx's master and workers), in % of one core; the"
      " machine has 200 %. p99 is given as median [min–max] over the repetitions: a single"
      " stall of the shared machine moves it far more than it moves the rates.")
    w("")
    w("| URL | connections | ours req/s | nginx req/s | ours/nginx req/s | ours p99 ms | nginx p99 ms"
      " | ours/nginx p99 | ours p50 ms | nginx p50 ms | errors ours / nginx | server CPU % ours / nginx |")
    w("|:--|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--|:--|")
    verdicts = []
    for target in ("segment", "playlist"):
        for c in conns:
            cell = {}
            for server in ("ours", "nginx"):
                rs = [r for r in rows if r["server"] == server and r["target"] == target
                      and int(r["connections"]) == c]
                p99s = [v for v in (num(r["p99_ms"]) for r in rs) if v is not None]
                cell[server] = {
                    "rps": median([num(r["rps"]) for r in rs]),
                    "p99": median(p99s),
                    "p99_range": (min(p99s), max(p99s)) if len(p99s) > 1 else None,
                    "p50": median([num(r["p50_ms"]) for r in rs]),
                    "errors": sum(int(r["socket_errors"]) + int(r["non_2xx"]) for r in rs),
                    "cpu": median([num(r["server_cpu_pct"]) for r in rs]),
                    "n": len(rs),
                }
            o, g = cell["ours"], cell["nginx"]
            rps_ratio = o["rps"] / g["rps"] if o["rps"] and g["rps"] else None
            p99_ratio = o["p99"] / g["p99"] if o["p99"] and g["p99"] else None
            label = "`/hls/seg-N.ts` (cached)" if target == "segment" else "`/hls/index.m3u8`"
            w(f"| {label} | {c} | {fmt(o['rps'])} | {fmt(g['rps'])} | "
              + (f"{rps_ratio:.2f}×" if rps_ratio else "–") + " | "
              + f"{fmt(o['p99'], 1)}{span(o['p99_range'])} | {fmt(g['p99'], 1)}{span(g['p99_range'])} | "
              + (f"{p99_ratio:.2f}×" if p99_ratio else "–") + " | "
              + f"{fmt(o['p50'], 2)} | {fmt(g['p50'], 2)} | {o['errors']} / {g['errors']} | "
              + f"{fmt(o['cpu'])} / {fmt(g['cpu'])} |")
            if rps_ratio is not None and p99_ratio is not None:
                verdicts.append((target, c, rps_ratio >= 0.95, p99_ratio <= 1.05, rps_ratio,
                                 p99_ratio))
    w("")
    met = [v for v in verdicts if v[2] and v[3]]
    w(f"- The aim, at least nginx's requests/s and no worse p99 (within 5 %), is met in"
      f" {len(met)} of {len(verdicts)} cases"
      + ("" if len(met) == len(verdicts) else "; not in: " + ", ".join(
          f"{'segment' if t == 'segment' else 'playlist'} at {c} connections"
          f" ({r:.2f}× the req/s, {p:.2f}× the p99)"
          for t, c, a, b, r, p in verdicts if not (a and b)))
      + ".")
    w(f"- Resident memory at the end of the run: the switcher"
      f" {int(meta['rss_ours_kb']) // 1024} MiB, nginx (master and workers, shared pages counted"
      f" in each) {int(meta['rss_nginx_kb']) // 1024} MiB.")
    log_problems(w, run, "- The switcher's log had {n} WARN/ERROR/stack-trace line(s) during the run{end}")
    secs = int(meta["run_seconds"])
    w(f"- The runs took {secs // 60} min {secs % 60} s. Limits: wrk, the lab and the server share"
      " two cores, so these are this machine's figures, not either server's ceiling, and at 1000"
      " connections wrk itself is a bottleneck for both; one URL at a time (a real audience spreads"
      " over the newest few segments, which both servers hold in memory or page cache anyway);"
      " loopback only; nginx serves its cache with sendfile from the page cache while ours serves"
      " from the JVM heap, with the JVM flags the machine line names.")
    w("<!-- bench:switcher:throughput:end -->")
    print("\n".join(out))


if __name__ == "__main__":
    main()
