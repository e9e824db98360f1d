# shellcheck shell=bash disable=SC2034,SC2154
# (SC2034, SC2154: this file sets variables for the scripts that source it, and reads a few that
# they set, such as measured_at.)
# What every benchmark in bench/ shares, each piece once: options, the run directory, process
# bookkeeping (only what this run started is ever signalled), ports, /proc readings, the private
# jar, the description of the machine, and the writer of docs/benchmarks.md's sections.
# Sourced, not run, by bench/*/*.sh under `set -euo pipefail`; sets REPO, DOCS and HOST.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
readonly BENCH_DIR REPO
readonly DOCS="$REPO/docs/benchmarks.md"
readonly HOST=127.0.0.1

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- options ---------------------------------------------------------------------------------------

# The options every benchmark takes, with their defaults; common_option sets them.
jar_arg=""
build=1
write_docs=""
quick=0
report_dir=""

# common_option ARGS...: takes the option in $1 if it is one every benchmark has (--jar PATH,
# --no-build, --report DIR, --write-docs, --no-docs, -h/--help, which prints the script's own
# usage), and sets OPT_EXTRA to the number of values it took after it (shift that many more).
# Anything else is an unknown option: the usage on stderr, and die.
common_option() {
  OPT_EXTRA=0
  case $1 in
    --jar) jar_arg=${2:?--jar needs a path}; OPT_EXTRA=1 ;;
    --no-build) build=0 ;;
    --report) report_dir=${2:?--report needs a run directory}; OPT_EXTRA=1 ;;
    --write-docs) write_docs=1 ;;
    --no-docs) write_docs=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'; see --help." ;;
  esac
}

# common_usage WIDTH WHAT RUNS: the usage lines of the options common_option takes, their names
# padded to WIDTH; --report writes "the WHAT" again from a finished run in RUNS.
common_usage() {
  printf "  %-${1}s %s\n" \
    "--jar PATH" "benchmark this jar instead of building one" \
    "--no-build" "use lab/target/streaming-lab.jar as it is instead of building a snapshot" \
    "--report DIR" "measure nothing: write the $2 again from a finished run" \
    "" "($3)" \
    "--write-docs" "write docs/benchmarks.md even with --quick" \
    "--no-docs" "do not write docs/benchmarks.md" \
    "-h, --help" "this text"
}

# quote_args SKIP MASK ARGS...: sets orig_args to ARGS as a section quotes them in the command
# that reproduces it: without --no-docs, --write-docs and the options in SKIP (space-separated),
# and with the value of the option MASK (if not "") shown as JAR.
quote_args() {
  local skip=" --no-docs --write-docs $1 " mask=$2 prev="" arg
  shift 2
  orig_args=()
  for arg in "$@"; do
    if [[ $skip == *" $arg "* ]]; then
      :
    elif [[ -n $mask && $prev == "$mask" ]]; then
      orig_args+=("JAR")
    else
      orig_args+=("$arg")
    fi
    prev=$arg
  done
}

