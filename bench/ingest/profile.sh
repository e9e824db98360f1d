#!/usr/bin/env bash
# Where the ingest's CPU goes: records a JFR profile of our ingest (through bin/streaming-lab, so
# with the launcher's JVM flags) while N publishers of the ingest benchmark's clip push to it,
# and prints, for a window after the warm-up, the CPU of each kind of thread (from
# /proc/PID/task), user against kernel time, and the Java frames JFR sampled most, at the top of
# the stack and anywhere on it.
#
#   bench/ingest/profile.sh [--streams N] [--seconds S] [--jar JAR | --no-build]
#
# Run it on two builds (--jar) to compare them; the recording stays in the run directory for
# `jfr print` or JDK Mission Control. Not a test, and nothing in .ci runs it; loopback only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly WORK="$REPO/bench/.work/ingest-profile"

streams=80
seconds=15

usage() {
  cat <<EOF
Usage: bench/ingest/profile.sh [options]

Profiles our ingest with N publishers: CPU per thread kind and JFR's hottest Java frames.

  --streams N     publishers (default $streams)
  --seconds S     profiled window, after a warm-up of 15 s (default $seconds)
$(common_usage 15 profile "bench/.work/ingest-profile/runs/ID")
EOF
}

quote_args "" "--jar" "$@"
while (($#)); do
  case $1 in
    --streams) streams=${2:?--streams needs a number}; shift ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive streams seconds
require_tools "ffmpeg, python3, iproute2, openjdk-17-jdk-headless (jfr)" ffmpeg python3 ss java jfr
[[ -z $report_dir ]] || die "--report is not supported here: the recording is in the run directory."

open_run "$WORK/runs"
readonly RUN_DIR
readonly CLIP="$REPO/bench/.work/ingest/$CLIP_NAME"
install_trap
make_clip "$CLIP"
prepare_jar

threads() { # threads PID: "name ticks" per thread, the digits of pool names folded to N
  local t
  for t in /proc/"$1"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$t/comm" | sed 's/[0-9]\+/N/g')" \
      "$(awk '{ print $14 + $15 }' "$t/stat" 2>/dev/null || echo 0)"
  done
}

warmup=15
launch() {
  # The flags the launcher gives, then the recording's, appended through JDK_JAVA_OPTIONS.
  JDK_JAVA_OPTIONS="-XX:StartFlightRecording=delay=$((warmup + 5))s,duration=${seconds}s,settings=profile,filename=$RUN_DIR/ingest.jfr" \
    "${OURS[@]}" ingest --host "$HOST" --rtmp-port "$PORT" --metrics-port 0 \
    >"$RUN_DIR/server.out" 2>"$RUN_DIR/server.log" &
  STARTED_PID=$!
  track "$STARTED_PID"
}
start_listening "the ingest" "$RUN_DIR/server.log" launch
pid=$STARTED_PID
flags=$(ours_jvm_flags "$pid")
start_publishers "$CLIP" "rtmp://$HOST:$PORT/live" "$streams" "$RUN_DIR"
sleep $((warmup + 5))
threads "$pid" >"$RUN_DIR/threads.before"
read -r u0 s0 < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
sleep "$seconds"
threads "$pid" >"$RUN_DIR/threads.after"
read -r u1 s1 < <(awk '{ print $14, $15 }' "/proc/$pid/stat")
conns=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
sleep 3   # the recording ends and is written
stop_pids "${PUBS[@]}" "$pid"
[[ -s $RUN_DIR/ingest.jfr ]] || die "no recording was written; see $RUN_DIR/server.log."

jfr print --events jdk.ExecutionSample "$RUN_DIR/ingest.jfr" >"$RUN_DIR/samples.txt"
{
  echo "Ingest profile, $(date -u '+%Y-%m-%d %H:%M UTC'): $streams publishers ($conns connected at the end),"
  echo "a ${seconds} s window after ${warmup} s of warm-up; $(jar_version "$JAR"), jar sha256 $(jar_sha "$JAR")…,"
  echo "$flags; $(machine_summary)."
  echo
  awk -v u="$((u1 - u0))" -v s="$((s1 - s0))" -v t="$CLK_TCK" -v w="$seconds" 'BEGIN {
    printf "CPU: %.1f %% of one core, %.1f %% in user space and %.1f %% in the kernel.\n\n",
      (u + s) / t / w * 100, u / t / w * 100, s / t / w * 100 }'
  echo "| threads | CPU % of one core |"
  echo "|:--|---:|"
  join <(sort "$RUN_DIR/threads.before" | awk '{ a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort) \
       <(sort "$RUN_DIR/threads.after" | awk '{ a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort) \
    | awk -v t="$CLK_TCK" -v w="$seconds" '$3 > $2 { printf "%.1f %s\n", ($3 - $2) / t / w * 100, $1 }' \
    | sort -rn | awk '{ printf "| %s | %s |\n", $2, $1 }'
  echo
  python3 - "$RUN_DIR/samples.txt" <<'EOF'
import collections, re, sys
events = open(sys.argv[1]).read().split("jdk.ExecutionSample")[1:]
top, anywhere = collections.Counter(), collections.Counter()
for event in events:
    frames = re.findall(r"^\s+([\w.$<>]+)\(.*?line:", event, re.M)
    if frames:
        top[frames[0]] += 1
    for frame in set(frames):
        anywhere[frame] += 1
print(f"JFR sampled {len(events)} stacks in Java code (every 10-20 ms of a thread running Java;")
print("time in the kernel, the collector and the compiler is not sampled).")
print()
print("| at the top of the stack | samples | | anywhere on the stack (our code and Netty's) | samples |")
print("|:--|---:|:--|:--|---:|")
ours = [(f, n) for f, n in anywhere.most_common() if f.startswith(("io.streaminglab", "io.netty", "io.prometheus"))]
rows = 12
for i in range(rows):
    a = top.most_common(rows)[i] if i < len(top) else ("", "")
    b = ours[i] if i < len(ours) else ("", "")
    print(f"| {a[0]} | {a[1]} | | {b[0]} | {b[1]} |")
EOF
} | tee "$RUN_DIR/profile.md"
log "the recording: $RUN_DIR/ingest.jfr; this summary: $RUN_DIR/profile.md"
