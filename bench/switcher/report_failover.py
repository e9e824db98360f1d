#!/usr/bin/env python3
"""Turns a finished failover.sh run into its part of docs/benchmarks.md (printed on stdout).

  report_failover.py RUN_DIR

Reads run.json, episodes.tsv, watch/transitions.jsonl (every change /healthz showed, polled
every 100 ms), player-NAME.jsonl (what each switcher's player noticed) and the switchers' logs.
Each episode's window runs from its fault to the next episode's fault (or the end of the run),
so that anything the fault caused after the switchback is still counted against it. Also
writes RUN_DIR/results.tsv, one row per episode and switcher.
"""
import datetime
import json
import os
import re
import statistics
import sys

from report_common import load_run, num, preamble

SWITCHERS = ("default", "seed")
SETTINGS = {
    "default": "defaults: checks every 1 s, 2 in a row, no age threshold",
    "seed": "seed: `CHECK_INTERVAL_SECONDS=5 SEGMENT_AGE_THRESHOLD_SECONDS=20 REQUIRED_WINDOWS=3`",
}
SHORT = {"default": "defaults (1 s × 2)", "seed": "seed (5 s × 3, age 20 s)"}
FAULTS = {
    "stop": "origin stopped (SIGKILL)",
    "5xx": "origin answers 503",
    "hang": "origin hangs",
    "stale": "stale playlist (packager killed)",
    "slow": "origin slow (+{slow} ms)",
    "truncate": "truncated segments",
}
LOG_LINE = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) (\w+)\s+(\S+) - (.*)$")
EXPECTED_WARN = re.compile(r"^(Failover to backup|Switchback to primary): ")


def load_jsonl(path):
    if not os.path.exists(path):
        return []
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
    return out


