#!/usr/bin/env python3
"""Turns FailoverBench's episodes (one JSON line each) into the redundancy section of
docs/benchmarks.md: per fault, the median stall and failover time for hls.js on each path and
for the probe."""
import json
import math
import statistics
import sys

episodes_file, measured_at, command, machine_file = sys.argv[1:5]
episodes = [json.loads(line) for line in open(episodes_file) if line.startswith("{")]
machine = open(machine_file).read().strip() if machine_file else ""
faults = []
for e in episodes:
    if e["fault"] not in faults:
        faults.append(e["fault"])


def median(values):
    """The median of the numbers among values; NaN (written "NaN") and None mean "did not
    happen" and are left out."""
    values = [v for v in values if isinstance(v, (int, float)) and not math.isnan(v)]
    return statistics.median(values) if values else None


def cell(value, unit="s"):
    return "–" if value is None else f"{value:.1f} {unit}"


def of(path, fault, key):
    return median([e[key] for e in episodes if e["path"] == path and e["fault"] == fault])


reps = max((e["rep"] for e in episodes), default=0)
versions = {e["path"]: e["hlsjs"] for e in episodes}
print("<!-- bench:redundancy:start -->")
print("## Redundant chain: what a viewer sees of each single fault")
print()
print(f"Measured {measured_at}. Reproduce with:")
print()
print("```sh")
print(command)
print("```")
print()
if machine:
    print(f"- Machine: {machine}")
print(f"- {reps} repetition(s) of the eight faults per path; medians. Each fault: the "
      "component stopped with `ctl` for 12 s of playback, started again, the chain whole "
      "again, 4 s more. hls.js plays `/hls/live.m3u8` in headless Chromium on a page of "
      "another origin; the probe plays the same URL meanwhile.")
print(f"- Steering path: hls.js {versions.get('steering', '?')} (follows "
      "`EXT-X-CONTENT-STEERING`). Redundant-variant path: hls.js "
      f"{versions.get('redundant', '?')} (ignores steering, moves between the redundant "
      "URIs on errors).")
print("- Stall: seconds the picture stood still. Switch: from the stop to the first segment "
      "from the other switcher (– when the player had no reason to leave its switcher: the "
      "switchers fail over between origins behind it). Switcher failover: from the stop to "
      "switcher-backup following origin-backup. Probe: the probe's stall, and from the stop to "
      "its first move to another switcher (its own staleness and error rules), medians over "
      "both paths' runs.")
print()
print("| fault | hls.js steering stall | switch | hls.js redundant stall | switch | "
      "probe stall | probe failover | switcher failover |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for fault in faults:
    print(f"| {fault} | {cell(of('steering', fault, 'hlsjs_stall_s'))} | "
          f"{cell(of('steering', fault, 'hlsjs_switch_s'))} | "
          f"{cell(of('redundant', fault, 'hlsjs_stall_s'))} | "
          f"{cell(of('redundant', fault, 'hlsjs_switch_s'))} | "
          f"{cell(median([e['probe_stall_s'] for e in episodes if e['fault'] == fault]))} | "
          f"{cell(median([e['probe_failover_s'] for e in episodes if e['fault'] == fault]))} | "
          f"{cell(median([e['switcher_failover_s'] for e in episodes if e['fault'] == fault]))} |")
print()
total = {p: sum(of(p, f, "hlsjs_stall_s") or 0 for f in faults) for p in ("steering", "redundant")}
print(f"Aim: 0 s of stall for every single fault. Total median stall over the eight faults: "
      f"steering {total['steering']:.1f} s, redundant variants {total['redundant']:.1f} s.")
def worst(key):
    values = [e[key] for e in episodes if isinstance(e[key], (int, float)) and e[key] == e[key]]
    return max(values) if values else None


print(f"Worst single episode of {len(episodes)}: hls.js stalled "
      f"{cell(worst('hlsjs_stall_s'))}, the probe {cell(worst('probe_stall_s'))}.")
print("<!-- bench:redundancy:end -->")
