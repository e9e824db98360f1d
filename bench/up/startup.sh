#!/usr/bin/env bash
# How fast `up` is ready and how fast it stops: the time from starting `java -jar
# streaming-lab.jar up` to the first playable playlist at the switcher (a 200 naming at least
# one segment, with the built-in publisher), and from SIGTERM to the process's exit.
# Aims (issue 5): first playlist within 5 s; shutdown within 2 s.
#
#   bench/up/startup.sh [--runs N] [--jar FILE]     (default: 7 runs, lab/target/streaming-lab.jar)
#
# Writes its section of docs/benchmarks.md (between the bench:up markers). Medians, because
# this machine is shared and noisy; the JVM's start is included, as a user would see it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
runs=7
jar="$REPO/lab/target/streaming-lab.jar"
while (($#)); do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --jar) jar=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--jar FILE]" >&2; exit 2 ;;
  esac
done
[[ -f $jar ]] || die "no jar at $jar; build it with $BUILD_COMMAND"
require_tools "curl, iproute2" curl ss

work="$REPO/bench/.work/up"
rm -rf "$work" && mkdir -p "$work"
install_trap

load_before=$(cut -d' ' -f1 /proc/loadavg)
ready=() stopped=()
for ((r = 1; r <= runs; r++)); do
  pick_port; http=$PORT; pick_port; primary=$PORT; pick_port; backup=$PORT; pick_port; rtmp=$PORT
  pick_port; backup_http=$PORT; pick_port; backup_rtmp=$PORT
  t0=$EPOCHREALTIME
  java -jar "$jar" up --data-dir "$work/run$r" --http-port "$http" --primary-port "$primary" \
    --backup-port "$backup" --rtmp-port "$rtmp" --backup-http-port "$backup_http" \
    --backup-rtmp-port "$backup_rtmp" >"$work/run$r.log" 2>&1 &
  pid=$!
  track "$pid"
  t1=
  for ((i = 0; i < 600; i++)); do
    if curl -sf "http://127.0.0.1:$http/hls/index.m3u8" 2>/dev/null | grep -q '\.ts$'; then
      t1=$EPOCHREALTIME
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n $t1 ]] || { echo "run $r: no playable playlist within 30 s (see $work/run$r.log)" >&2; exit 1; }
  sleep 2
  t2=$EPOCHREALTIME
  kill -TERM "$pid"
  wait "$pid" || true
  t3=$EPOCHREALTIME
  untrack "$pid"
  ready+=("$(echo "$t1 - $t0" | bc)")
  stopped+=("$(echo "$t3 - $t2" | bc)")
  printf 'run %d: first playlist %.2f s, shutdown %.2f s\n' "$r" "${ready[-1]}" "${stopped[-1]}" >&2
done

median_of() { fmt 2 "$(printf '%s\n' "$@" | median)"; }
range() { printf '%s\n' "$@" | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.2f–%.2f", lo, hi}'; }

section="$work/section.md"
{
  echo "<!-- bench:up:start -->"
  echo "## \`up\`: time to the first playable playlist, and to shut down"
  echo
  echo "\`bench/up/startup.sh --runs $runs\` on $(date -u +%Y-%m-%d), $NPROC cores, $(java_version),"
  echo "load average $load_before at the start and $(cut -d' ' -f1 /proc/loadavg) at the end (the machine is shared)."
  echo "From starting \`java -jar streaming-lab.jar up\` (the JVM's start included) to the switcher's"
  echo "\`/hls/index.m3u8\` answering 200 with a segment, the built-in publisher publishing; then from"
  echo "SIGTERM to the process's exit. Aims: within 5 s, and within 2 s."
  echo
  echo "| | median | range ($runs runs) | aim |"
  echo "| --- | --- | --- | --- |"
  echo "| first playable playlist | $(median_of "${ready[@]}") s | $(range "${ready[@]}") s | ≤ 5 s |"
  echo "| shutdown on SIGTERM | $(median_of "${stopped[@]}") s | $(range "${stopped[@]}") s | ≤ 2 s |"
  echo
  echo "The first segment can only be cut at the publisher's second keyframe, 2 s after its first,"
  echo "so about 2 s of the first figure is the segment itself; the rest is the JVM's start, the"
  echo "components' start and the switcher's first poll (every 250 ms until it has a playlist)."
  echo "<!-- bench:up:end -->"
} >"$section"

write_docs=1   # this benchmark always writes its section
publish_section section up "$section" up
