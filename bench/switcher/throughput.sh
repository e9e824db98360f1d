#!/usr/bin/env bash
# Throughput benchmark: requests/s and p99 latency of the switcher for a cached segment and for
# the playlist, against nginx with proxy_cache in front of the same origin, under wrk.
#
# One run:
#   1. makes a private copy of the jar and starts the lab's components apart on fresh loopback
#      ports: ingest, two packagers, two origins, one ffmpeg publisher, the switcher with our
#      defaults, and nginx (worker_processes 2, proxy_cache) in front of origin-primary;
#   2. warms both up with one short wrk run per URL (discarded);
#   3. REPS times, for the segment and the playlist, at 100 and 1000 connections, runs
#      `wrk -t2 -cC -dDs --latency` against ours and nginx, alternating which goes first
#      (ABBA); before each segment pair it picks the newest segment of the switcher's playlist
#      (so that it stays listed for the whole run), checks that the switcher and nginx serve the
#      same bytes for it, and requests it once through each so that both serve it from cache;
#   4. writes medians and ratios to its part of the switcher's section of docs/benchmarks.md;
#      `--report DIR` writes that part again from a finished run without measuring.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

reps=3
duration=10
warmup=3
threads=2
conns="100,1000"

usage() {
  cat <<EOF
Usage: bench/switcher/throughput.sh [options]

Compares the switcher's requests/s and p99 latency for a cached segment and for the playlist
with nginx's proxy_cache in front of the same origin, under wrk on the same machine.

  --quick            about 1.5 minutes: one repetition, 5 s runs; prints the part but leaves
                     docs/benchmarks.md alone
  --reps R           repetitions (default $reps; medians are reported)
  --duration S       seconds per wrk run (default $duration)
  --connections LIST wrk connections, comma-separated (default $conns)
$(common_usage 18 part bench/.work/switcher/throughput/ID)
EOF
}

quote_args "" "" "$@"
while (($#)); do
  case $1 in
    --quick) quick=1; reps=1; duration=5; warmup=2 ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --duration) duration=${2:?--duration needs seconds}; shift ;;
    --connections) conns=${2:?--connections needs a list such as 100,1000}; shift ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps duration
need_list --connections "$conns" 100,1000
settle_write_docs

report_only throughput results.tsv

need_tools java ffmpeg nginx wrk python3 curl ss sha256sum
IFS=, read -r -a conn_list <<<"$conns"
max_conn=0
for c in "${conn_list[@]}"; do ((c > max_conn)) && max_conn=$c; done
need_open_files "$max_conn" "wrk needs"
open_run "$WORK/throughput"
readonly RUN_DIR LOGS="$RUN_DIR/logs"
mkdir -p "$LOGS"
install_trap
prepare_jar

# --- nginx with proxy_cache in front of origin-primary --------------------------------------------

