#!/usr/bin/env bash
# HLS origin benchmark: our origin (`streaming-lab.jar origin`) against nginx with the shipped
# configs/nginx-origin.conf, both serving the same directory (a ~500 KB segment and a live
# playlist), loaded by wrk over loopback.
#
# One run:
#   1. makes the files once (cached in bench/.work/origin/) and takes a private copy of the jar;
#   2. starts both servers on free loopback ports, checks that each answers both files with the
#      right status, size and type, and warms both up with wrk (unrecorded; the JIT needs it);
#   3. REPS times, for each file and each connection count, runs
#      `wrk -t2 -cC -dDs --latency URL` against the two servers in turn, alternating which goes
#      first (ABBA), and records Requests/sec, the 50 % and 99 % latency, errors, and the
#      server's CPU time (/proc/PID/stat) over the run;
#   4. counts the system calls per request of each server and file under strace -c (a short
#      wrk run apart from the measured ones; skipped without strace or with --no-syscalls);
#   5. writes medians and ratios to its own section of docs/benchmarks.md; `--report DIR`
#      writes that section again from a finished run without measuring.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly WORK="$REPO/bench/.work/origin"
readonly SHIPPED_CONF="$REPO/configs/nginx-origin.conf"
readonly SEGMENT_BYTES=$((188 * 2723))   # 511,924 bytes: ~500 KB of whole MPEG-TS packets

conns="50,200"
reps=3
duration=10
warmup=10
wrk_threads=2
syscalls=1

usage() {
  cat <<EOF
Usage: bench/origin/run.sh [options]

Compares the requests per second and the 99th percentile latency of our HLS origin with nginx's
(the shipped configs/nginx-origin.conf) for a ~500 KB segment and for the playlist.

  --quick            about 1 minute: one repetition of 4 s runs, 3 s warm-ups;
                     prints the section but leaves docs/benchmarks.md alone
  --conns LIST       wrk connection counts, comma-separated (default $conns)
  --reps R           repetitions of each run (default $reps; medians are reported)
  --duration S       seconds of each wrk run (default $duration)
  --warmup S         seconds of unrecorded wrk per server and file before measuring (default $warmup)
  --no-syscalls      skip counting system calls per request with strace
$(common_usage 18 section bench/.work/origin/runs/ID)
EOF
}

quote_args --no-syscalls --jar "$@"   # for the command quoted in the docs; a --jar path is shown as JAR
while (($#)); do
  case $1 in
    --quick) quick=1; reps=1; duration=4; warmup=3 ;;
    --conns) conns=${2:?--conns needs a list such as 50,200}; shift ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --duration) duration=${2:?--duration needs seconds}; shift ;;
    --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
    --no-syscalls) syscalls=0 ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps duration warmup
((duration <= 60)) || die "--duration must be at most 60 s, not $duration."
need_list --conns "$conns" 50,200
require_tools "wrk, nginx, openjdk-17-jre-headless, ffmpeg, curl, iproute2" \
  wrk nginx java ffmpeg curl ss getconf sha256sum
if ((syscalls)) && ! command -v strace >/dev/null; then
  log "strace is missing (Debian: strace); system calls per request will not be counted"
  syscalls=0
fi
[[ -f $SHIPPED_CONF ]] || die "$SHIPPED_CONF is missing; this benchmark serves with the shipped file."
IFS=, read -r -a conn_list <<<"$conns"
readonly FILES=(segment playlist)
declare -A URL_PATH=([segment]=/hls/seg-1.ts [playlist]=/hls/index.m3u8)
declare -A MEDIA_TYPE=([segment]=video/mp2t [playlist]=application/vnd.apple.mpegurl)

open_run "$WORK/runs" results.tsv run.env
readonly RUN_DIR
readonly TSV="$RUN_DIR/results.tsv"
readonly WWW="$RUN_DIR/www"   # nginx's root; ours serves $WWW/hls, the same directory

# --- nginx's workers: signalled only if they outlive their master --------------------------------

