#!/usr/bin/env bash
# Failover benchmark: how long the switcher takes to fail over and back for each origin fault,
# with our defaults and with the seed lab's settings, and what a player saw meanwhile.
#
# One run:
#   1. makes a private copy of the jar, and starts the lab's components apart, each its own
#      process on fresh loopback ports: ingest, packager-primary and -backup, origin-primary and
#      -backup, one ffmpeg publisher, bench/switcher/faultproxy.py between the switchers and
#      origin-primary, and two switchers watching the same origins: one with our defaults, one
#      with the seed's CHECK_INTERVAL_SECONDS=5 SEGMENT_AGE_THRESHOLD_SECONDS=20
#      REQUIRED_WINDOWS=3 (set through those environment variables);
#   2. watch.py polls both switchers' /healthz every 100 ms; one viewers.py player per switcher
#      polls its playlist every 2 s and fetches each new segment once;
#   3. for each repetition and each fault, once both switchers are steady (primary active, both
#      origins healthy, for 4 s): starts the fault, waits until both show `active: backup`
#      (bounded), repairs it, waits until both are back on the primary (bounded);
#   4. report_failover.py turns the timeline into medians and writes this benchmark's part of
#      the switcher's section of docs/benchmarks.md; `--report DIR` does that again from a
#      finished run without measuring.
# Faults: stop (origin-primary and the proxy in front of it killed with SIGKILL, so the
# switchers' connections are refused or reset), 5xx (the proxy answers 503), hang (the proxy
# accepts and never answers), stale (packager-primary killed: origin-primary keeps serving its
# last playlist); extras run once in a full run: slow (1.5 s before each response) and
# truncate (segments cut mid-packet; the playlist is intact, so no failover is expected).
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

faults="stop,5xx,hang,stale"
extras="slow,truncate"
reps=3
budget=570                # seconds for the episodes; those that do not fit are skipped
failover_limit=40         # longest wait for both switchers to fail over
switchback_limit=60       # longest wait for both to switch back after the repair
steady_hold=4             # seconds both must be steady before a fault
truncate_hold=16          # a truncate fault lasts this long (no failover is expected)
slow_limit=25             # a slow fault lasts at most this long (the seed's settings tolerate it)
slow_delay_ms=1500

usage() {
  cat <<EOF
Usage: bench/switcher/failover.sh [options]

Measures the switcher's time to fail over and back for each origin fault, with our defaults and
with the seed's settings, and counts what a player polling the switcher noticed.

  --quick            about 4 minutes: one repetition of stop,5xx,hang,stale, no extras;
                     prints the part but leaves docs/benchmarks.md alone
  --reps R           repetitions of each fault (default $reps; medians are reported)
  --faults LIST      faults, comma-separated, from stop,5xx,hang,stale,slow,truncate
                     (default $faults)
  --extras LIST      faults run once after the others (default $extras; "" for none)
  --budget S         seconds allowed for the episodes (default $budget)
$(common_usage 18 part bench/.work/switcher/failover/ID)
EOF
}

quote_args "" "" "$@"
while (($#)); do
  case $1 in
    --quick) quick=1; reps=1; extras=""; budget=240 ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --faults) faults=${2:?--faults needs a list such as stop,hang}; shift ;;
    --extras) extras=${2?--extras needs a list, or \"\"}; shift ;;
    --budget) budget=${2:?--budget needs seconds}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps budget
