#!/usr/bin/env bash
# RTMP ingest benchmark: our ingest (`streaming-lab.jar ingest`) against nginx-rtmp, both fed by
# N concurrent `ffmpeg -re -c copy` publishers of the same ~3 Mbit/s 720p30 clip.
#
# One run:
#   1. makes the clip once (cached in bench/.work/ingest/), and a private copy of the jar;
#   2. for each N of the ramp, REPS times, alternating the servers (ABBA): starts a fresh server
#      on a free loopback port, starts N publishers, plays live/s1 once to prove the relay,
#      waits out the warm-up, then measures the server's CPU time (/proc/PID/stat), RSS, socket
#      backlog and every publisher's pace over the measured window; stops everything;
#   3. a server holds N when most repetitions pass; its ramp stops at the first N it fails;
#   4. writes medians and ratios to its own section of docs/benchmarks.md; `--report DIR`
#      writes that section again from a finished run's results without measuring.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly WORK="$REPO/bench/.work/ingest"

# Pass criteria, restated in the section this script writes.
readonly MIN_PACE=0.97            # publisher media time / wall time, windowed and cumulative
readonly MAX_BACKLOG_KB=1024      # unread bytes in any server-side socket (~2.7 s of stream)
readonly SATURATION_PCT=90        # server CPU, percent of the cores it can use

steps="1,10,40,80,120,160,200"
reps=3
warmup=5
window=12
budget=840                        # seconds for the ramp; steps that do not fit are skipped
max_streams=""

usage() {
  cat <<EOF
Usage: bench/ingest/run.sh [options]

Compares the CPU and memory our RTMP ingest needs per publisher with nginx-rtmp's on this
machine, and finds the largest number of real-time publishers each one holds.

  --quick            about 2 minutes: N = 1,5,10, one repetition, 3 s warm-up, 8 s window;
                     prints the section but leaves docs/benchmarks.md alone
  --max-streams N    stop the ramp at N publishers (N is added as a last step)
  --steps LIST       ramp, comma-separated (default $steps)
  --reps R           repetitions of each measurement (default $reps; medians are reported)
  --warmup S         seconds after all publishers are up before measuring (default $warmup)
  --window S         measured seconds (default $window)
  --budget S         seconds allowed for the ramp (default $budget)
$(common_usage 18 section "bench/.work/ingest/runs/ID, which holds results.tsv and run.env")
EOF
}

quote_args "" "" "$@"
while (($#)); do
  case $1 in
    --quick) quick=1; steps="1,5,10"; reps=1; warmup=3; window=8; budget=240 ;;
    --max-streams) max_streams=${2:?--max-streams needs a number}; shift ;;
    --steps) steps=${2:?--steps needs a list such as 1,10,40}; shift ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
    --window) window=${2:?--window needs seconds}; shift ;;
    --budget) budget=${2:?--budget needs seconds}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps warmup window budget
[[ -z $max_streams ]] || need_positive max_streams
need_list --steps "$steps" 1,10,40
require_tools "ffmpeg, nginx, libnginx-mod-rtmp, openjdk-17-jre-headless, iproute2" \
  ffmpeg ffprobe nginx java ss getconf sha256sum

