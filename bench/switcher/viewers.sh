#!/usr/bin/env bash
# Memory benchmark: the switcher's resident memory and heap with 1000 viewers, each polling the
# playlist every 2 s over its own keep-alive connection and fetching every new segment once.
#
# One run:
#   1. makes a private copy of the jar and starts the lab's components apart on fresh loopback
#      ports: ingest, two packagers, two origins, one ffmpeg publisher and the switcher with our
#      defaults;
#   2. lets the switcher run idle (no viewers) for a settle period, then reads its RSS
#      (/proc/PID/status), heap (`jcmd PID GC.heap_info`), threads and segment cache ("before");
#   3. starts bench/switcher/viewers.py with N viewers (default 1000, joining over 5 s) for a
#      bounded time, sampling RSS and CPU every 2 s, open connections and the heap once late in
#      the run ("during");
#   4. reads the same figures again 10 s after the viewers left ("after"), and once more after
#      a full collection (`jcmd PID GC.run`: the live set), and writes its part
#      of the switcher's section of docs/benchmarks.md; `--report DIR` writes that part again
#      from a finished run without measuring.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

viewers=1000
duration=60
settle=20

usage() {
  cat <<EOF
Usage: bench/switcher/viewers.sh [options]

Measures the switcher's memory (RSS and heap) before, during and after N viewers that poll its
playlist every 2 s and fetch every new segment.

  --quick            about 1.5 minutes: 30 s of viewers after a 10 s settle; prints the part but
                     leaves docs/benchmarks.md alone
  --viewers N        concurrent viewers (default $viewers)
  --duration S       seconds the viewers watch (default $duration)
  --settle S         seconds the switcher runs idle before "before" (default $settle)
$(common_usage 18 part bench/.work/switcher/viewers/ID)
EOF
}

quote_args "" "" "$@"
while (($#)); do
  case $1 in
    --quick) quick=1; duration=30; settle=10 ;;
    --viewers) viewers=${2:?--viewers needs a number}; shift ;;
    --duration) duration=${2:?--duration needs seconds}; shift ;;
    --settle) settle=${2:?--settle needs seconds}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive viewers duration settle
((viewers <= 5000 && duration <= 600)) || die "--viewers is at most 5000 and --duration at most 600 s."
settle_write_docs

report_only viewers samples.tsv

need_tools java jcmd ffmpeg python3 curl ss sha256sum
need_open_files "$viewers" "$viewers viewers need"
open_run "$WORK/viewers"
readonly RUN_DIR LOGS="$RUN_DIR/logs"
mkdir -p "$LOGS"
install_trap
prepare_jar

threads_of() { awk '/^Threads:/ { print $2; exit }' "/proc/$1/status" 2>/dev/null || echo 0; }
connections() { ss -Htn state established "( sport = :$SWITCHER_PORT )" 2>/dev/null | wc -l; }

# sample PHASE: appends one row of readings of the switcher to samples.tsv.
sample() {
  local phase=$1 heap_used=- heap_committed=-
  if [[ ${2:-} == heap ]]; then
    heap_used=$(heap_kb used "$SWITCHER_PID")
    heap_committed=$(heap_kb total "$SWITCHER_PID")
  fi
  local machine
  machine=$(machine_ticks)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$EPOCHREALTIME" "$(rss_kb "$SWITCHER_PID")" \
    "$heap_used" "$heap_committed" "$(metric "$SWITCHER_PORT" switcher_cache_bytes)" \
    "$(threads_of "$SWITCHER_PID")" "$(connections)" "$(proc_ticks "$SWITCHER_PID")" \
    "${machine% *}" "${machine#* }" >>"$RUN_DIR/samples.tsv"
}

log "results in $RUN_DIR"
log "starting ingest, packagers, origins, the publisher and the switcher"
start_base_stack
start_switcher
printf 'phase\tt\trss_kb\theap_used_kb\theap_committed_kb\tcache_bytes\tthreads\tconnections\tcpu_ticks\tmachine_busy\tmachine_total\n' \
  >"$RUN_DIR/samples.tsv"
log "switcher on :$SWITCHER_PORT; idle for ${settle}s"
sample start
sleep "$settle"
sample before heap

log "$viewers viewers for ${duration}s"
python3 "$SCRIPT_DIR/viewers.py" --url "http://$HOST:$SWITCHER_PORT/hls/index.m3u8" \
  --viewers "$viewers" --duration "$duration" --ramp 5 --summary "$RUN_DIR/viewers.json" \
  >"$LOGS/viewers.log" 2>&1 &
VIEWERS_PID=$!
track "$VIEWERS_PID"
v0=$(proc_ticks "$VIEWERS_PID")
t_v0=$EPOCHREALTIME
v1=$v0
t_v1=$t_v0
heap_at=$((SECONDS + duration * 3 / 4))
heap_taken=0
deadline=$((SECONDS + duration + 40))
while kill -0 "$VIEWERS_PID" 2>/dev/null && ((SECONDS < deadline)); do
  v1=$(proc_ticks "$VIEWERS_PID")
  t_v1=$EPOCHREALTIME
  if ((!heap_taken && SECONDS >= heap_at)); then
    sample during heap
    heap_taken=1
  else
    sample during
  fi
  sleep 2
done
viewers_cpu=$(awk -v a="$v0" -v b="$v1" -v t0="$t_v0" -v t1="$t_v1" -v hz="$CLK_TCK" \
  'BEGIN { printf "%.0f", (b - a) / hz / (t1 - t0) * 100 }')
wait "$VIEWERS_PID" 2>/dev/null || true
untrack "$VIEWERS_PID"
sleep 10
sample after heap
# The live set: a full collection first (the viewers have gone, so it disturbs nothing measured).
timeout 20 jcmd "$SWITCHER_PID" GC.run >/dev/null 2>&1 || true
sample after-gc heap
cp "$LOGS/switcher.log" "$RUN_DIR/switcher.window.log" 2>/dev/null || true
curl -s --max-time 3 "http://$HOST:$SWITCHER_PORT/metrics" >"$RUN_DIR/metrics.txt" || true

measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
save_run_json VIEWERS="$viewers" DURATION="$duration" SETTLE="$settle" QUICK="$quick" \
  ARGS="${orig_args[*]}" MEASURED_AT="$measured_at" MACHINE="$(machine_facts "$(ours_jvm_flags "$SWITCHER_PID")")" JAR_FACTS="$(jar_facts)" \
  PYTHON="$(python3 --version 2>&1)" VIEWERS_CPU="$viewers_cpu" HZ="$CLK_TCK"
report_part viewers
