# shellcheck shell=bash
# Shared by bench/switcher/*.sh: process bookkeeping, ports, the private jar, the lab's
# components run apart, and the switcher's section of docs/benchmarks.md. Sourced, not run.

readonly SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly REPO=$(cd "$SCRIPT_DIR/../.." && pwd)
readonly WORK="$REPO/bench/.work/switcher"
readonly DOCS="$REPO/docs/benchmarks.md"
readonly HOST=127.0.0.1
readonly STREAM=mystream

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { echo "$EPOCHREALTIME"; }

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null \
      || die "$tool is missing; install it (Debian: ffmpeg, nginx, wrk, python3, openjdk-17-jdk-headless, iproute2, curl)."
  done
}

# --- process bookkeeping: only PIDs started here are ever signalled, and only until reaped ----

tracked=()
track() { tracked+=("$1"); }
untrack() {
  local keep=() p q drop
  for p in "${tracked[@]}"; do
    drop=0
    for q in "$@"; do [[ $p == "$q" ]] && drop=1; done
    ((drop)) || keep+=("$p")
  done
  tracked=("${keep[@]}")
}
# stop_pids PID...: SIGTERM, up to 5 s grace, SIGKILL, reap.
stop_pids() {
  (($#)) || return 0
  local p i alive
  for p in "$@"; do kill -TERM "$p" 2>/dev/null || true; done
  for ((i = 0; i < 50; i++)); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1 && break; done
    ((alive)) || break
    sleep 0.1
  done
  for p in "$@"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
  untrack "$@"
}
# kill_now PID...: SIGKILL at once (a crash, not a shutdown), reap.
kill_now() {
  local p
  for p in "$@"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
  untrack "$@"
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((${#tracked[@]})); then
    log "stopping ${#tracked[@]} process(es) this run started"
    stop_pids "${tracked[@]}"
  fi
  exit "$rc"
}
install_trap() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# --- ports -------------------------------------------------------------------------------------

picked_ports=" "
# Sets PORT to a free port below the kernel's range for outgoing connections (so that no client
# socket can take it) and not picked before in this run.
pick_port() {
  local low i p
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  ((low > 20000)) || low=32768
  for ((i = 0; i < 200; i++)); do
    p=$((10000 + RANDOM % (low - 10000)))
    [[ $picked_ports == *" $p "* ]] && continue
    if [[ -z $(ss -Htan "( sport = :$p or dport = :$p )") ]]; then
      PORT=$p
      picked_ports+="$p "
      return 0
    fi
  done
  die "found no free port on $HOST after 200 tries."
}

# wait_listening PID PORT SECONDS: true once PID listens on PORT (bounded in time, not in tries:
# on a loaded machine each try can take a while).
wait_listening() {
  local pid=$1 port=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    ss -Hltnp "( sport = :$port )" 2>/dev/null | grep -q "pid=$pid," && return 0
    sleep 0.1
  done
  return 1
}

# --- the private jar -----------------------------------------------------------------------------

# prepare_jar RUN_DIR JAR_ARG BUILD: sets JAR (a copy in RUN_DIR) and JAR_ORIGIN.
prepare_jar() {
  local run_dir=$1 jar_arg=$2 build=$3
  JAR="$run_dir/streaming-lab.jar"
  if [[ -n $jar_arg ]]; then
    [[ -f $jar_arg ]] || die "no jar at $jar_arg; build one with ./mvnw -B -q -o -DskipTests package -pl lab -am."
    cp "$jar_arg" "$JAR"
    JAR_ORIGIN="given with --jar, built $(date -u -r "$jar_arg" '+%Y-%m-%d %H:%MZ')"
    return 0
  fi
  if ((build)); then
    # A snapshot of the working tree, so that others' edits and builds neither disturb this
    # build nor are disturbed by it.
    local snap="$run_dir/src"
    mkdir -p "$snap"
    (cd "$REPO" && tar --exclude=./.git --exclude=./bench/.work --exclude='./*/target' \
      --exclude=./target -cf - .) | (cd "$snap" && tar -xf -)
    log "building the jar from a snapshot of the working tree (log: $run_dir/build.log)"
    if (cd "$snap" && timeout 600 ./mvnw -B -q -o -DskipTests package -pl lab -am) \
      >"$run_dir/build.log" 2>&1 && [[ -f $snap/lab/target/streaming-lab.jar ]]; then
      cp "$snap/lab/target/streaming-lab.jar" "$JAR"
      JAR_ORIGIN="built from a snapshot of the working tree at $(date -u +%H:%MZ)"
      rm -rf "$snap"
      return 0
    fi
    rm -rf "$snap"
    log "the snapshot build failed (see $run_dir/build.log); falling back to lab/target/streaming-lab.jar"
  fi
  local existing="$REPO/lab/target/streaming-lab.jar"
  [[ -f $existing ]] || die "no jar to benchmark: build one with ./mvnw -B -q -o -DskipTests package -pl lab -am, or pass --jar."
  cp "$existing" "$JAR"
  JAR_ORIGIN="copied from lab/target/streaming-lab.jar (built $(date -u -r "$existing" '+%Y-%m-%d %H:%MZ'))"
}

# --- /proc readings ----------------------------------------------------------------------------

rss_kb() { awk '/^VmRSS:/ {print $2; exit}' "/proc/$1/status" 2>/dev/null || echo 0; }
proc_ticks() {
  local stat
  read -r stat <"/proc/$1/stat" 2>/dev/null || { echo 0; return 0; }
  stat=${stat##*) }
  set -f; set -- $stat; set +f
  echo $((${12} + ${13}))
}
# machine_ticks: "busy total" CPU ticks of the whole machine, all cores (/proc/stat).
machine_ticks() {
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}
# heap_used_kb PID: the used heap as jcmd GC.heap_info reports it (G1: "used NK"), or "-".
heap_used_kb() {
  timeout 10 jcmd "$1" GC.heap_info 2>/dev/null \
    | awk '/garbage-first heap|def new generation|PSYoungGen|total .* used/ {
             for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }' \
    | grep -E '^[0-9]+$' || echo -
}
# heap_committed_kb PID: the committed heap ("total NK"), or "-".
heap_committed_kb() {
  timeout 10 jcmd "$1" GC.heap_info 2>/dev/null \
    | awk '/garbage-first heap|def new generation|PSYoungGen/ {
             for (i = 1; i <= NF; i++) if ($i == "total") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }' \
    | grep -E '^[0-9]+$' || echo -
}

# --- the lab's components, run apart -------------------------------------------------------------

# Each start_* sets the component's PID variable and tracks it; logs append to $LOGS/NAME.log.
start_java() { # start_java NAME ARGS...: sets STARTED_PID
  local name=$1
  shift
  echo "=== $(date -u +%FT%T.%3NZ) start: java -jar streaming-lab.jar $*" >>"$LOGS/$name.log"
  java -jar "$JAR" "$@" >>"$LOGS/$name.log" 2>&1 &
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

# log_problems FILE: the lines of our logs that matter to an operator.
log_problems() { grep -E ' (WARN|ERROR) |Exception|^\s+at |^Caused by' "$1" 2>/dev/null || true; }

# --- machine facts and the switcher's section of docs/benchmarks.md -----------------------------

machine_facts() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
  echo "\`nproc\` = $(nproc), $cpu, $mem GiB RAM, $(uname -sr), $(java -version 2>&1 | head -n1), default JVM flags"
}
jar_facts() {
  local sha version
  sha=$(sha256sum "$JAR" | cut -c1-12)
  version=$(java -jar "$JAR" --version 2>/dev/null | head -n1 || echo "?")
  echo "$version, jar sha256 $sha…, $JAR_ORIGIN"
}

# write_part PART FILE: puts FILE (one benchmark's part, with its own markers) into the
# switcher's section of docs/benchmarks.md, creating the section after the last existing one.
# The file is read again just before writing, and replaced in one rename, so that concurrent
# writers of other sections lose nothing unless they write within the same instant.
write_part() {
  python3 - "$DOCS" "$1" "$2" <<'EOF'
import os, sys
docs, part, section_file = sys.argv[1:4]
outer_start, outer_end = "<!-- bench:switcher:start -->", "<!-- bench:switcher:end -->"
start, end = f"<!-- bench:switcher:{part}:start -->", f"<!-- bench:switcher:{part}:end -->"
block = open(section_file).read().rstrip("\n").split("\n")
assert block[0] == start and block[-1] == end, "the part must carry its own markers"
intro = [
    outer_start,
    "## Failover switcher",
    "",
    "Three benchmarks in `bench/switcher/`, each of which rewrites only its own part below:",
    "`failover.sh` (time to fail over and back for each fault, and what a player saw),",
    "`throughput.sh` (cached segments and the playlist under wrk, against nginx's `proxy_cache`)",
    "and `viewers.sh` (the switcher's memory with 1000 polling viewers). Each part names the",
    "command that reproduces it, the machine, and the limits of its method.",
    "",
]
text = open(docs).read() if os.path.exists(docs) else "# Benchmarks\n\n"
lines = text.split("\n")
if start in lines and end in lines:
    i, j = lines.index(start), lines.index(end)
    lines[i:j + 1] = block
elif outer_start in lines and outer_end in lines:
    # Keep the parts in their order: before the first later part present, else at the end.
    order = ["failover", "throughput", "viewers"]
    later = [f"<!-- bench:switcher:{p}:start -->" for p in order[order.index(part) + 1:]]
    j = next((lines.index(m) for m in later if m in lines), lines.index(outer_end))
    lines[j:j] = block + [""]
else:
    # After the last section of any benchmark, else at the end.
    ends = [k for k, line in enumerate(lines)
            if line.startswith("<!-- bench:") and line.endswith(":end -->")]
    at = ends[-1] + 1 if ends else len(lines)
    new = ([""] if at > 0 and lines[at - 1] != "" else []) + intro + block + ["", outer_end]
    lines[at:at] = new
out = "\n".join(lines)
if not out.endswith("\n"):
    out += "\n"
tmp = f"{docs}.tmp.{os.getpid()}"
with open(tmp, "w") as f:
    f.write(out)
os.replace(tmp, docs)
EOF
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

# metric PORT NAME: the value of an unlabelled metric on the switcher's /metrics, or "-".
metric() {
  curl -s --max-time 3 "http://$HOST:$1/metrics" 2>/dev/null \
    | awk -v n="$2" '$1 == n { print $2; found = 1; exit } END { if (!found) print "-" }'
}
