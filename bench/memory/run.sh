#!/usr/bin/env bash
# Memory per component: what each one holds resident, with the JVM's own defaults and with the
# flags bin/streaming-lab gives it, in one run, under the loads of the other benchmarks:
#   - the ingest with N publishers of the ingest benchmark's clip (and its CPU over a window);
#   - an origin under wrk (a 500 KB file, then a playlist, 200 connections each);
#   - a switcher alone in front of a live lab's two origins, with V viewers;
#   - the whole `up` lab idle with its publisher, then with V viewers on switcher-primary.
# Each of ours runs through bin/streaming-lab on a private jar (STREAMING_LAB_JAR), once with
# STREAMING_LAB_JAVA_OPTS unset (the launcher's flags) and once set and empty (the JVM's
# defaults), alternating which goes first. RSS is VmRSS, sampled every 0.5 s: the largest
# sample under load, and at the end of an idle spell. Aims from issue 19 are printed beside.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly WORK="$REPO/bench/.work/memory"

reps=2
streams=80
viewers=1000
idle=40
watch=40

usage() {
  cat <<EOF
Usage: bench/memory/run.sh [options]

Measures the resident memory of the ingest, an origin, a switcher and the whole \`up\` lab
under load, with the JVM's default flags and with the launcher's, side by side.

  --quick          about 8 minutes: one repetition, 20 publishers, 200 viewers, shorter spells;
                   prints the section but leaves docs/benchmarks.md alone
  --reps R         repetitions of each measurement (default $reps; medians are reported)
  --streams N      publishers for the ingest (default $streams)
  --viewers V      viewers for the switcher and for \`up\` (default $viewers)
$(common_usage 16 section "bench/.work/memory/runs/ID, which holds results.tsv and run.env")
EOF
}

quote_args "" "--jar" "$@"
while (($#)); do
  case $1 in
    --quick) quick=1; reps=1; streams=20; viewers=200; idle=20; watch=20 ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --streams) streams=${2:?--streams needs a number}; shift ;;
    --viewers) viewers=${2:?--viewers needs a number}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps streams viewers
settle_write_docs
require_tools "ffmpeg, wrk, python3, curl, iproute2, openjdk-17-jre-headless" \
  ffmpeg ffprobe wrk python3 curl ss java sha256sum

open_run "$WORK/runs" results.tsv run.env
readonly RUN_DIR
readonly TSV="$RUN_DIR/results.tsv"
readonly CLIP="$REPO/bench/.work/ingest/$CLIP_NAME"
install_trap

# --- running ours -------------------------------------------------------------------------------

# ours FLAGS LOG ARGS...: starts a command of ours through the launcher in the background, with
# the launcher's flags (FLAGS = launcher) or the JVM's defaults (FLAGS = jvm); sets STARTED_PID.
ours() {
  local flags=$1 logfile=$2
  shift 2
  if [[ $flags == launcher ]]; then
    env -u STREAMING_LAB_JAVA_OPTS "${OURS[@]}" "$@" >"$logfile" 2>&1 &
  else
    env STREAMING_LAB_JAVA_OPTS= "${OURS[@]}" "$@" >"$logfile" 2>&1 &
  fi
  STARTED_PID=$!
  track "$STARTED_PID"
}

# The largest RSS of PID while it runs, in KiB, written to FILE every 0.5 s; sets SAMPLER_PID.
sample_rss() {
  local pid=$1 file=$2
  echo 0 >"$file"
  (
    max=0
    while kill -0 "$pid" 2>/dev/null; do
      r=$(rss_kb "$pid")
      if ((r > max)); then max=$r; echo "$max" >"$file"; fi
      sleep 0.5
    done
  ) &
  SAMPLER_PID=$!
  track "$SAMPLER_PID"
}
stop_sampler() { stop_pids "$SAMPLER_PID"; }

wait_playlist() { # wait_playlist URL SECONDS: true once URL lists a segment
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    curl -sf --max-time 2 "$1" 2>/dev/null | grep -q '^#EXTINF' && return 0
    sleep 0.5
  done
  return 1
}

row() { printf '%s\n' "$*" | tr ' ' '\t' >>"$TSV"; }

# viewers_verdict SUMMARY: "errors stalls" from a viewers.py summary.
viewers_verdict() {
  python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = d.get("counts", d)
print(c.get("playlist_errors", 0) + c.get("segment_errors", 0), c.get("stalls", 0))' "$1" 2>/dev/null \
    || echo "- -"
}

# --- the four measurements ----------------------------------------------------------------------

# ingest FLAGS REP: N publishers, a warm-up, then CPU over a 12 s window and the largest RSS.
measure_ingest() {
  local flags=$1 rep=$2 dir="$RUN_DIR/ingest-$1-r$2"
  mkdir -p "$dir"
  start_listening "the ingest" "$dir/server.log" launch_ingest "$flags" "$dir"
  local pid=$STARTED_PID
  start_publishers "$CLIP" "rtmp://$HOST:$PORT/live" "$streams" "$dir"
  sleep $((15 + streams / 10))
  sample_rss "$pid" "$dir/maxrss"
  local t0 t1 s0=$EPOCHREALTIME
  t0=$(proc_ticks "$pid")
  sleep 12
  t1=$(proc_ticks "$pid")
  local cpu conns
  cpu=$(awk -v a="$t0" -v b="$t1" -v t="$CLK_TCK" -v s0="$s0" -v s1="$EPOCHREALTIME" \
    'BEGIN { printf "%.1f", (b - a) / t / (s1 - s0) * 100 }')
  conns=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
  stop_sampler
  row ingest "$flags" "$rep" "$(cat "$dir/maxrss")" "$cpu" "$conns"
  stop_pids "${PUBS[@]}" "$pid"
}
launch_ingest() { # launch_ingest FLAGS DIR, on $PORT
  ours "$1" "$2/server.log" ingest --host "$HOST" --rtmp-port "$PORT" --metrics-port 0
}

# origin FLAGS REP: wrk on a 500 KB file then on a playlist, after a warm-up of each.
measure_origin() {
  local flags=$1 rep=$2 dir="$RUN_DIR/origin-$1-r$2"
  mkdir -p "$dir"
  start_listening "the origin" "$dir/server.log" launch_origin "$flags" "$dir"
  local pid=$STARTED_PID base="http://$HOST:$PORT/hls"
  if [[ $flags == launcher && -z $launcher_flags ]]; then
    # What the launcher gave java, as the process has it: the words between java and -jar.
    launcher_flags=$(tr '\0' '\n' <"/proc/$pid/cmdline" \
      | awk 'NR > 1 && $0 == "-jar" { exit } NR > 1 { printf "%s%s", sep, $0; sep = " " }')
  fi
  wrk -t2 -c50 -d5s "$base/seg-1.ts" >/dev/null
  wrk -t2 -c50 -d5s "$base/index.m3u8" >/dev/null
  sample_rss "$pid" "$dir/maxrss"
  local seg pl
  seg=$(wrk -t2 -c200 -d10s "$base/seg-1.ts" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
  pl=$(wrk -t2 -c200 -d10s "$base/index.m3u8" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
  sleep 6   # past one native trim (every 5 s with the launcher's flags)
  local after
  after=$(rss_kb "$pid")
  stop_sampler
  row origin "$flags" "$rep" "$(cat "$dir/maxrss")" "$seg" "$pl" "$after"
  stop_pids "$pid"
}
launch_origin() {
  ours "$1" "$2/server.log" origin --dir "$WWW" --host "$HOST" --port "$PORT" --metrics-port 0
}

# up_ports: six fresh ports for `up`.
up_ports() {
  pick_port; UP_HTTP=$PORT; pick_port; UP_PRIMARY=$PORT; pick_port; UP_BACKUP=$PORT
  pick_port; UP_RTMP=$PORT; pick_port; UP_BACKUP_HTTP=$PORT; pick_port; UP_BACKUP_RTMP=$PORT
}
start_up() { # start_up FLAGS DIR: sets UP_PID once switcher-primary lists a segment
  up_ports
  ours "$1" "$2/up.log" up --data-dir "$2/data" --http-port "$UP_HTTP" \
    --primary-port "$UP_PRIMARY" --backup-port "$UP_BACKUP" --rtmp-port "$UP_RTMP" \
    --backup-http-port "$UP_BACKUP_HTTP" --backup-rtmp-port "$UP_BACKUP_RTMP"
  UP_PID=$STARTED_PID
  wait_playlist "http://$HOST:$UP_HTTP/hls/index.m3u8" 60 \
    || die "up served no playlist within 60 s; see $2/up.log."
}

# switcher FLAGS REP: a switcher alone in front of a live lab's origins (the lab with the
# launcher's flags, the same for both), idle, then with V viewers.
measure_switcher() {
  local flags=$1 rep=$2 dir="$RUN_DIR/switcher-$1-r$2"
  mkdir -p "$dir"
  start_up launcher "$dir"
  start_listening "the switcher" "$dir/switcher.log" launch_switcher "$flags" "$dir"
  local pid=$STARTED_PID url="http://$HOST:$PORT/hls/index.m3u8"
  wait_playlist "$url" 60 || die "the switcher served no playlist; see $dir/switcher.log."
  sleep 20
  local before
  before=$(rss_kb "$pid")
  sample_rss "$pid" "$dir/maxrss"
  python3 "$REPO/bench/switcher/viewers.py" --url "$url" --viewers "$viewers" --duration "$watch" \
    --summary "$dir/viewers.json" >"$dir/viewers.out" 2>&1 || true
  stop_sampler
  # shellcheck disable=SC2046 # the verdict is two columns
  row switcher "$flags" "$rep" "$(cat "$dir/maxrss")" "$before" $(viewers_verdict "$dir/viewers.json")
  stop_pids "$pid" "$UP_PID"
}
launch_switcher() {
  ours "$1" "$2/switcher.log" switcher --host "$HOST" --port "$PORT" \
    --token-file "$2/admin-token" \
    --primary-base-url "http://$HOST:$UP_PRIMARY/hls" --backup-base-url "http://$HOST:$UP_BACKUP/hls"
}

# up FLAGS REP: the whole lab idle with its publisher, then V viewers on switcher-primary.
measure_up() {
  local flags=$1 rep=$2 dir="$RUN_DIR/up-$1-r$2"
  mkdir -p "$dir"
  start_up "$flags" "$dir"
  sleep "$idle"
  local idle_rss
  idle_rss=$(rss_kb "$UP_PID")
  sample_rss "$UP_PID" "$dir/maxrss"
  python3 "$REPO/bench/switcher/viewers.py" --url "http://$HOST:$UP_HTTP/hls/index.m3u8" \
    --viewers "$viewers" --duration "$watch" --summary "$dir/viewers.json" >"$dir/viewers.out" 2>&1 || true
  stop_sampler
  # shellcheck disable=SC2046 # the verdict is two columns
  row up "$flags" "$rep" "$(cat "$dir/maxrss")" "$idle_rss" $(viewers_verdict "$dir/viewers.json")
  stop_pids "$UP_PID"
}

# --- the run ------------------------------------------------------------------------------------

if [[ -z $report_dir ]]; then
  make_clip "$CLIP"
  prepare_jar
  readonly WWW="$RUN_DIR/www/hls"
  mkdir -p "$WWW"
  head -c 511924 "$CLIP" >"$WWW/seg-1.ts"
  printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n' >"$WWW/index.m3u8"
  for i in 1 2 3 4 5 6; do printf '#EXTINF:2.000,\nseg-1.ts\n' >>"$WWW/index.m3u8"; done
  measured_at="$(date -u '+%Y-%m-%d %H:%M') UTC"
  started=$SECONDS
  launcher_flags=""
  # The bytes the ingest must hold: one GOP of every stream (the clip's bitrate over its
  # keyframe interval).
  gop_bytes=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$CLIP" \
    | awk '{ printf "%.0f", $1 / 8 * 2 }')
  : >"$TSV"
  for ((r = 1; r <= reps; r++)); do
    if ((r % 2)); then order=(launcher jvm); else order=(jvm launcher); fi
    for what in ingest origin switcher up; do
      for flags in "${order[@]}"; do
        log "rep $r/$reps: $what, $flags flags"
        "measure_$what" "$flags" "$r"
      done
    done
  done
  duration=$((SECONDS - started))
  java_line=$(java_version); machine_line=$(machine_summary); jar_line="$(jar_version "$JAR"), jar sha256 $(jar_sha "$JAR")…"
  save_run_env reps streams viewers idle watch measured_at quick orig_args duration \
    launcher_flags gop_bytes jar_origin java_line machine_line jar_line
else
  load_run_env
fi

# --- the section --------------------------------------------------------------------------------

# med WHAT FLAGS COLUMN: the median of a column (4 = the first value) over the repetitions.
med() { awk -F'\t' -v w="$1" -v f="$2" -v c="$3" '$1 == w && $2 == f && $c != "-" { print $c }' "$TSV" | median; }
mib() { [[ $1 == - ]] && echo - || awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
sum_col() { awk -F'\t' -v w="$1" -v f="$2" -v c="$3" '$1 == w && $2 == f { s += $c } END { print s + 0 }' "$TSV"; }
aim_met() { awk -v v="$1" -v a="$2" 'BEGIN { print (v != "-" && v <= a) ? "met" : "not met" }'; }

section="$RUN_DIR/section.md"
gop_mib=$(awk -v b="$gop_bytes" -v n="$streams" 'BEGIN { printf "%.0f", b * n / 1048576 }')
ingest_aim=$((gop_mib + 64))
{
  echo "<!-- bench:memory:start -->"
  echo "## JVM flags: memory per component"
  echo
  section_preamble bench/memory/run.sh
  echo "- Machine: $machine_line. Shared: the publishers, wrk and the viewers run on the same"
  echo "  two cores."
  echo "- Ours: $jar_line ($jar_origin), $java_line, each run through"
  echo "  \`bin/streaming-lab\` on that jar: *launcher* is its flags (\`$launcher_flags\`),"
  echo "  *JVM defaults* is \`STREAMING_LAB_JAVA_OPTS=\` (G1, heap sized from the machine's memory)."
  echo "- Loads: the ingest with $streams × \`ffmpeg -re -stream_loop -1 -c copy\` publishers of the"
  echo "  ingest benchmark's clip (2.9 Mbit/s, a keyframe every 2 s), CPU over 12 s after a warm-up;"
  echo "  an origin under \`wrk -t2 -c200 -d10s\` on a 500 KB file then a six-segment playlist (after"
  echo "  5 s of each to warm up), RSS also 6 s after the load; a switcher alone in front of the two"
  echo "  origins of an \`up\` lab (launcher flags), 20 s idle, then $viewers viewers"
  echo "  (\`bench/switcher/viewers.py\`: a playlist every 2 s and every new segment) for $watch s;"
  echo "  \`up\` with its publisher idle for $idle s, then $viewers viewers on switcher-primary for $watch s."
  echo "- $reps repetition(s), the two flag sets alternating which goes first; medians. RSS is VmRSS,"
  echo "  sampled every 0.5 s: *under load* is the largest sample."
  echo
  echo "| component, load | JVM defaults RSS MiB | launcher RSS MiB | launcher / defaults | aim (issue 19) | aim |"
  echo "|:--|---:|---:|---:|---:|:--|"
  for spec in "ingest|4|ingest, $streams publishers|$ingest_aim" \
              "origin|4|origin, under wrk|96" "origin|7|origin, 6 s after wrk|-" \
              "switcher|5|switcher alone, idle|-" "switcher|4|switcher alone, $viewers viewers|96" \
              "up|5|\`up\`, idle with its publisher|96" "up|4|\`up\`, $viewers viewers|192"; do
    IFS='|' read -r what col label aim <<<"$spec"
    d=$(mib "$(med "$what" jvm "$col")"); l=$(mib "$(med "$what" launcher "$col")")
    if [[ $aim == - ]]; then a="–"; m="–"; else a="≤ $aim"; m=$(aim_met "$l" "$aim"); fi
    r=$(ratio "$l" "$d"); [[ $r == - ]] || r+="×"; echo "| $label | $d | $l | $r | $a | $m |"
  done
  echo
  echo "What the flags cost elsewhere (medians; the throughput benchmarks in their own sections"
  echo "are the measure of record):"
  echo
  echo "| | JVM defaults | launcher |"
  echo "|:--|---:|---:|"
  echo "| ingest CPU % of one core, $streams publishers | $(fmt 1 "$(med ingest jvm 5)") | $(fmt 1 "$(med ingest launcher 5)") |"
  echo "| ingest connections open at the end (of $streams) | $(med ingest jvm 6) | $(med ingest launcher 6) |"
  echo "| origin req/s, 500 KB file, 200 connections | $(med origin jvm 5) | $(med origin launcher 5) |"
  echo "| origin req/s, playlist, 200 connections | $(med origin jvm 6) | $(med origin launcher 6) |"
  echo "| switcher: viewers' errors / stalls, all repetitions | $(sum_col switcher jvm 6) / $(sum_col switcher jvm 7) | $(sum_col switcher launcher 6) / $(sum_col switcher launcher 7) |"
  echo "| \`up\`: viewers' errors / stalls, all repetitions | $(sum_col up jvm 6) / $(sum_col up jvm 7) | $(sum_col up launcher 6) / $(sum_col up launcher 7) |"
  echo
  echo "- The ingest's aim is the bytes it must hold, one GOP of each stream ($streams × $((gop_bytes / 1024)) KiB"
  echo "  = $gop_mib MiB), plus 64 MiB."
  echo "- The run took $((duration / 60)) min $((duration % 60)) s. Limits: one machine, shared and noisy; the"
  echo "  loads share its two cores with what they load, so CPU and req/s move from run to run;"
  echo "  RSS counts the JVM's shared mappings (its library, the class-data archive) as a laptop's"
  echo "  process list does."
  echo "<!-- bench:memory:end -->"
} >"$section"

publish_section section memory "$section" memory
