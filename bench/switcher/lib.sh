# shellcheck shell=bash
# What only the switcher's benchmarks (bench/switcher/*.sh) share: the lab's components run
# apart, the switcher in front of them, and their parts of the switcher's section of
# docs/benchmarks.md. Sourced, not run; sources bench/lib.sh, which holds the rest.

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly SCRIPT_DIR="$BENCH_DIR/switcher"
# shellcheck disable=SC2034 # used by the scripts that source this file
readonly WORK="$REPO/bench/.work/switcher"
readonly STREAM=mystream

now() { echo "$EPOCHREALTIME"; }
# need_tools TOOL...: dies naming the first one missing, and the Debian packages to install.
need_tools() { require_tools "ffmpeg, nginx, wrk, python3, openjdk-17-jdk-headless, iproute2, curl" "$@"; }
# need_open_files N WHO: raises the limit on open files to N + 1024 where it is below N + 512, or
# dies saying that WHO (such as "wrk needs") N + 512.
need_open_files() {
  if (($(ulimit -n) < $1 + 512)); then
    ulimit -n $(($1 + 1024)) 2>/dev/null \
      || die "$2 $(($1 + 512)) open files; raise the limit (ulimit -n) and run again."
  fi
}

# --- the lab's components, run apart -------------------------------------------------------------

# Each start_* sets the component's PID variable and tracks it; logs append to $LOGS/NAME.log.
start_java() { # start_java NAME ARGS...: sets STARTED_PID
  local name=$1
  shift
  echo "=== $(date -u +%FT%T.%3NZ) start: bin/streaming-lab $*" >>"$LOGS/$name.log"
  "${OURS[@]}" "$@" >>"$LOGS/$name.log" 2>&1 &
  STARTED_PID=$!
  track "$STARTED_PID"
}

start_ingest() {
  start_java ingest ingest --host "$HOST" --rtmp-port "$RTMP_PORT" --metrics-port 0
  INGEST_PID=$STARTED_PID
}
start_packager() { # primary|backup
  start_java "packager-$1" packager --name "$1" --source "rtmp://$HOST:$RTMP_PORT/$STREAM" \
    --out "$DATA/hls_$1" --metrics-port 0
  printf -v "PACKAGER_${1^^}_PID" '%s' "$STARTED_PID"
}
start_origin() { # primary|backup
  local port
  [[ $1 == primary ]] && port=$PRIMARY_PORT || port=$BACKUP_PORT
  mkdir -p "$DATA/hls_$1"
  start_java "origin-$1" origin --host "$HOST" --dir "$DATA/hls_$1" --port "$port" --name "$1" \
    --metrics-port 0
  printf -v "ORIGIN_${1^^}_PID" '%s' "$STARTED_PID"
}
start_publisher() {
  echo "=== $(date -u +%FT%T.%3NZ) start publisher" >>"$LOGS/publisher.log"
  ffmpeg -hide_banner -nostdin -nostats -loglevel warning -re \
    -f lavfi -i testsrc2=size=640x360:rate=25 -f lavfi -i sine \
    -c:v libx264 -preset veryfast -g 50 -c:a aac -f flv "rtmp://$HOST:$RTMP_PORT/$STREAM" \
    >>"$LOGS/publisher.log" 2>&1 &
  PUBLISHER_PID=$!
  track "$PUBLISHER_PID"
}

# start_base_stack: the ingest, two packagers and two origins on fresh ports, and the publisher;
# returns once both origins serve a playlist of at least 4 segments.
start_base_stack() {
  DATA="$RUN_DIR/data"
  mkdir -p "$DATA" "$LOGS"
  pick_port; RTMP_PORT=$PORT
  pick_port; PRIMARY_PORT=$PORT
  pick_port; BACKUP_PORT=$PORT
  start_ingest
  start_origin primary
  start_origin backup
  wait_listening "$INGEST_PID" "$RTMP_PORT" 60 || die "the ingest did not listen on $RTMP_PORT; see $LOGS/ingest.log."
  start_packager primary
  start_packager backup
  wait_listening "$ORIGIN_PRIMARY_PID" "$PRIMARY_PORT" 60 || die "origin-primary did not start; see $LOGS/origin-primary.log."
  wait_listening "$ORIGIN_BACKUP_PID" "$BACKUP_PORT" 60 || die "origin-backup did not start; see $LOGS/origin-backup.log."
  start_publisher
  local port
  for port in "$PRIMARY_PORT" "$BACKUP_PORT"; do
    wait_segments "http://$HOST:$port/hls/index.m3u8" 4 90 \
      || die "no playlist of 4 segments on :$port after 90 s; see $LOGS/."
  done
}