# need_positive NAME...: dies unless each variable NAME (the value of --NAME) is a positive
# whole number.
need_positive() {
  local v
  for v in "$@"; do
    [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "--$v must be a positive whole number, not '${!v}'."
  done
}
# need_list OPTION VALUE EXAMPLE: dies unless VALUE is a comma-separated list of positive numbers.
need_list() {
  [[ $2 =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || die "$1 must look like $3, not '$2'."
}
# require_tools DEBIAN_PACKAGES TOOL...: dies naming the first TOOL missing from PATH.
require_tools() {
  local packages=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "$tool is missing; install it (Debian: $packages)."
  done
}
# settle_write_docs: unless --write-docs or --no-docs said otherwise, a quick run leaves
# docs/benchmarks.md alone and a full one writes it.
settle_write_docs() {
  [[ -n $write_docs ]] && return 0
  if ((quick)); then write_docs=0; else write_docs=1; fi
}

# --- the run directory -----------------------------------------------------------------------------

# open_run RUNS FILE...: sets RUN_DIR. With --report, the finished run given, which must hold
# every FILE; otherwise a new directory in RUNS named by the time.
open_run() {
  local runs=$1 f
  shift
  if [[ -n $report_dir ]]; then
    for f in "$@"; do
      [[ -f $report_dir/$f ]] || die "$report_dir is not a finished run: it needs $(and_list "$@")."
    done
    RUN_DIR=$(cd "$report_dir" && pwd)
  else
    RUN_DIR="$runs/$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$RUN_DIR"
  fi
}
and_list() { # and_list A B C: "A, B and C"
  local out=$1 i
  for ((i = 2; i <= $#; i++)); do
    if ((i == $#)); then out+=" and ${!i}"; else out+=", ${!i}"; fi
  done
  echo "$out"
}
# save_run_env NAME...: the variables a report needs, in RUN_DIR/run.env; load_run_env reads
# them back (as globals) for --report.
save_run_env() {
  declare -p "$@" \
    | sed -e 's/^declare -\([a-zA-Z]\+\) /declare -g\1 /' -e 's/^declare -- /declare -g /' \
      >"$RUN_DIR/run.env"
}
load_run_env() {
  # shellcheck source=/dev/null
  source "$RUN_DIR/run.env"
}
# save_run_json NAME=VALUE...: the same as a JSON object in RUN_DIR/run.json, names in lower case.
save_run_json() {
  python3 -c 'import json, sys
pairs = [a.split("=", 1) for a in sys.argv[2:]]
json.dump({k.lower(): v for k, v in pairs}, open(sys.argv[1], "w"), indent=1)' "$RUN_DIR/run.json" "$@"
}

# --- process bookkeeping: only PIDs started here are ever signalled, and only until reaped ------

tracked=()
cleanup_hooks=()
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
# on_cleanup FUNCTION: runs FUNCTION when the script ends, after the tracked processes stopped.
on_cleanup() { cleanup_hooks+=("$1"); }
cleanup() {
  local rc=$? hook
  trap - EXIT INT TERM
  if ((${#tracked[@]})); then
    log "stopping ${#tracked[@]} process(es) this run started"
    stop_pids "${tracked[@]}"
  fi
  for hook in "${cleanup_hooks[@]}"; do "$hook" || true; done
  exit "$rc"
}
install_trap() {
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# --- ports -----------------------------------------------------------------------------------------

picked_ports=" "
# pick_port: sets PORT to a free port below the kernel's range for outgoing connections (so that
# no client socket can take it) and not picked before in this run.
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
# on a loaded machine each try can take a while); false at once if PID has gone.
wait_listening() {
  local pid=$1 port=$2 deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    ss -Hltnp "( sport = :$port )" 2>/dev/null | grep -q "pid=$pid," && return 0
    sleep 0.1
  done
  return 1
}

# start_listening WHAT LOG COMMAND ARGS...: up to three times, picks PORT and runs COMMAND ARGS
# (which starts one process that listens on $HOST:$PORT, tracks it and sets STARTED_PID), and
# returns once that process listens; a try that fails within 15 s is stopped. Dies after three,
# pointing at LOG.
start_listening() {
  local what=$1 logf=$2 attempt
  shift 2
  for ((attempt = 1; attempt <= 3; attempt++)); do
    pick_port
    "$@"
    wait_listening "$STARTED_PID" "$PORT" 15 && return 0
    log "$what did not listen on $HOST:$PORT (attempt $attempt); log: $logf"
    stop_pids "$STARTED_PID"
  done
  die "$what would not start three times running; see $logf."
}

# --- /proc readings --------------------------------------------------------------------------------

CLK_TCK=$(getconf CLK_TCK)
NPROC=$(nproc)
readonly CLK_TCK NPROC

# sum_ticks PID...: utime+stime of the processes (all threads, dead ones too), summed, in clock
# ticks; a process that has gone counts 0. proc_ticks PID: the same for one process; sys_ticks
# PID...: stime alone.
sum_ticks() { stat_ticks all "$@"; }
proc_ticks() { stat_ticks all "$1"; }
sys_ticks() { stat_ticks stime "$@"; }
stat_ticks() {
  local which=$1 t=0 p stat fields
  shift
  for p in "$@"; do
    read -r stat 2>/dev/null <"/proc/$p/stat" || continue
    # The fields after "(comm) ", which may hold spaces: utime and stime are the 12th and 13th.
    read -r -a fields <<<"${stat##*) }"
    t=$((t + fields[12]))
    [[ $which == stime ]] || t=$((t + fields[11]))
  done
  echo "$t"
}
# thread_ticks PATTERN_A PATTERN_B PID...: "a b", the utime+stime ticks of the threads of PIDs
# whose name matches the awk pattern PATTERN_A, and of those that match PATTERN_B instead.
thread_ticks() {
  local a=$1 b=$2 p
  shift 2
  for p in "$@"; do cat /proc/"$p"/task/*/stat 2>/dev/null || true; done | awk -v a="$a" -v b="$b" '
    { i = index($0, "("); match($0, /\) [A-Za-z] /)
      comm = substr($0, i + 1, RSTART - i - 1); split(substr($0, RSTART + 2), f, " ")
      t = f[12] + f[13]
      if (comm ~ a) ta += t; else if (comm ~ b) tb += t }
    END { print ta + 0, tb + 0 }'
}
# wait_ns PID...: nanoseconds the threads of PIDs spent ready to run but waiting for a core
# (the run delay of /proc/PID/task/*/schedstat), summed; threads that have ended are not counted.
wait_ns() {
  local p
  for p in "$@"; do cat /proc/"$p"/task/*/schedstat 2>/dev/null || true; done \
    | awk '{ t += $2 } END { printf "%.0f\n", t }'
}
# machine_ticks: "busy total" CPU ticks of the whole machine, all cores (/proc/stat).
machine_ticks() {
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}
rss_kb() { awk '/^VmRSS:/ {print $2; exit}' "/proc/$1/status" 2>/dev/null || echo 0; }
# heap_kb used|total PID: the used or the committed heap as `jcmd PID GC.heap_info` reports it,
# summed over the generations it lists ("total NK, used NK" on G1's one line, on the serial
# collector's young and tenured lines, on the parallel one's young and old), or "-".
heap_kb() {
  timeout 10 jcmd "$2" GC.heap_info 2>/dev/null \
    | awk -v w="$1" '/garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen/ {
             for (i = 1; i <= NF; i++) if ($i == w) { v = $(i + 1); sub(/K,?$/, "", v); sum += v; n++ } }
           END { if (n) print sum }' \
    | grep -E '^[0-9]+$' || echo -
}

# --- inputs: test media and the private jar --------------------------------------------------------

# The ingest and packager benchmarks' clip (~3 Mbit/s), made once by make_clip.
readonly CLIP_NAME=clip-720p30-2800k-aac128k-g60-20s.flv

# encode_test_media SECONDS FORMAT FILE LIMIT: SECONDS of testsrc2 1280x720 30 fps in x264 at
# 2800 kbit/s with a keyframe every 2 s, and a 440 Hz tone in AAC 128 kbit/s, as FORMAT into FILE,
# within LIMIT seconds; false if ffmpeg fails.
encode_test_media() {
  timeout "$4" ffmpeg -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -t "$1" -map 0:v -map 1:a \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p \
    -b:v 2800k -maxrate 3000k -bufsize 6000k -g 60 -keyint_min 60 -sc_threshold 0 \
    -c:a aac -b:a 128k -ac 2 -f "$2" "$3"
}
# make_clip FILE: encodes the 20 s clip into FILE unless it is there.
make_clip() {
  [[ -s $1 ]] && return 0
  log "encoding the 20 s clip once into $1"
  mkdir -p "$(dirname "$1")"
  encode_test_media 20 flv "$1.tmp.flv" 300 || die "ffmpeg could not encode the clip; is it built with libx264?"
  mv "$1.tmp.flv" "$1"
}

readonly BUILD_COMMAND="./mvnw -B -q -Dmaven.test.skip package -pl lab -am"
# start_publishers CLIP URL N DIR: N `ffmpeg -re -c copy` publishers looping CLIP to URL/s1 ...
# URL/sN, 50 ms apart (which spreads their start-up cost), their errors in DIR/pubI.err; sets
# PUBS to their PIDs, tracked.
start_publishers() {
  local clip=$1 url=$2 n=$3 dir=$4 i
  PUBS=()
  for ((i = 1; i <= n; i++)); do
    ffmpeg -hide_banner -nostdin -nostats -loglevel error -re -stream_loop -1 -i "$clip" \
      -c copy -f flv "$url/s$i" >/dev/null 2>"$dir/pub$i.err" &
    PUBS+=($!)
    track "$!"
    sleep 0.05
  done
}

# prepare_jar: sets JAR, a private copy in RUN_DIR (so that builds meanwhile change nothing), and
# jar_origin, where it came from: the --jar given, else a build of a snapshot of the working tree
# (unless --no-build), else lab/target/streaming-lab.jar as it is.
prepare_jar() {
  JAR="$RUN_DIR/streaming-lab.jar"
  OURS=(env "STREAMING_LAB_JAR=$JAR" "$REPO/bin/streaming-lab")
  if [[ -n $jar_arg ]]; then
    [[ -f $jar_arg ]] || die "no jar at $jar_arg; build one with $BUILD_COMMAND."
    cp "$jar_arg" "$JAR"
    jar_origin="given with --jar, built $(date -u -r "$jar_arg" '+%Y-%m-%d %H:%MZ')"
    return 0
  fi
  if ((build)); then
    # A snapshot of the working tree, so that others' edits and builds neither disturb this
    # build nor are disturbed by it.
    local snap="$RUN_DIR/src"
    mkdir -p "$snap"
    (cd "$REPO" && tar --exclude=./.git --exclude=./bench/.work --exclude='./*/target' \
      --exclude=./target -cf - .) | (cd "$snap" && tar -xf -)
    log "building the jar from a snapshot of the working tree (log: $RUN_DIR/build.log)"
    # shellcheck disable=SC2086 # the command is words on purpose
    if (cd "$snap" && timeout 600 $BUILD_COMMAND) >"$RUN_DIR/build.log" 2>&1 \
      && [[ -f $snap/lab/target/streaming-lab.jar ]]; then
      cp "$snap/lab/target/streaming-lab.jar" "$JAR"
      jar_origin="built from a snapshot of the working tree at $(date -u +%H:%MZ)"
      rm -rf "$snap"
      return 0
    fi
    rm -rf "$snap"
    log "the snapshot build failed (see $RUN_DIR/build.log); falling back to lab/target/streaming-lab.jar"
  fi
  local existing="$REPO/lab/target/streaming-lab.jar"
  [[ -f $existing ]] || die "no jar to benchmark: build one with $BUILD_COMMAND, or pass --jar."
  cp "$existing" "$JAR"
  jar_origin="copied from lab/target/streaming-lab.jar (built $(date -u -r "$existing" '+%Y-%m-%d %H:%MZ'))"
}

# --- running ours ---------------------------------------------------------------------------------

# "${OURS[@]}" ARGS...: runs `streaming-lab ARGS` on the private jar through bin/streaming-lab,
# so that a benchmark measures the JVM flags a user gets (STREAMING_LAB_JAVA_OPTS, if set in the
# benchmark's environment, replaces them there too). Set by prepare_jar. A simple command that
# execs all the way down to java: started with &, $! is the JVM's PID.
OURS=()
# ours_jvm_flags PID: the JVM flags of a running one of ours, as a section quotes them.
ours_jvm_flags() {
  local flags
  flags=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null \
    | awk 'NR > 1 && $0 == "-jar" { exit } NR > 1 { printf "%s%s", sep, $0; sep = " " }')
  if [[ -z ${STREAMING_LAB_JAVA_OPTS+set} ]]; then
    echo "the launcher's JVM flags (\`${flags}\`)"
  elif [[ -z $flags ]]; then
    echo "the JVM's default flags (STREAMING_LAB_JAVA_OPTS set and empty)"
  else
    echo "STREAMING_LAB_JAVA_OPTS=\`$flags\`"
  fi
}

# --- what a section says about the machine and the jar ---------------------------------------------

# machine_summary: "`nproc` = 2, CPU model, 24 GiB RAM, Linux 6.1.0-…".
machine_summary() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
  echo "\`nproc\` = $NPROC, $cpu, $mem GiB RAM, $(uname -sr)"
}
java_version() { java -version 2>&1 | head -n1; }
ffmpeg_version() { ffmpeg -version | awk 'NR == 1 { print $3 }'; }
nginx_version() { nginx -v 2>&1 | sed 's/^nginx version: //'; }
# jar_sha JAR: the first 12 hex digits of its SHA-256; jar_version JAR: what it says with --version.
jar_sha() { sha256sum "$1" | cut -c1-12; }
jar_version() { java -jar "$1" --version 2>/dev/null | head -n1 || echo "?"; }

# --- reports ---------------------------------------------------------------------------------------

# median: the median of the numbers on stdin, or "-" if there are none.
median() {
  sort -g | awk '{ a[NR] = $1 } END {
      if (NR == 0) { print "-"; exit }
      print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
# fmt DIGITS VALUE: VALUE with DIGITS decimals, "-" stays "-".
fmt() { [[ $2 == - ]] && echo - || printf "%.${1}f" "$2"; }
# ratio A B: A/B with two decimals, or "-".
ratio() { [[ $1 == - || $2 == - ]] && { echo -; return; }; awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# java_log_problems FILE...: the lines of our logs that matter to an operator: warnings, errors,
# stack traces. nginx_log_problems FILE...: nginx's warnings and errors.
java_log_problems() { cat "$@" 2>/dev/null | grep -E ' (WARN|ERROR) |Exception|^\s+at |^Caused by' || true; }
nginx_log_problems() { cat "$@" 2>/dev/null | grep -E '\[(warn|error|crit|alert|emerg)\]' || true; }

# section_preamble SCRIPT: the lines after a section's title: when it was measured (measured_at,
# quick) and the command that reproduces it (orig_args).
section_preamble() {
  echo "Measured $measured_at$( ((quick)) && echo ' — **quick sanity run, one repetition: do not quote**'). Reproduce with:"
  echo
  echo '```sh'
  echo "$1${orig_args[*]:+ ${orig_args[*]}}"
  echo '```'
  echo
}

# --- docs/benchmarks.md ----------------------------------------------------------------------------

# publish_section WHAT LABEL FILE NAME [ENCLOSING INTRO ORDER]: prints FILE, one benchmark's
# section, and writes it into docs/benchmarks.md with write_section unless write_docs is 0; the
# log calls it "the LABEL WHAT".
publish_section() {
  local what=$1 label=$2 file=$3
  shift 3
  cat "$file"
  if ((write_docs)); then
    write_section "$file" "$@"
    log "wrote the $label $what of $DOCS"
  else
    log "left $DOCS alone (--quick or --no-docs); the $what is in $file"
  fi
}

# write_section FILE NAME [ENCLOSING INTRO ORDER]: puts FILE, which begins with
# <!-- bench:NAME:start --> and ends with <!-- bench:NAME:end -->, into docs/benchmarks.md in
# place of the lines between those markers, or, the first time, after the rest (the file is
# made with its header if missing). A part of an enclosing section (ENCLOSING, whose opening
# lines after its start marker are INTRO) goes in that section, before the first of the parts
# named after it in ORDER (comma-separated); the enclosing section, if missing, goes after the
# last section of any benchmark. The file is read just before writing and replaced in one
# rename, so that concurrent writers of other sections lose nothing unless they write within
# the same instant.
write_section() {
  python3 - "$DOCS" "$@" <<'EOF'
import os, sys
docs, section_file, name = sys.argv[1:4]
enclosing, intro, order = (sys.argv[4:7] + ["", "", ""])[:3]
def marker(n, edge):
    return f"<!-- bench:{n}:{edge} -->"
start, end = marker(name, "start"), marker(name, "end")
block = open(section_file).read().rstrip("\n").split("\n")
if block[0] != start or block[-1] != end:
    sys.exit(f"{section_file} must begin with {start} and end with {end}.")
HEADER = """# Benchmarks

Benchmarks live in `bench/`, one directory each, and every one writes its own section of this
file together with the command that reproduces it. They are not tests: `.ci` does not run them
and nothing fails when a figure moves.

The machine they run on is shared and noisy, so each figure is the median of repeated runs, and
comparisons are quoted as ratios between servers measured alternately in the same invocation.
Absolute figures move from one run to the next; ratios move less.

"""
text = open(docs).read() if os.path.exists(docs) else HEADER
lines = text.split("\n")
outer_start, outer_end = marker(enclosing, "start"), marker(enclosing, "end")
if start in lines and end in lines:
    i, j = lines.index(start), lines.index(end)
    lines[i:j + 1] = block
elif enclosing and outer_start in lines and outer_end in lines:
    # Keep the parts in their order: before the first later part present, else at the end.
    names = order.split(",")
    later = [marker(p, "start") for p in names[names.index(name) + 1:]]
    j = next((lines.index(m) for m in later if m in lines), lines.index(outer_end))
    lines[j:j] = block + [""]
elif enclosing:
    # After the last section of any benchmark, else at the end.
    ends = [k for k, line in enumerate(lines)
            if line.startswith("<!-- bench:") and line.endswith(":end -->")]
    at = ends[-1] + 1 if ends else len(lines)
    new = ([""] if at > 0 and lines[at - 1] != "" else []) + [outer_start] \
        + intro.rstrip("\n").split("\n") + [""] + block + ["", outer_end]
    lines[at:at] = new
else:
    while lines and lines[-1] == "":
        lines.pop()
    lines += [""] + block + [""]
out = "\n".join(lines)
if not out.endswith("\n"):
    out += "\n"
os.makedirs(os.path.dirname(docs), exist_ok=True)
tmp = f"{docs}.tmp.{os.getpid()}"
with open(tmp, "w") as f:
    f.write(out)
os.replace(tmp, docs)
EOF
}