start_nginx() {
  local dir="$RUN_DIR/nginx" user_line=""
  mkdir -p "$dir/cache" "$dir/logs"
  pick_port
  NGINX_PORT=$PORT
  # As root the workers would run as nobody and could not write the cache under bench/.work.
  ((EUID == 0)) && user_line="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes 2;
worker_rlimit_nofile 8192;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  proxy_cache_path $dir/cache levels=1:2 keys_zone=hls:10m max_size=1g inactive=10m use_temp_path=off;
  upstream origin_primary { server $HOST:$PRIMARY_PORT; keepalive 16; }
  server {
    listen $HOST:$NGINX_PORT backlog=4096;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_cache hls;
    proxy_cache_lock on;
    proxy_cache_use_stale updating;
    proxy_ignore_headers Cache-Control Expires Set-Cookie;
    add_header X-Cache-Status \$upstream_cache_status;
    location ~ \.m3u8\$ {
      proxy_pass http://origin_primary;
      proxy_cache_valid 200 1s;
    }
    location ~ \.ts\$ {
      proxy_pass http://origin_primary;
      proxy_cache_valid 200 10m;
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$LOGS/nginx.out" 2>&1 &
  NGINX_PID=$!
  track "$NGINX_PID"
  wait_listening "$NGINX_PID" "$NGINX_PORT" 20 || die "nginx did not start; see $dir/logs/error.log."
}

# nginx_pids: sets NGINX_PIDS to nginx's master and workers; nginx_ticks: their CPU ticks.
nginx_pids() { mapfile -t NGINX_PIDS < <(echo "$NGINX_PID"; pgrep -P "$NGINX_PID" 2>/dev/null || true); }
nginx_ticks() { nginx_pids; sum_ticks "${NGINX_PIDS[@]}"; }

# --- one wrk run -------------------------------------------------------------------------------

# fresh_segment: sets SEGMENT to the newest segment name of the switcher's playlist, and checks
# that nginx (through origin-primary) serves the same bytes for it; both then have it cached.
fresh_segment() {
  local tries name a b
  for ((tries = 0; tries < 5; tries++)); do
    name=$(curl -s --max-time 3 "http://$HOST:$SWITCHER_PORT/hls/index.m3u8" | grep -v '^#' | tail -n1)
    [[ $name =~ ^seg-[0-9]+\.ts$ ]] || { sleep 1; continue; }
    a=$(curl -s --max-time 5 "http://$HOST:$SWITCHER_PORT/hls/$name" | sha256sum | cut -c1-16)
    b=$(curl -s --max-time 5 "http://$HOST:$NGINX_PORT/hls/$name" | sha256sum | cut -c1-16)
    if [[ $a == "$b" ]]; then
      SEGMENT=$name
      SEGMENT_BYTES=$(curl -s --max-time 5 "http://$HOST:$NGINX_PORT/hls/$name" | wc -c)
      NGINX_CACHE=$(curl -s -o /dev/null -D - --max-time 5 "http://$HOST:$NGINX_PORT/hls/$name" \
        | awk -F': ' 'tolower($1) == "x-cache-status" { gsub(/\r/, "", $2); print $2 }')
      return 0
    fi
    log "the switcher and nginx served different bytes for $name; trying the next segment"
    sleep 2
  done
  die "the switcher and nginx never served the same bytes for a segment; are the origins aligned?"
}

# run_wrk SERVER TARGET CONNECTIONS SECONDS REP OUTFILE: appends a row to results.tsv unless
# REP is 0 (a warm-up).
run_wrk() {
  local server=$1 target=$2 c=$3 secs=$4 rep=$5 port path t0 s0 t1 s1 out
  [[ $server == ours ]] && port=$SWITCHER_PORT || port=$NGINX_PORT
  [[ $target == segment ]] && path="/hls/$SEGMENT" || path="/hls/index.m3u8"
  out="$RUN_DIR/wrk/$server-$target-c$c-r$rep.txt"
  mkdir -p "$RUN_DIR/wrk"
  if [[ $server == ours ]]; then s0=$(proc_ticks "$SWITCHER_PID"); else s0=$(nginx_ticks); fi
  t0=$EPOCHREALTIME
  timeout $((secs + 30)) wrk -t"$threads" -c"$c" -d"${secs}s" --timeout 5s --latency \
    "http://$HOST:$port$path" >"$out" 2>&1 || true
  t1=$EPOCHREALTIME
  if [[ $server == ours ]]; then s1=$(proc_ticks "$SWITCHER_PID"); else s1=$(nginx_ticks); fi
  ((rep > 0)) || return 0
  python3 - "$out" "$server" "$target" "$c" "$rep" "$t0" "$t1" "$s0" "$s1" "$CLK_TCK" \
    "$path" "$SEGMENT_BYTES" >>"$RUN_DIR/results.tsv" <<'EOF'
import re, sys
out, server, target, c, rep, t0, t1, s0, s1, hz, path, seg_bytes = sys.argv[1:]
text = open(out).read()
def ms(value):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", value)
    if not m:
        return ""
    v, unit = float(m.group(1)), m.group(2)
    return "%.3f" % (v / 1000 if unit == "us" else v if unit == "ms" else v * 1000 if unit == "s" else v * 60000)
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p = {q: re.search(r"^\s+%s%%\s+(\S+)" % q, text, re.M) for q in ("50", "99")}
reqs = re.search(r"(\d+) requests in", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
transfer = re.search(r"Transfer/sec:\s+(\S+)", text)
errors = (sum(int(x) for x in sock.groups()) if sock else 0)
cpu = (int(s1) - int(s0)) / int(hz) / (float(t1) - float(t0)) * 100
print("\t".join([server, target, c, rep, rps.group(1) if rps else "",
                 ms(p["50"].group(1)) if p["50"] else "", ms(p["99"].group(1)) if p["99"] else "",
                 reqs.group(1) if reqs else "", str(errors), non2xx.group(1) if non2xx else "0",
                 transfer.group(1) if transfer else "", "%.0f" % cpu, path, seg_bytes]))
EOF
  log "$(tail -n1 "$RUN_DIR/results.tsv" | awk -F'\t' '{ printf "%-5s %-8s c=%-4s rep %s: %8s req/s, p50 %s ms, p99 %s ms, errors %s, non-2xx %s, server CPU %s%%", $1, $2, $3, $4, $5, $6, $7, $9, $10, $12 }')"
}

# --- the run ---------------------------------------------------------------------------------------

log "results in $RUN_DIR"
log "starting ingest, packagers, origins, the publisher, the switcher and nginx"
start_base_stack
start_switcher
start_nginx
SEGMENT="" SEGMENT_BYTES=0
fresh_segment
log "switcher on :$SWITCHER_PORT, nginx on :$NGINX_PORT; first segment $SEGMENT ($SEGMENT_BYTES bytes, nginx cache: $NGINX_CACHE)"

printf 'server\ttarget\tconnections\trep\trps\tp50_ms\tp99_ms\trequests\tsocket_errors\tnon_2xx\ttransfer_per_s\tserver_cpu_pct\tpath\tsegment_bytes\n' \
  >"$RUN_DIR/results.tsv"
started=$SECONDS
for target in segment playlist; do
  for server in ours nginx; do run_wrk "$server" "$target" "${conn_list[0]}" "$warmup" 0; done
done
for ((rep = 1; rep <= reps; rep++)); do
  pair=0
  for target in segment playlist; do
    for c in "${conn_list[@]}"; do
      [[ $target == segment ]] && fresh_segment
      # Each pair swaps its order from one repetition to the next, and neighbouring pairs
      # start opposite ways: no server always runs first, or always after the same load.
      order=(ours nginx)
      (((rep + pair) % 2 == 0)) && order=(nginx ours)
      pair=$((pair + 1))
      for server in "${order[@]}"; do run_wrk "$server" "$target" "$c" "$duration" "$rep"; done
    done
  done
done
run_seconds=$((SECONDS - started))

curl -s --max-time 3 "http://$HOST:$SWITCHER_PORT/metrics" >"$RUN_DIR/metrics.txt" || true
rss_ours=$(rss_kb "$SWITCHER_PID")
rss_nginx=0
nginx_pids
for p in "${NGINX_PIDS[@]}"; do rss_nginx=$((rss_nginx + $(rss_kb "$p"))); done
cp "$LOGS/switcher.log" "$RUN_DIR/switcher.window.log" 2>/dev/null || true

measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
save_run_json REPS="$reps" DURATION="$duration" THREADS="$threads" CONNS="$conns" QUICK="$quick" \
  ARGS="${orig_args[*]}" MEASURED_AT="$measured_at" MACHINE="$(machine_facts "$(ours_jvm_flags "$SWITCHER_PID")")" JAR_FACTS="$(jar_facts)" \
  NGINX="$(nginx_version)" WRK="$(wrk --version 2>&1 | head -n1 | awk '{ print $2 }')" \
  RUN_SECONDS="$run_seconds" RSS_OURS_KB="$rss_ours" RSS_NGINX_KB="$rss_nginx"
cp "$RUN_DIR/nginx/nginx.conf" "$RUN_DIR/nginx.conf"
report_part throughput