for f in ${faults//,/ } ${extras//,/ }; do
  [[ $f =~ ^(stop|5xx|hang|stale|slow|truncate)$ ]] || die "unknown fault '$f'; use stop, 5xx, hang, stale, slow or truncate."
done
settle_write_docs

report_only failover episodes.tsv

need_tools java ffmpeg python3 curl ss jcmd sha256sum
open_run "$WORK/failover"
readonly RUN_DIR LOGS="$RUN_DIR/logs" WATCH="$RUN_DIR/watch"
mkdir -p "$LOGS" "$WATCH"
install_trap
prepare_jar

# --- the proxy and the two switchers -------------------------------------------------------------

start_proxy() {
  echo "=== $(date -u +%FT%T.%3NZ) start" >>"$LOGS/faultproxy.log"
  python3 "$SCRIPT_DIR/faultproxy.py" --listen "$PROXY_PORT" --upstream "$PRIMARY_PORT" \
    --control "$CONTROL_PORT" >>"$LOGS/faultproxy.log" 2>&1 &
  PROXY_PID=$!
  track "$PROXY_PID"
  wait_listening "$PROXY_PID" "$CONTROL_PORT" 20 || die "the fault proxy did not start; see $LOGS/faultproxy.log."
}
proxy_mode() { # proxy_mode MODE [QUERY]
  curl -sf --max-time 3 "http://$HOST:$CONTROL_PORT/mode?set=$1${2:+&$2}" >/dev/null \
    || die "the fault proxy's control port did not answer; see $LOGS/faultproxy.log."
}

readonly SWITCHERS=(default seed)
declare -A SW_PORT SW_PID
start_switchers() {
  local name
  for name in "${SWITCHERS[@]}"; do
    pick_port
    SW_PORT[$name]=$PORT
    local args=(switcher --host "$HOST" --port "$PORT" --token-file "$RUN_DIR/token-$name"
      --primary-base-url "http://$HOST:$PROXY_PORT/hls" --backup-base-url "http://$HOST:$BACKUP_PORT/hls")
    echo "=== $(date -u +%FT%T.%3NZ) start" >>"$LOGS/switcher-$name.log"
    if [[ $name == seed ]]; then
      CHECK_INTERVAL_SECONDS=5 SEGMENT_AGE_THRESHOLD_SECONDS=20 REQUIRED_WINDOWS=3 \
        "${OURS[@]}" "${args[@]}" >>"$LOGS/switcher-$name.log" 2>&1 &
    else
      "${OURS[@]}" "${args[@]}" >>"$LOGS/switcher-$name.log" 2>&1 &
    fi
    SW_PID[$name]=$!
    track "$!"
  done
  for name in "${SWITCHERS[@]}"; do
    wait_listening "${SW_PID[$name]}" "${SW_PORT[$name]}" 60 \
      || die "switcher $name did not start; see $LOGS/switcher-$name.log."
  done
  grep -q 'every 5000 ms' "$LOGS/switcher-seed.log" \
    || die "the seed-settings switcher does not poll every 5 s: CHECK_INTERVAL_SECONDS was not honoured; see $LOGS/switcher-seed.log."
}

# state NAME: "active status failovers switchbacks primary_healthy backup_healthy epoch".
state() {
  local line="none"
  read -r line 2>/dev/null <"$WATCH/$1.state" || true
  echo "$line"
}
# all_on ORIGIN: true when every switcher's /healthz shows ORIGIN active (no subshells: this
# runs ten times a second).
all_on() {
  local name a
  for name in "${SWITCHERS[@]}"; do
    a=none
    read -r a _ 2>/dev/null <"$WATCH/$name.state" || true
    [[ $a == "$1" ]] || return 1
  done
}
steady_now() {
  local name a s _f _b p b
  for name in "${SWITCHERS[@]}"; do
    a=none
    read -r a s _f _b p b _ 2>/dev/null <"$WATCH/$name.state" || true
    [[ $a == primary && $s == ok && $p == True && $b == True ]] || return 1
  done
}
# wait_steady SECONDS: true once every switcher has been steady for $steady_hold s.
wait_steady() {
  local deadline=$((SECONDS + $1)) since=""
  while ((SECONDS < deadline)); do
    if steady_now; then
      [[ -z $since ]] && since=$EPOCHREALTIME
      awk -v a="$since" -v b="$EPOCHREALTIME" -v h="$steady_hold" 'BEGIN { exit !(b - a >= h) }' \
        && return 0
    else
      since=""
    fi
    sleep 0.2
  done
  return 1
}
# wait_until SECONDS CONDITION...: polls every 100 ms, for at most SECONDS of wall time.
wait_until() {
  local deadline=$((${EPOCHREALTIME/./} + $1 * 1000000))
  shift
  while ((${EPOCHREALTIME/./} < deadline)); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

# --- faults --------------------------------------------------------------------------------------

inject() {
  case $1 in
    stop) kill_now "$ORIGIN_PRIMARY_PID" "$PROXY_PID" ;;
    5xx) proxy_mode 5xx ;;
    hang) proxy_mode hang ;;
    slow) proxy_mode slow "delay_ms=$slow_delay_ms" ;;
    truncate) proxy_mode truncate ;;
    stale)
      STALE_AT=$(last_sequence "http://$HOST:$PRIMARY_PORT/hls/index.m3u8")
      kill_now "$PACKAGER_PRIMARY_PID" ;;
  esac
}
# repair FAULT: undoes the fault; returns once the primary serves again (READY_AT).
repair() {
  case $1 in
    stop)
      start_origin primary
      wait_listening "$ORIGIN_PRIMARY_PID" "$PRIMARY_PORT" 60 || die "origin-primary did not restart; see $LOGS/origin-primary.log."
      start_proxy ;;
    5xx|hang|slow|truncate) proxy_mode pass ;;
    stale)
      start_packager primary
      local seq deadline=$((SECONDS + 30))
      while ((SECONDS < deadline)); do
        seq=$(last_sequence "http://$HOST:$PRIMARY_PORT/hls/index.m3u8")
        ((seq > STALE_AT)) && break
        sleep 0.2
      done ;;
  esac
  READY_AT=$(now)
}

# --- the run -------------------------------------------------------------------------------------

log "results in $RUN_DIR"
log "starting ingest, packagers, origins and the publisher"
start_base_stack
pick_port; PROXY_PORT=$PORT
pick_port; CONTROL_PORT=$PORT
start_proxy
start_switchers
switcher_flags=$(ours_jvm_flags "${SW_PID[default]}")
log "switchers: default on :${SW_PORT[default]}, seed settings on :${SW_PORT[seed]}"