def median_range(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    m = statistics.median(values)
    if len(values) == 1:
        return f"{m:.1f}"
    return f"{m:.1f} [{min(values):.1f}–{max(values):.1f}]"


def parse_log(path, day_hint):
    """(epoch seconds, level, logger, message) for every log line with a time stamp."""
    lines = []
    if not os.path.exists(path):
        return lines
    base = datetime.datetime.fromtimestamp(day_hint).replace(hour=0, minute=0, second=0,
                                                             microsecond=0)
    with open(path, errors="replace") as f:
        for raw in f:
            m = LOG_LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            h, mi, s, ms = (int(x) for x in m.group(1, 2, 3, 4))
            t = (base + datetime.timedelta(hours=h, minutes=mi, seconds=s,
                                           milliseconds=ms)).timestamp()
            if t - day_hint > 43200:
                t -= 86400
            elif day_hint - t > 43200:
                t += 86400
            lines.append((t, m.group(5), m.group(6), m.group(7)))
    return lines


def main():
    run = sys.argv[1]
    meta, rows = load_run(run, "episodes.tsv")
    episodes = [{
        "rep": int(row["rep"]), "fault": row["fault"],
        "t_fault": float(row["t_fault"]), "t_failed": num(row["t_failed_over"]),
        "t_repair": float(row["t_repair"]), "t_ready": float(row["t_ready"]),
        "t_back": num(row["t_back"]), "steady": row["steady_before"] == "1"} for row in rows]
    t_end = float(meta["t_end"])
    for i, e in enumerate(episodes):
        e["t_next"] = episodes[i + 1]["t_fault"] if i + 1 < len(episodes) else t_end
    transitions = load_jsonl(os.path.join(run, "watch", "transitions.jsonl"))
    players = {n: load_jsonl(os.path.join(run, f"player-{n}.jsonl")) for n in SWITCHERS}
    summaries = {}
    for n in SWITCHERS:
        p = os.path.join(run, f"player-{n}.json")
        summaries[n] = json.load(open(p)) if os.path.exists(p) else {}
    day = episodes[0]["t_fault"] if episodes else t_end
    logs = {n: parse_log(os.path.join(run, "logs", f"switcher-{n}.log"), day) for n in SWITCHERS}

    rows = []
    for e in episodes:
        for n in SWITCHERS:
            rows.append(measure(e, n, transitions, players[n], logs[n]))
    with open(os.path.join(run, "results.tsv"), "w") as f:
        keys = list(rows[0].keys()) if rows else []
        f.write("\t".join(keys) + "\n")
        for r in rows:
            f.write("\t".join("-" if r[k] is None else str(r[k]) for k in keys) + "\n")
    print(render(meta, episodes, rows, summaries, logs, transitions))


def measure(e, name, transitions, player, log):
    mine = [t for t in transitions if t["switcher"] == name]
    window = [t for t in mine if e["t_fault"] <= t["t"] < e["t_next"]]
    failover = next((t for t in window if t["active"] == "backup"), None)
    back = None
    if failover is not None:
        back = next((t for t in window if t["t"] > failover["t"] and t["active"] == "primary"),
                    None)
    changes, previous = 0, None
    before = [t for t in mine if t["t"] < e["t_fault"]]
    if before:
        previous = before[-1]["active"]
    unreachable = 0
    for t in window:
        if t["active"] == "unreachable":
            unreachable += 1
            continue
        if previous is not None and t["active"] != previous:
            changes += 1
        previous = t["active"]
    expected = 2 if failover is not None else 0
    events = [p for p in player if e["t_fault"] <= p.get("began", p["t"]) < e["t_next"]]
    kinds = {}
    for p in events:
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + (p.get("missed", 1) if p["kind"] == "gap"
                                                      else 1)
    grew = [p["t"] for p in player if p["kind"] == "grew"
            and e["t_fault"] - 4 <= p["t"] < e["t_next"]]
    max_growth = max((b - a for a, b in zip(grew, grew[1:])), default=None)
    in_window = [x for x in log if e["t_fault"] <= x[0] < e["t_next"]]
    warns = [x for x in in_window if x[1] in ("WARN", "ERROR")]
    unexpected = [x for x in warns if not EXPECTED_WARN.match(x[3])]
    fallbacks = [x for x in in_window if "fetching it from" in x[3]]
    return {
        "rep": e["rep"], "fault": e["fault"], "switcher": name,
        "failover_s": round(failover["t"] - e["t_fault"], 2) if failover else None,
        "failover_reason": (failover.get("reasons", {}).get("primary") if failover else None),
        "failed_over_after_repair": bool(failover and failover["t"] > e["t_repair"] + 0.2),
        "repair_s": round(e["t_ready"] - e["t_repair"], 2),
        "switchback_s": round(back["t"] - e["t_ready"], 2) if back else None,
        "on_backup_s": round(back["t"] - failover["t"], 2) if back and failover else None,
        "extra_switches": max(0, changes - expected),
        "healthz_unreachable": unreachable,
        "player_errors": kinds.get("playlist_error", 0) + kinds.get("segment_error", 0),
        "player_playlist_errors": kinds.get("playlist_error", 0),
        "player_segment_errors": kinds.get("segment_error", 0),
        "player_gaps": kinds.get("gap", 0),
        "player_stalls": kinds.get("stall", 0),
        "player_stall_s": round(sum(p.get("seconds", 0) for p in events
                                    if p["kind"] == "stall"), 2),
        "player_backwards": kinds.get("backwards", 0),
        "player_renamed": kinds.get("renamed", 0),
        "player_dseq_changes": kinds.get("dseq_mismatch", 0),
        "player_discontinuities": kinds.get("discontinuity", 0),
        "player_max_growth_s": round(max_growth, 1) if max_growth is not None else None,
        "log_warn": len(warns), "log_unexpected": len(unexpected),
        "segment_fallbacks": len(fallbacks),
        "steady_before": e["steady"],
    }


def render(meta, episodes, rows, summaries, logs, transitions):
    out = []
    w = out.append
    reps = int(meta["reps"])
    w("<!-- bench:switcher:failover:start -->")
    w("### Time to fail over and back, per fault")
    w("")
    preamble(w, meta, "failover.sh", "quick sanity run, one repetition")
    w(f"- Machine: {meta['machine']}. Shared and noisy: other engineers' builds and"
      " benchmarks ran beside this one.")
    w(f"- Ours: `bin/streaming-lab ingest|packager|origin|switcher ...` ({meta['jar_facts']}),"
      f" each component its own process; publisher ffmpeg {meta['ffmpeg']} (`testsrc2` 640x360"
      " 25 fps, x264 veryfast, keyframe every 2 s, AAC; 2 s segments, ~200 kB each).")
    w("- Two switchers watch the same two origins at once, so that every fault is measured for"
      " both settings at the same moment: " + SETTINGS["default"] + "; " + SETTINGS["seed"]
      + " (set through those environment variables; both keep the default"
      " `--min-dwell-seconds 10`). Their primary is reached through `bench/switcher/faultproxy.py`"
      f" ({meta['python']}), a proxy in front of origin-primary that answers 503, hangs, delays"
      " or truncates on command.")
    w("- Faults: *origin stopped* = origin-primary and the proxy in front of it killed with"
      " SIGKILL, so the switchers' connections are refused or reset as with a dead origin; repair"
      " = both started again. *503* and *hang* = the proxy's modes (a hung request is accepted"
      " and never answered); repair = pass-through. *Stale playlist* = packager-primary killed"
      " with SIGKILL while origin-primary keeps serving its last playlist; repair = the packager"
      " started again."
      + (f" Extras, one repetition each: *slow* = {meta['slow_delay_ms']} ms before each"
         f" response, for at most {meta['slow_limit']} s; *truncated* = every segment cut mid-packet with a matching"
         f" Content-Length, for {meta['truncate_hold']} s (the playlist is intact, so no failover"
         " is expected: the switcher should fetch those segments from the backup)."
         if meta["extras"] else ""))
    w(f"- Each episode: both switchers steady on the primary for {meta['steady_hold']} s (both"
      " origins healthy), the fault, a wait until both show `active: backup` in `/healthz`"
      f" (polled every 100 ms; at most {meta['failover_limit']} s), the repair, and a wait until"
      f" both show the primary again (at most {meta['switchback_limit']} s). *Fails over after* is"
      " from the fault to the first `/healthz` showing the backup; *switches back after* is from"
      " the moment the repaired primary serves again (for the stale playlist: once its playlist"
      " grows again) to the first `/healthz` showing the primary. "
      f"{reps} repetition(s) of each fault, the order rotated each repetition; medians [min–max].")
    w("- The player: `bench/switcher/viewers.py`, one per switcher, polls the switcher's playlist"
      " every 2 s and fetches each new segment once over one keep-alive connection. It counts"
      " HTTP or connection errors, segments that are not whole MPEG-TS, *gaps* (segment numbers"
      " that left the playlist unseen), and *stalls* of a simulated buffer that starts with the"
      " last 3 segments and drains in real time. An episode's window for these counts runs from"
      " its fault to the next fault. The two packagers are epoch-locked (the same names, numbers"
      " and bytes) and the publisher never restarts, so every EXT-X-DISCONTINUITY a player sees"
      " here is spurious, and so is any change of a segment's discontinuity number between two"
      " reloads (RFC 8216, 6.2.2; hls.js derives its `cc` from them).")
    w("")
    w("| fault | settings | fails over after s | switches back after the repair s | repair took s"
      " | failed over | extra switches | player errors / gaps / stalls (s)"
      " | player saw: EXT-X-DISCONTINUITY / segments whose discontinuity number changed /"
      " renamed or backwards | unexpected WARN/ERROR |")
    w("|:--|:--|---:|---:|---:|:-:|---:|:--|:--|---:|")
    order = [f for f in ("stop", "5xx", "hang", "stale", "slow", "truncate")
             if any(e["fault"] == f for e in episodes)]
    for fault in order:
        label = FAULTS[fault].format(slow=meta["slow_delay_ms"])
        for i, n in enumerate(SWITCHERS):
            rs = [r for r in rows if r["fault"] == fault and r["switcher"] == n]
            failed = sum(1 for r in rs if r["failover_s"] is not None)
            extra = sum(r["extra_switches"] for r in rs)
            errors = sum(r["player_errors"] for r in rs)
            gaps = sum(r["player_gaps"] for r in rs)
            stalls = sum(r["player_stalls"] for r in rs)
            stall_s = sum(r["player_stall_s"] for r in rs)
            unexpected = sum(r["log_unexpected"] for r in rs)
            discs = sum(r["player_discontinuities"] for r in rs)
            dseq = sum(r["player_dseq_changes"] for r in rs)
            wrong = sum(r["player_renamed"] + r["player_backwards"] for r in rs)
            mark = lambda v, bad: f"**{v}**" if bad else f"{v}"  # noqa: E731
            expect_failover = fault != "truncate"
            w(f"| {label if i == 0 else ''} | {SHORT[n]} | {median_range([r['failover_s'] for r in rs])}"
              f" | {median_range([r['switchback_s'] for r in rs])}"
              f" | {median_range([r['repair_s'] for r in rs]) if i == 0 else ''}"
              f" | {mark(f'{failed}/{len(rs)}', expect_failover and failed < len(rs) or not expect_failover and failed)}"
              f" | {mark(extra, extra)}"
              f" | {mark(errors, errors)} / {mark(gaps, gaps)} / {mark(stalls, stalls)}"
              + (f" ({stall_s:.1f} s)" if stalls else "")
              + f" | {mark(discs, discs)} / {mark(dseq, dseq)} / {mark(wrong, wrong)}"
              + f" | {mark(unexpected, unexpected)} |")
    w("")
    # Per-episode detail, compact.
    w("<details><summary>Every episode</summary>")
    w("")
    w("| rep | fault | settings | fails over s | reason /healthz gave | back after repair s"
      " | on backup s | player errors / gaps / stalls | player's longest wait for a new segment s"
      " | per-request segment fallbacks logged |")
    w("|---:|:--|:--|---:|:--|---:|---:|:--|---:|---:|")
    for r in rows:
        reason = (r["failover_reason"] or "–").replace("|", "/")
        if len(reason) > 70:
            reason = reason[:67] + "…"
        w(f"| {r['rep']} | {r['fault']} | {r['switcher']} | {fmt(r['failover_s'])} | {reason}"
          f" | {fmt(r['switchback_s'])} | {fmt(r['on_backup_s'])}"
          f" | {r['player_errors']} / {r['player_gaps']} / {r['player_stalls']}"
          f" | {fmt(r['player_max_growth_s'])} | {r['segment_fallbacks']} |")
    w("")
    w("</details>")
    w("")
    for note in notes(rows, meta):
        w(f"- {note}")
    for n in SWITCHERS:
        s = summaries.get(n) or {}
        if s:
            w(f"- Player on the {n} switcher over the whole run ({s.get('duration_s')} s):"
              f" {s.get('playlist_requests')} playlist and {s.get('segment_requests')} segment"
              f" requests, {s.get('playlist_errors')} + {s.get('segment_errors')} errors"
              f" ({json.dumps(s.get('errors_by_kind')) if s.get('errors_by_kind') else 'none'}),"
              f" {s.get('gaps')} gaps, {s.get('stalls')} stalls ({s.get('stall_seconds')} s),"
              f" {s.get('backwards')} backwards, {s.get('renamed')} renamed,"
              f" {s.get('discontinuities')} discontinuities, {s.get('dseq_mismatch')} segments"
              " whose discontinuity number changed between reloads; segment p50/p99"
              f" {s.get('segment_ms_p50')}/{s.get('segment_ms_p99')} ms.")
    unreachable = sum(r["healthz_unreachable"] for r in rows)
    if unreachable:
        w(f"- `/healthz` did not answer within 1 s {unreachable} time(s) during the episodes.")
    if any(not e["steady"] for e in episodes):
        w("- Some episodes started without both switchers steady (see the run's episodes.tsv).")
    if meta.get("skipped"):
        w(f"- Skipped for the time budget: {meta['skipped']}.")
    for n in SWITCHERS:
        warns = [x for x in logs[n] if x[1] in ("WARN", "ERROR")]
        unexpected = [x for x in warns if not EXPECTED_WARN.match(x[3])]
        expected = len(warns) - len(unexpected)
        w(f"- The {n} switcher's log: {expected} WARN line(s) for its switches, and"
          f" {len(unexpected)} other WARN/ERROR line(s)"
          + (", the distinct ones (numbers masked):" if unexpected else "."))
        if unexpected:
            seen = {}
            for x in unexpected:
                key = f"{x[1]} {x[2]} - " + re.sub(r"\d+", "N", x[3])[:160]
                seen[key] = seen.get(key, 0) + 1
            w("")
            w("```text")
            for key, count in list(seen.items())[:10]:
                w(f"{count:4d} × {key}")
            w("```")
            w("")
    w(f"- The episodes took {int(meta['episodes_seconds']) // 60} min"
      f" {int(meta['episodes_seconds']) % 60} s. Limits: `/healthz` is polled every 100 ms, so"
      " each time is late by up to 0.1 s plus the poll's own latency; a fault starts when the"
      " script signals it (a killed process's sockets close at once, a proxy mode applies to the"
      " next request, so a hang also waits for the switcher's next poll); the switchers reach the"
      " primary through a Python proxy, which adds about a millisecond and, for *origin stopped*,"
      " dies with the origin; the switch-back time includes the policy's 10 s minimum dwell"
      " whenever the fault was shorter; the player is a model (2 s polls, a 3-segment buffer),"
      " not hls.js; loopback only, on a loaded 2-core machine where JVM start-up alone takes"
      " seconds.")
    w("<!-- bench:switcher:failover:end -->")
    return "\n".join(out)


def notes(rows, meta):
    """Readings of the table that a reader would otherwise have to work out; each appears only
    when the run's figures show it."""
    out = []

    def med(fault, name, key):
        values = [r[key] for r in rows if r["fault"] == fault and r["switcher"] == name
                  and r[key] is not None]
        return statistics.median(values) if values else None

    stop, hang = med("stop", "default", "failover_s"), med("hang", "default", "failover_s")
    if stop and hang and hang >= 1.5 * stop:
        out.append(f"With our defaults a hung origin takes {hang / stop:.1f}× as long to fail over"
                   " as a dead one: the poll timeout equals the 1 s check interval, and a check"
                   " that finds the previous poll still waiting is skipped, so a hang is judged"
                   " every 2 s rather than every second.")
    frozen = [r for r in rows if r["switcher"] == "seed" and r["failover_s"] is not None
              and (r["player_max_growth_s"] or 0) >= 8]
    failed = [r for r in rows if r["switcher"] == "seed" and r["failover_s"] is not None]
    if frozen:
        out.append(f"In {len(frozen)} of the {len(failed)} seed episodes that failed over, the"
                   " player waited 8 s or more for a new segment (see the detail; checks every"
                   " 5 s alone make waits of up to 6 s), although the backup kept producing"
                   " them: while the failing primary is"
                   " still active, the switcher's playlist took at most one segment from the"
                   " aligned backup and then stopped growing until the failover, and the"
                   " failover itself added an EXT-X-DISCONTINUITY between aligned origins. With"
                   " our defaults the failover comes soon enough for a 3-segment buffer to hide"
                   " it.")
    if any(r["player_dseq_changes"] for r in rows):
        out.append("Segments whose discontinuity number changed: when a segment that carries"
                   " EXT-X-DISCONTINUITY becomes the first of the switcher's playlist, the"
                   " playlist both raises EXT-X-DISCONTINUITY-SEQUENCE and keeps the tag, so"
                   " every segment's number goes up by one for one reload and back at the next.")
    slow = [r for r in rows if r["fault"] == "slow"]
    if slow:
        d = [r for r in slow if r["switcher"] == "default" and r["failover_s"] is not None]
        s = [r for r in slow if r["switcher"] == "seed" and r["failover_s"] is None]
        if d and s:
            out.append(f"A primary {meta['slow_delay_ms']} ms slow fails over with our defaults"
                       " (a poll may take as long as the 1 s check interval) and not with the"
                       " seed's (2 s, the cap on the poll timeout).")
    return out


def fmt(v):
    return "–" if v is None else f"{v:.1f}" if isinstance(v, float) else str(v)


if __name__ == "__main__":
    main()