IFS=, read -r -a ramp <<<"$steps"
if [[ -n $max_streams ]]; then
  kept=()
  for n in "${ramp[@]}"; do ((n <= max_streams)) && kept+=("$n"); done
  if ((${#kept[@]} == 0)) || ((kept[-1] != max_streams)); then kept+=("$max_streams"); fi
  ramp=("${kept[@]}")
fi

open_run "$WORK/runs" results.tsv run.env
readonly RUN_DIR
readonly TSV="$RUN_DIR/results.tsv"

install_trap

# --- inputs: the clip and a private jar --------------------------------------------------------

readonly CLIP="$WORK/$CLIP_NAME"

find_nginx_rtmp_module() {
  local so
  for so in /usr/lib/nginx/modules/ngx_rtmp_module.so /usr/share/nginx/modules/ngx_rtmp_module.so; do
    [[ -f $so ]] && { echo "$so"; return 0; }
  done
  so=$(grep -rhos '/[^ ;]*ngx_rtmp_module\.so' /usr/share/nginx/modules-available 2>/dev/null | head -n1 || true)
  [[ -n $so && -f $so ]] && { echo "$so"; return 0; }
  die "nginx's RTMP module is missing; install it with apt-get install libnginx-mod-rtmp."
}

# --- one measurement ----------------------------------------------------------------------------

# Prints "index out_time_us speed state" for each publisher's last complete -progress block.
publisher_progress() {
  local dir=$1 n=$2 files=() i
  for ((i = 1; i <= n; i++)); do files+=("$dir/p$i.progress"); done
  awk -F= '
    function emit() { if (f != "") { sub(/.*\/p/, "", f); sub(/\.progress$/, "", f); print f, lo, ls, lst } }
    FNR == 1 { emit(); f = FILENAME; o = ""; s = ""; lo = "-"; ls = "-"; lst = "-" }
    /^out_time_us=/ { o = $2 }
    /^speed=/ { s = $2; gsub(/[ x]/, "", s) }
    /^progress=/ { lo = o; ls = s; lst = $2 }
    END { emit() }' "${files[@]}" 2>/dev/null || true
}

# Server-side sockets of the listener on PORT: prints "connections max_recv_q_bytes".
server_backlog() {
  ss -Htn state established "( sport = :$PORT )" 2>/dev/null \
    | awk '{ if ($1 > m) m = $1 } END { print NR, m + 0 }'
}

SERVER_PID=""
start_server() { # start_server ours|nginx DIR
  start_listening "$1" "$2/server.log" launch_server "$@"
  SERVER_PID=$STARTED_PID
}
launch_server() { # launch_server ours|nginx DIR, on $PORT: sets STARTED_PID
  local kind=$1 dir=$2
  if [[ $kind == ours ]]; then
    "${OURS[@]}" ingest --host "$HOST" --rtmp-port "$PORT" --metrics-port 0 \
      >"$dir/server.out" 2>"$dir/server.log" &
  else
    cat >"$dir/nginx.conf" <<EOF
load_module $NGINX_RTMP_SO;
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/server.log info;
events { worker_connections 4096; }
rtmp {
  access_log $dir/access.log;
  server {
    listen $HOST:$PORT;
    application live { live on; }
  }
}
EOF
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/server.log" >"$dir/server.out" 2>&1 &
  fi
  STARTED_PID=$!
  track "$STARTED_PID"
}

# Keeps the server's log lines that matter to an operator: warnings, errors, stack traces.
log_problems() { # log_problems ours|nginx FILE
  if [[ $1 == ours ]]; then java_log_problems "$2"; else nginx_log_problems "$2"; fi
}

# measure ours|nginx N REP: appends one row to $TSV.
measure() {
  local kind=$1 n=$2 rep=$3
  local dir="$RUN_DIR/$kind-n$n-r$rep" i
  mkdir -p "$dir"
  start_server "$kind" "$dir"
  [[ $kind == ours && -z ${ours_flags:-} ]] && ours_flags=$(ours_jvm_flags "$SERVER_PID")
  local url="rtmp://$HOST:$PORT/live"
  local pubs=()
  for ((i = 1; i <= n; i++)); do
    ffmpeg -hide_banner -nostdin -nostats -loglevel error -re -stream_loop -1 -i "$CLIP" \
      -c copy -f flv -progress "$dir/p$i.progress" -stats_period 0.5 "$url/s$i" \
      >/dev/null 2>"$dir/p$i.err" &
    pubs+=($!)
    track "$!"
    sleep 0.03   # spreads the publishers' start-up cost
  done

  # Warm-up starts once every publisher has written a progress block, i.e. is publishing.
  local up=0 deadline=$((SECONDS + 15 + n / 5))
  while ((SECONDS < deadline)); do
    up=$(publisher_progress "$dir" "$n" | awk '$2 != "-"' | wc -l)
    ((up >= n)) && break
    sleep 0.5
  done
  local warm_end=$((SECONDS + warmup))

  # One player proves the server relays what it ingests; it ends before the window opens.
  # nginx-rtmp keeps no GOP, so its video starts at the next keyframe (up to 2 s in): 45 frames
  # out of 4 s prove the relay without favouring a server that sends the GOP first.
  timeout 25 ffmpeg -hide_banner -nostdin -nostats -loglevel error -i "$url/s1" -t 4 -map 0 \
    -c copy -f null -progress "$dir/reader.progress" - >/dev/null 2>"$dir/reader.err" &
  local reader=$!
  track "$reader"
  local reader_rc=0
  wait "$reader" || reader_rc=$?
  untrack "$reader"
  local reader_frames
  reader_frames=$(awk -F= '/^frame=/ { f = $2 } END { print f + 0 }' "$dir/reader.progress" 2>/dev/null || echo 0)
  local reader_ok=0
  ((reader_rc == 0 && reader_frames >= 45)) && reader_ok=1
  while ((SECONDS < warm_end)); do sleep 0.2; done

  # The window: server first, so that its CPU and wall-clock readings belong together.
  local t0 s0 m0 p0
  t0=$EPOCHREALTIME; s0=$(proc_ticks "$SERVER_PID"); m0=$(machine_ticks); p0=$(sum_ticks "${pubs[@]}")
  publisher_progress "$dir" "$n" >"$dir/progress.start"
  local max_backlog=0 conns backlog_now samples=$((window / 5)) slice
  ((samples >= 1)) || samples=1
  slice=$(awk -v w="$window" -v s="$samples" 'BEGIN { printf "%.2f", w / s }')
  for ((i = 0; i < samples; i++)); do
    sleep "$slice"
    read -r conns backlog_now < <(server_backlog)
    ((backlog_now > max_backlog)) && max_backlog=$backlog_now
  done
  local t1 s1 m1 p1 rss
  t1=$EPOCHREALTIME; s1=$(proc_ticks "$SERVER_PID"); m1=$(machine_ticks); p1=$(sum_ticks "${pubs[@]}")
  rss=$(rss_kb "$SERVER_PID")
  publisher_progress "$dir" "$n" >"$dir/progress.end"
  local server_alive=0 alive=0 p
  kill -0 "$SERVER_PID" 2>/dev/null && server_alive=1
  for p in "${pubs[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
  cp "$dir/server.log" "$dir/server.window.log" 2>/dev/null || true

  stop_pids "${pubs[@]}"
  stop_pids "$SERVER_PID"

  # Pace of each publisher over the window. ffmpeg's speed is media time over wall time since it
  # started, so out_time/speed is its own wall clock: exact to 0.1 %, unlike our polling time.
  local pace
  pace=$(awk -v n="$n" -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" '
    NR == FNR { o0[$1] = $2; v0[$1] = $3; next }
    { o1[$1] = $2; v1[$1] = $3; st[$1] = $4 }
    END {
      # Publishers that stopped are counted apart; the pace is that of the others.
      minr = 9; mins = 9; bad = 0
      for (i = 1; i <= n; i++) {
        if (!(i in o1) || o1[i] == "-" || !(i in o0) || o0[i] == "-" || st[i] == "end") { bad++; continue }
        if (v0[i] + 0 > 0 && v1[i] + 0 > 0) el = o1[i] / v1[i] - o0[i] / v0[i]; else el = wall * 1e6
        r = el > 0 ? (o1[i] - o0[i]) / el : 0
        if (r < minr) minr = r
        if (v1[i] + 0 < mins) mins = v1[i] + 0
      }
      if (bad == n) { minr = 0; mins = 0 }
      printf "%.3f %.3f %d\n", minr, mins, bad
    }' "$dir/progress.start" "$dir/progress.end")
  local min_rate min_speed stalled
  read -r min_rate min_speed stalled <<<"$pace"

  local cores=$NPROC
  [[ $kind == nginx ]] && cores=1   # one worker process: nginx-rtmp relays only within a worker
  local cpu per_stream pub_cpu machine rss_mb other
  read -r cpu per_stream pub_cpu machine rss_mb other < <(awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" \
    -v p0="$p0" -v p1="$p1" -v mb0="${m0% *}" -v mt0="${m0#* }" -v mb1="${m1% *}" -v mt1="${m1#* }" \
    -v hz="$CLK_TCK" -v n="$n" -v np="$NPROC" -v rss="$rss" 'BEGIN {
      w = t1 - t0; c = (s1 - s0) / hz / w * 100; p = (p1 - p0) / hz / w * 100
      m = mt1 > mt0 ? (mb1 - mb0) / (mt1 - mt0) * 100 * np : 0
      o = m - c - p; if (o < 0) o = 0
      printf "%.2f %.3f %.1f %.1f %.1f %.1f\n", c, c / n, p, m, rss / 1024, o }')

  local reasons=()
  ((server_alive)) || reasons+=("server exited")
  ((alive == n)) || reasons+=("$((n - alive)) publisher(s) exited")
  ((stalled == 0)) || reasons+=("$stalled publisher(s) not publishing")
  awk -v r="$min_rate" -v m="$MIN_PACE" 'BEGIN { exit !(r < m) }' && reasons+=("pace $min_rate x in window")
  awk -v r="$min_speed" -v m="$MIN_PACE" 'BEGIN { exit !(r < m) }' && reasons+=("ffmpeg speed $min_speed x")
  ((conns == n)) || reasons+=("$conns of $n connections left")
  ((max_backlog <= MAX_BACKLOG_KB * 1024)) || reasons+=("socket backlog $((max_backlog / 1024)) KiB")
  awk -v c="$cpu" -v k="$cores" -v s="$SATURATION_PCT" 'BEGIN { exit !(c >= s * k) }' \
    && reasons+=("server CPU saturated")
  ((reader_ok)) || reasons+=("relay check failed (player rc $reader_rc, $reader_frames frames)")
  local problems
  problems=$(log_problems "$kind" "$dir/server.window.log" | wc -l)
  local pass=1 why="-"
  if ((${#reasons[@]})); then pass=0; why=$(IFS=';'; echo "${reasons[*]}"); fi

  printf '%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n' \
    "$kind" "$n" "$rep" "$cpu" "$per_stream" "$rss_mb" "$pub_cpu" "$machine" "$min_rate" \
    "$min_speed" "$((max_backlog / 1024))" "$reader_ok" "$problems" "$pass" "$why" "$other" >>"$TSV"
  log "$(printf '%-5s N=%-3d rep %d: CPU %6s%% (%s%%/stream) RSS %6s MiB, publishers %s%%, machine %s%%, pace >= %s, backlog %d KiB, log problems %d: %s' \
    "$kind" "$n" "$rep" "$cpu" "$per_stream" "$rss_mb" "$pub_cpu" "$machine" "$min_rate" \
    "$((max_backlog / 1024))" "$problems" "$( ((pass)) && echo held || echo "FAILED ($why)")")"
  # Progress files are bulky; logs and the few lines that matter stay for reading.
  rm -f "$dir"/p*.progress
  find "$dir" -name 'p*.err' -empty -delete
}

# --- the ramp -------------------------------------------------------------------------------

declare -A held=([ours]=0 [nginx]=0) stopped=([ours]="" [nginx]="")
readonly SERVERS=(ours nginx)

# Runs the ramp; leaves held, stopped and ramp_seconds for the report, and run.env for --report.
run_ramp() {
  make_clip "$CLIP"
  prepare_jar
  NGINX_RTMP_SO=$(find_nginx_rtmp_module)
  printf 'server\tn\trep\tcpu_pct\tcpu_pct_per_stream\trss_mib\tpublishers_cpu_pct\tmachine_busy_pct\tmin_pace\tmin_speed\tmax_backlog_kib\trelay_ok\tlog_problems\tpass\treasons\tother_cpu_pct\n' >"$TSV"
  local start=$SECONDS order_flip=0 n s rep cost step_start step_runs
  # Seconds each publisher adds to a measurement (its start-up, and the stop); learnt from the
  # steps of 20 publishers or more, as it grows when the machine saturates.
  local per_publisher=0.03
  local active order
  log "ramp ${ramp[*]}, $reps repetition(s), ${warmup}s warm-up, ${window}s window, budget ${budget}s; results in $RUN_DIR"
  for n in "${ramp[@]}"; do
    active=()
    for s in "${SERVERS[@]}"; do [[ -z ${stopped[$s]} ]] && active+=("$s"); done
    ((${#active[@]})) || break
    # A measurement takes the warm-up, the window, ~6 s to start and stop, and per publisher.
    cost=$(awk -v k="${#active[@]}" -v r="$reps" -v f="$((warmup + window + 6))" \
      -v p="$per_publisher" -v n="$n" 'BEGIN { printf "%d", k * r * (f + p * n) }')
    if ((SECONDS - start + cost > budget)); then
      for s in "${active[@]}"; do stopped[$s]="time budget reached before N=$n"; done
      log "skipping N=$n and above: it would take ~${cost}s and the budget has $((budget - SECONDS + start))s left"
      break
    fi
    local -A passes=([ours]=0 [nginx]=0) fails=([ours]=0 [nginx]=0)
    step_start=$SECONDS step_runs=0
    for ((rep = 1; rep <= reps; rep++)); do
      order=("${active[@]}")
      if ((order_flip % 2 && ${#order[@]} == 2)); then order=("${active[1]}" "${active[0]}"); fi
      order_flip=$((order_flip + 1))
      for s in "${order[@]}"; do
        # A majority of failures is already decided: skip the rest for this server.
        ((fails[$s] * 2 > reps)) && continue
        measure "$s" "$n" "$rep"
        step_runs=$((step_runs + 1))
        if [[ $(tail -n1 "$TSV" | cut -f14) == 1 ]]; then
          passes[$s]=$((passes[$s] + 1))
        else
          fails[$s]=$((fails[$s] + 1))
        fi
      done
    done
    if ((n >= 20)); then
      per_publisher=$(awk -v t="$((SECONDS - step_start))" -v r="$step_runs" \
        -v f="$((warmup + window + 6))" -v n="$n" -v p="$per_publisher" \
        'BEGIN { q = (t / r - f) / n; printf "%.3f", (q > p ? q : p) }')
    fi
    for s in "${active[@]}"; do
      if ((passes[$s] * 2 > reps)); then
        held[$s]=$n
      else
        stopped[$s]="failed at N=$n"
        log "$s does not hold N=$n; its ramp stops here"
      fi
    done
  done
  for s in "${SERVERS[@]}"; do [[ -z ${stopped[$s]} ]] && stopped[$s]="ramp ended at N=${ramp[-1]}"; done
  ramp_seconds=$((SECONDS - start))
  measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
  save_run_env ramp reps warmup window quick max_streams orig_args held stopped ramp_seconds \
    jar_origin measured_at ours_flags
}

if [[ -n $report_dir ]]; then load_run_env; else run_ramp; fi
settle_write_docs
JAR="$RUN_DIR/streaming-lab.jar"

# --- the report --------------------------------------------------------------------------------

# cell SERVER N COLUMN: median over the repetitions, or "-".
cell() {
  awk -F'\t' -v s="$1" -v n="$2" -v c="$3" 'NR > 1 && $1 == s && $2 == n { print $c }' "$TSV" | median
}
verdict() {
  local runs ok
  runs=$(awk -F'\t' -v s="$1" -v n="$2" 'NR > 1 && $1 == s && $2 == n' "$TSV" | wc -l)
  ((runs)) || { echo "not run"; return; }
  ok=$(awk -F'\t' -v s="$1" -v n="$2" 'NR > 1 && $1 == s && $2 == n && $14 == 1' "$TSV" | wc -l)
  ((ok * 2 > reps)) && echo "yes ($ok/$runs)" || echo "**no** ($ok/$runs)"
}

java_version=$(java_version)
nginx_version=$(nginx_version)
rtmp_pkg=$(dpkg-query -W -f='${Package} ${Version}' libnginx-mod-rtmp 2>/dev/null || echo "ngx_rtmp_module")
ffmpeg_version=$(ffmpeg_version)
jar_sha=$(jar_sha "$JAR")
lab_version=$(jar_version "$JAR")
clip_rate=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$CLIP" | awk '{ printf "%.2f", $1 / 1e6 }')

section="$RUN_DIR/section.md"
{
  echo "<!-- bench:ingest:start -->"
  echo "## RTMP ingest: ours against nginx-rtmp"
  echo
  section_preamble bench/ingest/run.sh
  echo "- Machine: $(machine_summary). Shared: the"
  echo "  publishers run on the same two cores as the server, and so did other engineers' builds."
  echo "- Ours: \`bin/streaming-lab ingest --rtmp-port P --metrics-port 0\` ($lab_version,"
  echo "  jar sha256 $jar_sha…, $jar_origin), $java_version, ${ours_flags:-default JVM flags (a run before they were recorded)}."
  echo "- nginx-rtmp: $nginx_version with $rtmp_pkg, \`master_process off\` (one process: nginx-rtmp"
  echo "  relays a stream only within one worker, so it can use one core), \`application live { live on; }\`."
  echo "- Load: N × \`ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f flv rtmp://127.0.0.1:P/live/sN\`"
  echo "  (ffmpeg $ffmpeg_version); the clip is 20 s of testsrc2 1280x720 30 fps, x264 2800 kbit/s"
  echo "  (keyframe every 2 s) + AAC 128 kbit/s = $clip_rate Mbit/s."
  echo "- Each measurement: a fresh server, N publishers started 30 ms apart, one player reads"
  echo "  \`live/s1\` for 4 s to prove the relay, ${warmup} s warm-up once all publish, then a ${window} s"
  echo "  window: server CPU = utime+stime of the process (/proc/PID/stat, all threads), RSS = VmRSS at"
  echo "  its end. $reps repetition(s) per N, the two servers alternating (ABBA); medians below."
  echo "- N is held when most repetitions pass: every publisher still publishing at ≥ ${MIN_PACE}× real"
  echo "  time over the window and by ffmpeg's own speed, all N connections open, no server socket with"
  echo "  more than $MAX_BACKLOG_KB KiB unread, the relay check plays, and the server below ${SATURATION_PCT} % of the"
  echo "  cores it can use (nginx one, ours $NPROC)."
  echo
  echo "| N | ours CPU % | ours CPU %/stream | ours RSS MiB | ours holds | nginx CPU % | nginx CPU %/stream | nginx RSS MiB | nginx holds | ours/nginx CPU per stream |"
  echo "|---:|---:|---:|---:|:--|---:|---:|---:|:--|---:|"
  for n in "${ramp[@]}"; do
    [[ $(cell ours "$n" 4) == - && $(cell nginx "$n" 4) == - ]] && continue
    o=$(cell ours "$n" 5); g=$(cell nginx "$n" 5)
    ratio=-
    [[ $o != - && $g != - ]] && ratio=$(awk -v a="$o" -v b="$g" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }')
    echo "| $n | $(fmt 1 "$(cell ours "$n" 4)") | $(fmt 2 "$o") | $(fmt 0 "$(cell ours "$n" 6)") | $(verdict ours "$n") | $(fmt 1 "$(cell nginx "$n" 4)") | $(fmt 2 "$g") | $(fmt 0 "$(cell nginx "$n" 6)") | $(verdict nginx "$n") | $ratio |"
  done
  echo
  echo "Conditions (medians; CPU % is of one core, the machine has $((NPROC * 100)) %):"
  echo
  echo "| N | publishers' CPU % (ours / nginx runs) | other processes' CPU % (ours / nginx runs) | machine busy % (ours / nginx runs) | slowest publisher pace × (ours / nginx) | largest socket backlog KiB (ours / nginx) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for n in "${ramp[@]}"; do
    [[ $(cell ours "$n" 4) == - && $(cell nginx "$n" 4) == - ]] && continue
    echo "| $n | $(fmt 0 "$(cell ours "$n" 7)") / $(fmt 0 "$(cell nginx "$n" 7)") | $(fmt 0 "$(cell ours "$n" 16)") / $(fmt 0 "$(cell nginx "$n" 16)") | $(fmt 0 "$(cell ours "$n" 8)") / $(fmt 0 "$(cell nginx "$n" 8)") | $(fmt 3 "$(cell ours "$n" 9)") / $(fmt 3 "$(cell nginx "$n" 9)") | $(fmt 0 "$(cell ours "$n" 11)") / $(fmt 0 "$(cell nginx "$n" 11)") |"
  done
  echo
  for s in ours nginx; do
    if ((held[$s] == 0)); then h="none of the steps"
    elif [[ ${stopped[$s]} == failed* ]]; then h="N = ${held[$s]}"
    else h="N ≥ ${held[$s]}, the limit was not reached"; fi
    echo "- Largest N held by $s: **$h** (${stopped[$s]}); the ramp was ${ramp[*]}."
  done
  failures=$(awk -F'\t' 'NR > 1 && $14 == 0 { printf "  - %s, N=%s, repetition %s: %s\n", $1, $2, $3, $15 }' "$TSV")
  if [[ -n $failures ]]; then echo "- Failed repetitions:"; echo "$failures"; fi
  problems_total=$(awk -F'\t' 'NR > 1 && $1 == "ours" { t += $13 } END { print t + 0 }' "$TSV")
  echo "- Our ingest's log had $problems_total WARN/ERROR/stack-trace line(s) from start-up to the end"
  echo "  of the measured windows (shutdown excluded)$( ((problems_total)) && echo "; up to 12 of them:")"
  if ((problems_total)); then
    echo
    echo '```text'
    for f in "$RUN_DIR"/ours-n*-r*/server.window.log; do
      [[ -f $f ]] || continue
      log_problems ours "$f" | sed "s|^|$(basename "$(dirname "$f")"): |"
    done | head -n 12
    echo '```'
    echo
  fi
  nginx_problems=$(awk -F'\t' 'NR > 1 && $1 == "nginx" { t += $13 } END { print t + 0 }' "$TSV")
  echo "- nginx's log had $nginx_problems warn/error line(s) over the same spans."
  echo "- The ramp took $((ramp_seconds / 60)) min $((ramp_seconds % 60)) s. Limits: at high N the publishers"
  echo "  compete with the server for the two cores, so \"largest N\" is this machine's limit with its"
  echo "  load generator, not the server's alone; CPU %/stream at N = 1 is mostly the idle cost of the"
  echo "  process (JIT, GC, timers); loopback only, no real network; our RSS is the JVM's own (classes,"
  echo "  compiled code, the heap that holds the frames on their way: about 80 MiB at N = 1) plus each"
  echo "  stream's GOP, which the ingest keeps off the heap in 64 KiB direct chunks (about 0.7 MiB a"
  echo "  stream of this clip); bench/memory/run.sh compares the JVM flags."
  echo "<!-- bench:ingest:end -->"
} >"$section"

publish_section section ingest "$section" ingest