watch_args=()
for name in "${SWITCHERS[@]}"; do watch_args+=(--switcher "$name=${SW_PORT[$name]}"); done
python3 -B "$SCRIPT_DIR/watch.py" "${watch_args[@]}" --dir "$WATCH" --duration $((budget + 300)) \
  >"$LOGS/watch.log" 2>&1 &
WATCH_PID=$!
track "$WATCH_PID"
wait_steady 90 || die "the switchers were not both steady on the primary within 90 s; see $LOGS/."

declare -A PLAYER_PID
for name in "${SWITCHERS[@]}"; do
  python3 "$SCRIPT_DIR/viewers.py" --url "http://$HOST:${SW_PORT[$name]}/hls/index.m3u8" \
    --viewers 1 --duration $((budget + 240)) --events "$RUN_DIR/player-$name.jsonl" \
    --summary "$RUN_DIR/player-$name.json" >"$LOGS/player-$name.log" 2>&1 &
  PLAYER_PID[$name]=$!
  track "$!"
done
sleep 6   # the players join and fill their buffers before the first fault

plan=()
for ((rep = 1; rep <= reps; rep++)); do
  IFS=, read -r -a list <<<"$faults"
  # Rotate the order each repetition, so that no fault always follows the same one.
  for ((k = 0; k < ${#list[@]}; k++)); do
    plan+=("$rep:${list[$(((k + rep - 1) % ${#list[@]}))]}")
  done
done
if [[ -n $extras ]]; then
  IFS=, read -r -a list <<<"$extras"
  for f in "${list[@]}"; do plan+=("1:$f"); done
fi

printf 'rep\tfault\tt_fault\tt_failed_over\tt_repair\tt_ready\tt_back\tsteady_before\n' >"$RUN_DIR/episodes.tsv"
episodes_start=$SECONDS
done_count=0
skipped=()
for item in "${plan[@]}"; do
  rep=${item%%:*} fault=${item#*:}
  spent=$((SECONDS - episodes_start))
  if ((done_count > 0)); then
    per=$((spent / done_count))
    if ((spent + per > budget)); then
      skipped+=("$fault (rep $rep)")
      continue
    fi
  fi
  steady=1
  wait_steady 60 || { steady=0; log "not steady before $fault (rep $rep): $(state default) / $(state seed)"; }
  log "rep $rep: $fault"
  t_fault=$(now)
  inject "$fault"
  t_failed=-
  limit=$failover_limit
  [[ $fault == slow ]] && limit=$slow_limit
  if [[ $fault == truncate ]]; then
    sleep "$truncate_hold"
  elif wait_until "$limit" all_on backup; then
    t_failed=$(now)
  else
    log "  not every switcher failed over within ${limit}s: default $(state default | cut -d' ' -f1), seed $(state seed | cut -d' ' -f1)"
  fi
  t_repair=$(now)
  repair "$fault"
  t_ready=$READY_AT
  t_back=-
  if wait_until "$switchback_limit" all_on primary; then
    t_back=$(now)
  else
    log "  not every switcher was back on the primary ${switchback_limit}s after the repair"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$fault" "$t_fault" "$t_failed" "$t_repair" \
    "$t_ready" "$t_back" "$steady" >>"$RUN_DIR/episodes.tsv"
  log "  $(awk -v a="$t_fault" -v b="$t_repair" -v c="$t_ready" -v d="$t_back" 'BEGIN {
        printf "fault held %.1fs, repaired in %.1fs, both back %s", b - a, c - b, d == "-" ? "never" : sprintf("%.1fs after", d - c) }')"
  done_count=$((done_count + 1))
done
episodes_seconds=$((SECONDS - episodes_start))
# One last quiet stretch, so that the last episode's aftermath is seen by the players.
wait_steady 30 || true
t_end=$(now)

for name in "${SWITCHERS[@]}"; do
  curl -s --max-time 3 "http://$HOST:${SW_PORT[$name]}/metrics" >"$RUN_DIR/metrics-$name.txt" || true
  curl -s --max-time 3 "http://$HOST:${SW_PORT[$name]}/healthz" >"$RUN_DIR/healthz-$name.json" || true
done
stop_pids "${PLAYER_PID[@]}"
stop_pids "$WATCH_PID"

measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
machine=$(machine_facts "$switcher_flags")
jar=$(jar_facts)
ffmpeg_version=$(ffmpeg_version)
python_version=$(python3 --version 2>&1)
save_run_json REPS="$reps" FAULTS="$faults" EXTRAS="$extras" QUICK="$quick" ARGS="${orig_args[*]}" \
  MEASURED_AT="$measured_at" MACHINE="$machine" JAR_FACTS="$jar" FFMPEG="$ffmpeg_version" \
  PYTHON="$python_version" EPISODES_SECONDS="$episodes_seconds" SKIPPED="${skipped[*]}" T_END="$t_end" \
  SLOW_DELAY_MS="$slow_delay_ms" TRUNCATE_HOLD="$truncate_hold" FAILOVER_LIMIT="$failover_limit" \
  SWITCHBACK_LIMIT="$switchback_limit" STEADY_HOLD="$steady_hold" SLOW_LIMIT="$slow_limit"
report_part failover