# wait_segments URL N SECONDS: true once URL serves a playlist naming at least N segments.
wait_segments() {
  local url=$1 n=$2 deadline=$((SECONDS + $3)) count
  while ((SECONDS < deadline)); do
    count=$(curl -s --max-time 2 "$url" 2>/dev/null | grep -c '^[^#]' || true)
    ((count >= n)) && return 0
    sleep 0.5
  done
  return 1
}

# last_sequence URL: the last media sequence number of the playlist at URL, or -1.
last_sequence() {
  curl -s --max-time 2 "$1" 2>/dev/null | awk -F: '
    /^#EXT-X-MEDIA-SEQUENCE:/ { m = $2 + 0 }
    /^[^#]/ { n++ }
    END { print (n ? m + n - 1 : -1) }'
}

# --- what a part says about the machine and the jar, and the parts themselves -------------------

# machine_facts FLAGS: the machine, the JVM and FLAGS, what ours_jvm_flags said of our switcher.
machine_facts() { echo "$(machine_summary), $(java_version), $1"; }
jar_facts() { echo "$(jar_version "$JAR"), jar sha256 $(jar_sha "$JAR")…, $jar_origin"; }

# The opening of the switcher's section, written before its first part.
readonly SWITCHER_INTRO="## Failover switcher

Three benchmarks in \`bench/switcher/\`, each of which rewrites only its own part below:
\`failover.sh\` (time to fail over and back for each fault, and what a player saw),
\`throughput.sh\` (cached segments and the playlist under wrk, against nginx's \`proxy_cache\`)
and \`viewers.sh\` (the switcher's memory with 1000 polling viewers). Each part names the
command that reproduces it, the machine, and the limits of its method.
"

# report_part PART: turns the run in RUN_DIR into its part of the switcher's section with
# report_PART.py, prints it, and writes it into docs/benchmarks.md unless write_docs is 0.
report_part() {
  python3 -B "$SCRIPT_DIR/report_$1.py" "$RUN_DIR" >"$RUN_DIR/section.md"
  publish_section part "$1" "$RUN_DIR/section.md" "switcher:$1" switcher "$SWITCHER_INTRO" \
    switcher:failover,switcher:throughput,switcher:viewers
}
# report_only PART FILE...: with --report, writes PART again from the finished run (which must
# hold run.json and every FILE) and exits; otherwise nothing.
report_only() {
  [[ -n $report_dir ]] || return 0
  local part=$1
  shift
  open_run "" run.json "$@"
  report_part "$part"
  exit 0
}

# start_switcher: one switcher with our defaults straight in front of both origins, on a fresh
# port (SWITCHER_PORT, SWITCHER_PID).
start_switcher() {
  pick_port
  SWITCHER_PORT=$PORT
  start_java switcher switcher --host "$HOST" --port "$SWITCHER_PORT" \
    --token-file "$RUN_DIR/admin-token" \
    --primary-base-url "http://$HOST:$PRIMARY_PORT/hls" --backup-base-url "http://$HOST:$BACKUP_PORT/hls"
  SWITCHER_PID=$STARTED_PID
  wait_listening "$SWITCHER_PID" "$SWITCHER_PORT" 60 || die "the switcher did not start; see $LOGS/switcher.log."
  wait_segments "http://$HOST:$SWITCHER_PORT/hls/index.m3u8" 4 60 \
    || die "the switcher served no playlist of 4 segments within 60 s; see $LOGS/switcher.log."
}

# metric PORT NAME: the value of a metric on the switcher's /metrics, its first series if it has
# labels (the switcher's own have one, its name), or "-".
metric() {
  curl -s --max-time 3 "http://$HOST:$1/metrics" 2>/dev/null \
    | awk -v n="$2" '$1 == n || index($1, n "{") == 1 { print $2; found = 1; exit }
                     END { if (!found) print "-" }'
}