nginx_workers=()
# A master stopped with SIGTERM takes its workers down; any left (the master was killed) go too.
stop_nginx_workers() {
  local w i
  for ((i = 0; i < 20; i++)); do
    local left=0
    for w in "${nginx_workers[@]}"; do
      [[ $(cat "/proc/$w/comm" 2>/dev/null) == nginx ]] && left=1
    done
    ((left)) || break
    sleep 0.1
  done
  for w in "${nginx_workers[@]}"; do
    if [[ $(cat "/proc/$w/comm" 2>/dev/null) == nginx ]]; then kill -KILL "$w" 2>/dev/null || true; fi
  done
  nginx_workers=()
}
stop_leftover_workers() { ((${#nginx_workers[@]} == 0)) || stop_nginx_workers; }
install_trap
on_cleanup stop_leftover_workers

# --- inputs: the files and a private jar -------------------------------------------------------

readonly SEGMENT_CACHE="$WORK/seg-500k.ts"
make_files() {
  if [[ ! -s $SEGMENT_CACHE ]]; then
    log "encoding a 2 s segment once into $SEGMENT_CACHE"
    mkdir -p "$WORK"
    local tmp="$SEGMENT_CACHE.tmp.ts"
    # The packager benchmark's encoder settings: ~3 Mbit/s, so 2 s is ~750 KB, cut to ~500 KB.
    encode_test_media 2 mpegts "$tmp" 120 || die "ffmpeg could not encode the segment; is it built with libx264?"
    (($(stat -c %s "$tmp") >= SEGMENT_BYTES)) || die "the encoded segment is smaller than $SEGMENT_BYTES bytes."
    head -c "$SEGMENT_BYTES" "$tmp" >"$SEGMENT_CACHE"
    rm -f "$tmp"
  fi
  mkdir -p "$WWW/hls"
  cp "$SEGMENT_CACHE" "$WWW/hls/seg-1.ts"
  # A live playlist as our packager writes it: six segments, dates, 2 s target.
  {
    printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-INDEPENDENT-SEGMENTS\n'
    local i
    for ((i = 1; i <= 6; i++)); do
      printf '#EXT-X-PROGRAM-DATE-TIME:2026-11-24T01:56:%02d.241Z\n#EXTINF:2.000,\nseg-%d.ts\n' $((i * 2)) "$i"
    done
  } >"$WWW/hls/index.m3u8"
}

# --- servers -----------------------------------------------------------------------------------

# jvm_ticks PID: "jit gc" ticks of a JVM's compiler threads and garbage-collector threads.
jvm_ticks() { thread_ticks 'CompilerThre' '^(GC Thread|G1 )' "$1"; }
declare -A PORT_OF=() PIDS_OF=()
start_ours() {
  local dir="$RUN_DIR/ours"
  mkdir -p "$dir"
  start_listening "our origin" "$dir/server.log" launch_ours "$dir"
  PORT_OF[ours]=$PORT
  PIDS_OF[ours]=$STARTED_PID
  ours_flags=$(ours_jvm_flags "$STARTED_PID")
}
launch_ours() { # DIR, on $PORT: sets STARTED_PID
  "${OURS[@]}" origin --dir "$WWW/hls" --host "$HOST" --port "$PORT" --metrics-port 0 \
    >"$1/server.out" 2>"$1/server.log" &
  STARTED_PID=$!
  track "$STARTED_PID"
}
start_nginx() {
  local dir="$RUN_DIR/nginx" attempt pid i workers
  mkdir -p "$dir"
  for ((attempt = 1; attempt <= 3; attempt++)); do
    pick_port
    # The shipped file, as the origin test includes it: its listen and root moved here.
    grep -Eq '^\s*listen\s+80\s*;' "$SHIPPED_CONF" || die "$SHIPPED_CONF no longer listens on 80; update this script."
    grep -q 'root /usr/share/nginx/html;' "$SHIPPED_CONF" || die "$SHIPPED_CONF no longer serves /usr/share/nginx/html; update this script."
    sed -E -e "s|^(\s*)listen\s+80\s*;|\1listen $HOST:$PORT;|" \
      -e "s|root /usr/share/nginx/html;|root $WWW;|" "$SHIPPED_CONF" >"$dir/nginx-origin.conf"
    # What the nginx:alpine image's nginx.conf puts around conf.d, in the sandbox: a master and
    # one worker per core (auto = $NPROC here), no access log (ours keeps none).
    cat >"$dir/nginx.conf" <<EOF
$( ((EUID == 0)) && echo "user $(id -un) $(id -gn);   # workers as the invoking user, who owns the files")
daemon off;
master_process on;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
$( [[ -r /etc/nginx/mime.types ]] && echo "  include /etc/nginx/mime.types;")
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  include $dir/nginx-origin.conf;
}
EOF
    nginx -t -q -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/test.out" 2>&1 \
      || die "nginx rejects the generated configuration: $(head -n3 "$dir/test.out")"
    nginx -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" >"$dir/server.out" 2>&1 &
    pid=$!
    track "$pid"
    if wait_listening "$pid" "$PORT" 15 || ss -Hltnp "( sport = :$PORT )" 2>/dev/null | grep -q nginx; then
      workers=()
      for ((i = 0; i < 50; i++)); do
        mapfile -t workers < <(ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' ' || true)
        ((${#workers[@]} >= NPROC)) && break
        sleep 0.1
      done
      nginx_workers=("${workers[@]}")
      PORT_OF[nginx]=$PORT
      PIDS_OF[nginx]="$pid ${workers[*]}"
      return 0
    fi
    log "nginx did not listen on $HOST:$PORT (attempt $attempt); log: $dir/error.log"
    stop_pids "$pid"
    stop_nginx_workers
  done
  die "nginx would not start three times running; see $dir/error.log."
}

# check_answers SERVER: each file answers 200 with its size and media type.
check_answers() {
  local s=$1 f got want_size
  for f in "${FILES[@]}"; do
    got=$(curl -s -o /dev/null --max-time 5 -w '%{http_code} %{size_download} %{content_type}' \
      "http://$HOST:${PORT_OF[$s]}${URL_PATH[$f]}" || true)
    want_size=$(stat -c %s "$WWW${URL_PATH[$f]}")
    [[ $got == "200 $want_size ${MEDIA_TYPE[$f]}"* ]] \
      || die "$s answers ${URL_PATH[$f]} with '$got', not '200 $want_size ${MEDIA_TYPE[$f]}'."
    echo "$s ${URL_PATH[$f]}: $got" >>"$RUN_DIR/answers.txt"
  done
}

log_problems() { # log_problems ours|nginx FILE
  if [[ $1 == ours ]]; then java_log_problems "$2"; else nginx_log_problems "$2"; fi
}
server_log() { [[ $1 == ours ]] && echo "$RUN_DIR/ours/server.log" || echo "$RUN_DIR/nginx/error.log"; }

# --- one wrk run -------------------------------------------------------------------------------

# to_ms VALUE_WITH_UNIT: wrk prints 850.00us, 1.20ms, 2.01s.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else print "-" }'
}

# run_wrk SERVER FILE CONNS REP [warmup]: appends a row to $TSV unless warming up.
run_wrk() {
  local s=$1 f=$2 c=$3 rep=$4 warm=${5:-}
  local d=$duration out
  [[ -n $warm ]] && d=$warmup
  out="$RUN_DIR/wrk-$s-$f-c$c-r$rep${warm:+-warmup}.txt"
  local url="http://$HOST:${PORT_OF[$s]}${URL_PATH[$f]}"
  local t0 t1 s0 s1 k0 k1 m0 m1 j0 j1 w0 w1 rc=0 pids
  read -r -a pids <<<"${PIDS_OF[$s]}"
  j0="0 0"; [[ $s == ours ]] && j0=$(jvm_ticks "${PIDS_OF[ours]}")
  t0=$EPOCHREALTIME; s0=$(sum_ticks "${pids[@]}"); k0=$(sys_ticks "${pids[@]}"); m0=$(machine_ticks)
  w0=$(wait_ns "${pids[@]}")
  timeout $((d + 30)) wrk -t"$wrk_threads" -c"$c" -d"${d}s" --latency "$url" >"$out" 2>&1 || rc=$?
  t1=$EPOCHREALTIME; s1=$(sum_ticks "${pids[@]}"); k1=$(sys_ticks "${pids[@]}"); m1=$(machine_ticks)
  w1=$(wait_ns "${pids[@]}")
  j1="0 0"; [[ $s == ours ]] && j1=$(jvm_ticks "${PIDS_OF[ours]}")
  [[ -n $warm ]] && return 0
  local rps p50 p99 reqs sockerr non2xx mbps
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  reqs=$(awk '/requests in/ { print $1 }' "$out")
  sockerr=$(awk -F'[ ,]+' '/Socket errors:/ { print $5 + $7 + $9 + $11 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  mbps=$(awk '/^Transfer\/sec:/ { v = $2; m = 1
      if (v ~ /GB$/) m = 1024; else if (v ~ /KB$/) m = 1 / 1024; else if (v ~ /B$/ && v !~ /MB$/) m = 1 / 1048576
      sub(/[KMG]?B$/, "", v); printf "%.1f", v * m }' "$out")
  local alive=1 p
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || alive=0; done
  local reasons=()
  ((rc == 0)) || reasons+=("wrk exited with $rc")
  [[ -n $rps ]] || reasons+=("no Requests/sec in wrk's output")
  ((${sockerr:-0} == 0)) || reasons+=("$sockerr socket errors")
  ((${non2xx:-0} == 0)) || reasons+=("$non2xx non-2xx answers")
  ((alive)) || reasons+=("server exited")
  local pass=1 why="-"
  if ((${#reasons[@]})); then pass=0; why=$(IFS=';'; echo "${reasons[*]}"); fi
  local cpu
  cpu=$(awk -v t0="$t0" -v t1="$t1" -v s0="$s0" -v s1="$s1" -v k0="$k0" -v k1="$k1" -v mb0="${m0% *}" -v mt0="${m0#* }" \
    -v mb1="${m1% *}" -v mt1="${m1#* }" -v hz="$CLK_TCK" -v np="$NPROC" -v r="${reqs:-0}" 'BEGIN {
      w = t1 - t0; c = (s1 - s0) / hz
      printf "%.1f\t%.1f\t%.1f\t%.0f", c / w * 100, (r > 0 ? c / r * 1e6 : 0), (mb1 - mb0) / (mt1 - mt0) * 100 * np,
        (s1 > s0 ? (k1 - k0) / (s1 - s0) * 100 : 0) }')
  local cpu3 sys_share jit_gc
  cpu3=${cpu%$'\t'*}; sys_share=${cpu##*$'\t'}
  # Ours: the share of its CPU that went to the JIT compilers and to GC (warm-up not over?).
  jit_gc=$(awk -v a="${j0% *}" -v b="${j1% *}" -v c="${j0#* }" -v d="${j1#* }" -v s0="$s0" -v s1="$s1" -v k="$s" 'BEGIN {
    if (k != "ours" || s1 <= s0) { printf "-\t-"; exit }
    printf "%.0f\t%.0f", (b - a) / (s1 - s0) * 100, (d - c) / (s1 - s0) * 100 }')
  # How long the server's threads were ready to run but waited for a core, against how long
  # they ran: near 100 % when every thread stays runnable and the cores are time-shared.
  local waited
  waited=$(awk -v w0="$w0" -v w1="$w1" -v s0="$s0" -v s1="$s1" -v hz="$CLK_TCK" 'BEGIN {
    if (s1 <= s0) { print "-"; exit }
    printf "%.0f", (w1 - w0) / 1e9 / ((s1 - s0) / hz) * 100 }')
  printf '%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n' "$s" "$f" "$c" "$rep" \
    "${rps:--}" "${p50:--}" "${p99:--}" "${reqs:-0}" "${sockerr:-0}" "${non2xx:-0}" "${mbps:--}" \
    "$cpu3" "$pass" "$why" "$sys_share"$'\t'"$jit_gc"$'\t'"$waited" >>"$TSV"
  local figures
  read -r -a figures <<<"$cpu $jit_gc $waited"
  log "$(printf '%-5s %-8s c=%-3d rep %d: %9s req/s, p50 %7s ms, p99 %7s ms, %s MiB/s, server CPU %s%% (%s µs/request), machine %s%%, kernel %s%% of the server CPU, JIT %s%% GC %s%%, waited for a core %s%% of its CPU time: %s' \
    "$s" "$f" "$c" "$rep" "${rps:--}" "${p50:--}" "${p99:--}" "${mbps:--}" \
    "${figures[@]}" "$( ((pass)) && echo ok || echo "FAILED ($why)")")"
}

# count_syscalls: for each server and file, strace -c -f on the server's processes during a
# short wrk run (not a measured one: strace slows every call), then calls per request. Writes
# syscalls.tsv: server, file, requests, calls per request, the most frequent calls.
count_syscalls() {
  local s f p out trace rc reqs
  printf 'server\tfile\trequests\tcalls_per_request\ttop_calls\n' >"$RUN_DIR/syscalls.tsv"
  for s in ours nginx; do
    for f in "${FILES[@]}"; do
      trace="$RUN_DIR/strace-$s-$f.txt"
      out="$RUN_DIR/wrk-$s-$f-strace.txt"
      local args=()
      for p in ${PIDS_OF[$s]}; do args+=(-p "$p"); done
      strace -qq -c -f "${args[@]}" -o "$trace" &
      local spid=$!
      track "$spid"
      sleep 1   # attached to every thread before the load starts
      rc=0
      timeout 40 wrk -t"$wrk_threads" -c"${conn_list[0]}" -d3s "http://$HOST:${PORT_OF[$s]}${URL_PATH[$f]}" \
        >"$out" 2>&1 || rc=$?
      kill -INT "$spid" 2>/dev/null || true
      wait "$spid" 2>/dev/null || true
      untrack "$spid"
      reqs=$(awk '/requests in/ { print $1 }' "$out")
      if ((rc != 0)) || [[ -z $reqs || ! -s $trace ]]; then
        log "could not count the system calls of $s for $f (wrk exit $rc); see $trace"
        continue
      fi
      awk -v s="$s" -v f="$f" -v n="$reqs" '
        $NF == "total" { total = $4 }
        NF >= 5 && $1 ~ /^[0-9.]+$/ && $NF != "total" { calls[$NF] = $4 }
        END {
          top = ""; for (k = 0; k < 6; k++) { best = ""; for (c in calls) if (best == "" || calls[c] > calls[best]) best = c
            if (best == "" || calls[best] / n < 0.05) break
            top = top (top == "" ? "" : ", ") sprintf("%s %.1f", best, calls[best] / n); delete calls[best] }
          printf "%s\t%s\t%d\t%.1f\t%s\n", s, f, n, total / n, top }' "$trace" >>"$RUN_DIR/syscalls.tsv"
      log "$(tail -n1 "$RUN_DIR/syscalls.tsv" | awk -F'\t' '{ printf "%-5s %-8s %s system calls per request (%s)", $1, $2, $4, $5 }')"
    done
  done
}

run_all() {
  make_files
  prepare_jar
  printf 'server\tfile\tconns\trep\trps\tp50_ms\tp99_ms\trequests\tsocket_errors\tnon2xx\tmib_per_s\tserver_cpu_pct\tserver_cpu_us_per_request\tmachine_busy_pct\tpass\treasons\tserver_kernel_share_pct\tours_jit_share_pct\tours_gc_share_pct\tserver_waited_pct_of_cpu\n' >"$TSV"
  local start=$SECONDS
  start_ours
  start_nginx
  local s f c rep order flip=0
  for s in ours nginx; do check_answers "$s"; done
  log "ours on :${PORT_OF[ours]} (pid ${PIDS_OF[ours]}), nginx on :${PORT_OF[nginx]} (pids ${PIDS_OF[nginx]}); results in $RUN_DIR"
  for s in ours nginx; do
    for f in "${FILES[@]}"; do run_wrk "$s" "$f" "${conn_list[-1]}" 0 warmup; done
  done
  for ((rep = 1; rep <= reps; rep++)); do
    for f in "${FILES[@]}"; do
      for c in "${conn_list[@]}"; do
        order=(ours nginx)
        ((flip % 2)) && order=(nginx ours)
        flip=$((flip + 1))
        for s in "${order[@]}"; do run_wrk "$s" "$f" "$c" "$rep"; done
      done
    done
  done
  ((syscalls)) && count_syscalls
  for s in ours nginx; do
    local t=0 p
    for p in ${PIDS_OF[$s]}; do t=$((t + $(rss_kb "$p"))); done
    rss_end[$s]=$t
    cp "$(server_log "$s")" "$(server_log "$s").window" 2>/dev/null || true
  done
  stop_pids "${PIDS_OF[ours]}"
  stop_pids "${PIDS_OF[nginx]%% *}"
  stop_nginx_workers
  run_seconds=$((SECONDS - start))
  measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
  save_run_env reps duration warmup wrk_threads conn_list quick orig_args jar_origin measured_at \
    run_seconds rss_end ours_flags
}

declare -A rss_end=()
if [[ -n $report_dir ]]; then load_run_env; else run_all; fi
settle_write_docs
JAR="$RUN_DIR/streaming-lab.jar"

# --- the report --------------------------------------------------------------------------------

# cell SERVER FILE CONNS COLUMN: median over the passing repetitions, or "-".
cell() {
  awk -F'\t' -v s="$1" -v f="$2" -v c="$3" -v k="$4" \
    'NR > 1 && $1 == s && $2 == f && $3 == c && $15 == 1 && $k != "-" && $k != "" { print $k }' "$TSV" | median
}
runs() {
  awk -F'\t' -v s="$1" -v f="$2" -v c="$3" 'NR > 1 && $1 == s && $2 == f && $3 == c { n++; if ($15 == 1) ok++ } END { printf "%d/%d", ok, n }' "$TSV"
}

java_version=$(java_version)
nginx_version=$(nginx_version)
wrk_version=$(wrk -v 2>&1 | awk 'NR == 1 { print $2 }' || true)
jar_sha=$(jar_sha "$JAR")
lab_version=$(jar_version "$JAR")
seg_size=$(stat -c %s "$WWW/hls/seg-1.ts" 2>/dev/null || echo "$SEGMENT_BYTES")
pl_size=$(stat -c %s "$WWW/hls/index.m3u8" 2>/dev/null || echo "?")

ours_transport="" ours_loops=""
read -r ours_transport ours_loops < <(sed -nE 's/.*Origin serving .* \((epoll|nio), ([0-9]+) event loops\)$/\1 \2/p' \
  "$RUN_DIR/ours/server.log" 2>/dev/null | head -n1) || true
ours_transport=${ours_transport:-unknown}
ours_loops=${ours_loops:-an unknown number of}

section="$RUN_DIR/section.md"
{
  echo "<!-- bench:origin:start -->"
  echo "## HLS origin: ours against nginx with \`configs/nginx-origin.conf\`"
  echo
  section_preamble bench/origin/run.sh
  echo "- Machine: $(machine_summary). Shared: wrk runs on the"
  echo "  same two cores as the server under test, and so did other engineers' builds. Nothing is"
  echo "  pinned: with two cores the client and the server cannot be given separate ones without"
  echo "  halving the server, so both servers share the cores with wrk alike."
  echo "- Ours: \`bin/streaming-lab origin --dir DIR --port P --metrics-port 0\` ($lab_version,"
  echo "  jar sha256 $jar_sha…, $jar_origin), $java_version, ${ours_flags:-default JVM flags}; Netty's $ours_transport"
  echo "  transport and $ours_loops event loops for connections, one per core (both from its start"
  echo "  line), and one acceptor, each loop taking at most 32 ready connections per epoll_wait;"
  echo "  playlists kept in memory, one copy per version of the file (each request still stats"
  echo "  it, but does not open or read it; a live playlist is read again each time the packager"
  echo "  replaces it, every 2 s, while the bench's never changes), and sent with their headers in"
  echo "  one write; segments sent as zero-copy file regions (sendfile) under TCP_CORK where the"
  echo "  transport has it (epoll), from descriptors kept open between requests (each request still"
  echo "  stats the file, and a descriptor is reused only while size, time and inode are the same)."
  echo "- nginx: $nginx_version with the shipped \`configs/nginx-origin.conf\` (its \`listen\` and \`root\`"
  echo "  moved to the sandbox, as the origin test does) inside a generated \`nginx.conf\`: \`daemon off;"
  echo "  master_process on; worker_processes auto;\` ($NPROC workers, one per core), \`worker_connections"
  echo "  4096\`, \`access_log off\` (ours keeps no access log; the shipped file's \`sendfile on\` and"
  echo "  \`tcp_nopush on\` stay), no \`open_file_cache\` (each request opens the file, as the"
  echo "  shipped file has it: nginx checks a kept file only every \`open_file_cache_valid\`, 60 s by"
  echo "  default, which would serve a live playlist renamed over as stale)."
  echo "- Files, the same directory for both: \`seg-1.ts\`, $seg_size bytes (the first ~500 KB of a 2 s x264"
  echo "  720p segment, whole 188-byte packets) and \`index.m3u8\`, $pl_size bytes (a six-segment live playlist)."
  echo "- Load: \`wrk -t$wrk_threads -cC -d${duration}s --latency http://127.0.0.1:P/hls/FILE\` (wrk $wrk_version, HTTP/1.1"
  echo "  keep-alive). Before measuring, each server got ${warmup} s of unrecorded wrk per file, for the JIT;"
  echo "  then $reps repetition(s) of every (file, C), the two servers back to back, alternating which goes"
  echo "  first; medians of the runs without socket errors or non-2xx answers. Latency is wrk's, from"
  echo "  sending a request to its last byte on a connection that is otherwise idle (a closed loop)."
  echo
  echo "| file | C | ours req/s | nginx req/s | ours/nginx req/s (aim ≥ 1) | ours p99 ms | nginx p99 ms | ours/nginx p99 (aim ≤ 1) | ours p50 ms | nginx p50 ms | runs passed (ours, nginx) |"
  echo "|:--|---:|---:|---:|---:|---:|---:|---:|---:|---:|:--|"
  for f in "${FILES[@]}"; do
    for c in "${conn_list[@]}"; do
      or=$(cell ours "$f" "$c" 5); nr=$(cell nginx "$f" "$c" 5)
      op=$(cell ours "$f" "$c" 7); np=$(cell nginx "$f" "$c" 7)
      rr=$(ratio "$or" "$nr"); rp=$(ratio "$op" "$np")
      [[ $rr != - ]] && rr="$rr×$(awk -v r="$rr" 'BEGIN { print (r >= 1 ? " (met)" : " (**not met**)") }')"
      [[ $rp != - ]] && rp="$rp×$(awk -v r="$rp" 'BEGIN { print (r <= 1 ? " (met)" : " (**not met**)") }')"
      echo "| \`${URL_PATH[$f]#/hls/}\` | $c | $(fmt 0 "$or") | $(fmt 0 "$nr") | $rr | $(fmt 2 "$op") | $(fmt 2 "$np") | $rp | $(fmt 2 "$(cell ours "$f" "$c" 6)") | $(fmt 2 "$(cell nginx "$f" "$c" 6)") | $(runs ours "$f" "$c"), $(runs nginx "$f" "$c") |"
    done
  done
  echo
  echo "Cost and conditions (medians; server CPU is all its threads or processes over the run, of"
  echo "$((NPROC * 100)) %; wrk takes most of the rest):"
  echo
  echo "| file | C | ours CPU % | nginx CPU % | ours CPU µs/request | nginx CPU µs/request | in the kernel, % of server CPU (ours / nginx) | waited for a core, % of its CPU time (ours / nginx) | ours: JIT / GC, % of its CPU | ours MiB/s | nginx MiB/s | machine busy % (ours / nginx runs) |"
  echo "|:--|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for f in "${FILES[@]}"; do
    for c in "${conn_list[@]}"; do
      echo "| \`${URL_PATH[$f]#/hls/}\` | $c | $(fmt 0 "$(cell ours "$f" "$c" 12)") | $(fmt 0 "$(cell nginx "$f" "$c" 12)") | $(fmt 1 "$(cell ours "$f" "$c" 13)") | $(fmt 1 "$(cell nginx "$f" "$c" 13)") | $(fmt 0 "$(cell ours "$f" "$c" 17)") / $(fmt 0 "$(cell nginx "$f" "$c" 17)") | $(fmt 0 "$(cell ours "$f" "$c" 20)") / $(fmt 0 "$(cell nginx "$f" "$c" 20)") | $(fmt 0 "$(cell ours "$f" "$c" 18)") / $(fmt 0 "$(cell ours "$f" "$c" 19)") | $(fmt 0 "$(cell ours "$f" "$c" 11)") | $(fmt 0 "$(cell nginx "$f" "$c" 11)") | $(fmt 0 "$(cell ours "$f" "$c" 14)") / $(fmt 0 "$(cell nginx "$f" "$c" 14)") |"
    done
  done
  echo
  if [[ -s $RUN_DIR/syscalls.tsv ]] && (($(wc -l <"$RUN_DIR/syscalls.tsv") > 1)); then
    echo "System calls per request, all threads or processes of the server, counted with \`strace -c -f\`"
    echo "during a separate 3 s wrk run at C=${conn_list[0]} (strace slows every call, so these runs are not timed):"
    echo
    echo "| file | ours calls/request | nginx calls/request | ours: most frequent, per request | nginx: most frequent, per request |"
    echo "|:--|---:|---:|:--|:--|"
    for f in "${FILES[@]}"; do
      o=$(awk -F'\t' -v f="$f" '$1 == "ours" && $2 == f' "$RUN_DIR/syscalls.tsv")
      n=$(awk -F'\t' -v f="$f" '$1 == "nginx" && $2 == f' "$RUN_DIR/syscalls.tsv")
      echo "| \`${URL_PATH[$f]#/hls/}\` | $(cut -f4 <<<"${o:--}") | $(cut -f4 <<<"${n:--}") | $(cut -f5 <<<"${o:--}") | $(cut -f5 <<<"${n:--}") |"
    done
    echo
  fi
  echo "- The JIT / GC column is the share of our origin's CPU spent by its compiler threads and its"
  echo "  garbage collector during the measured runs: a JIT share above a few per cent means it was"
  echo "  still compiling, and its figures understate what a long-running origin does."
  echo "- The waited-for-a-core column is how long the server's threads were ready to run but waited"
  echo "  for a core (the run delay in /proc/PID/task/*/schedstat), against how long they ran. Near"
  echo "  100 % means they were runnable throughout and took turns on the cores with wrk's threads:"
  echo "  the latency then says as much about how the scheduler shares two cores between them as"
  echo "  about the server, the more so at 200 connections."
  echo "- Memory at the end: ours $(awk -v k="${rss_end[ours]:-0}" 'BEGIN { printf "%.0f", k / 1024 }') MiB RSS, nginx $(awk -v k="${rss_end[nginx]:-0}" 'BEGIN { printf "%.0f", k / 1024 }') MiB (master and workers)."
  failures=$(awk -F'\t' 'NR > 1 && $15 == 0 { printf "  - %s, %s, C=%s, repetition %s: %s\n", $1, $2, $3, $4, $16 }' "$TSV")
  if [[ -n $failures ]]; then echo "- Failed runs (left out of the medians):"; echo "$failures"; fi
  ours_problems=$(log_problems ours "$RUN_DIR/ours/server.log.window" | wc -l)
  nginx_problems=$(log_problems nginx "$RUN_DIR/nginx/error.log.window" | wc -l)
  echo "- Our origin's log had $ours_problems WARN/ERROR/stack-trace line(s) up to the end of the last run"
  echo "  (shutdown excluded)$( ((ours_problems)) && echo "; up to 8 of them:" || echo ".")"
  if ((ours_problems)); then
    echo
    echo '```text'
    log_problems ours "$RUN_DIR/ours/server.log.window" | head -n 8
    echo '```'
    echo
  fi
  echo "- nginx's error log had $nginx_problems warn/error line(s) over the same span."
  echo "- The run took $((run_seconds / 60)) min $((run_seconds % 60)) s. Limits: wrk shares the two cores with the"
  echo "  server, so at high rates the figures are the pair's, and a server that spends less CPU per"
  echo "  request leaves more to wrk; loopback has no bandwidth limit or loss, so a 500 KB answer"
  echo "  costs copies and system calls, not wire time; every request hits the page cache; wrk's"
  echo "  latency is closed-loop (a slow answer delays the next request instead of queueing it), so"
  echo "  p99 understates what an open-loop client would see under overload; one ${duration} s run per"
  echo "  cell and repetition on a noisy machine, so req/s differences under ~10 % are within the"
  echo "  noise, and p99 moves more than that from run to run (each run's figures are in its"
  echo "  results.tsv): a p99 ratio means little without the medians of several repetitions."
  echo "<!-- bench:origin:end -->"
} >"$section"

publish_section section origin "$section" origin
