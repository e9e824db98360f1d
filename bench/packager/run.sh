#!/usr/bin/env bash
# HLS packager benchmark, two parts:
#   CPU    our packager (`streaming-lab.jar packager`, one process per stream) against
#          `ffmpeg -c copy -f hls` (one process per stream), both reading the same streams from
#          one of our ingests fed by N `ffmpeg -re -c copy` publishers of a ~3 Mbit/s clip;
#   delay  how long after the frame that completes a segment the playlist names it, in `up`
#          (two packagers in-process) and for a packager alone reading up's ingest over RTMP
#          with its paced reads: from the lab's own histograms, and from outside through a
#          relay between the publisher and the ingest (bench/packager/delay_probe.py).
#
# One run:
#   1. reuses the ingest benchmark's clip (bench/.work/ingest/) or makes it the same way, and
#      takes a private copy of the jar;
#   2. CPU: for each N of the steps, starts one ingest and N publishers, then N consumers of
#      each kind side by side (with the first step, one idle one of each on a path nobody
#      publishes, for the fixed cost), waits for each one's first playlist and the warm-up, and
#      over REPS consecutive windows measures utime+stime of every consumer (/proc/PID/stat;
#      ours also per thread), checks that each kept listing segments and that one segment of
#      each kind probes as H.264 + AAC of about 2 s; then stops them;
#   3. delay: starts `up`, a packager alone reading its ingest, the relay and one publisher,
#      waits out the warm-up, scrapes both /metrics, waits the window, scrapes again, and reports
#      the histograms between the two scrapes and the relay's own measurements of the same
#      segments;
#   4. writes medians and ratios to its own section of docs/benchmarks.md; `--report DIR`
#      writes that section again from a finished run without measuring.
# Benchmarks are not tests: nothing in .ci runs this. Everything listens on 127.0.0.1 only.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
readonly WORK="$REPO/bench/.work/packager"
readonly PROBE="$BENCH_DIR/packager/delay_probe.py"

# The peer, exactly as the issue states it.
readonly HLS_FLAGS=(-c copy -f hls -hls_time 2 -hls_list_size 6
  -hls_flags delete_segments+program_date_time+independent_segments)
readonly AIM_RATIO=0.5            # ours/ffmpeg CPU per stream
# shellcheck disable=SC2034 # the aim as the issue states it; the section quotes it in words
readonly AIM_DELAY_MS=50          # frame that completes a segment -> playlist names it

# Ours runs with the JVM flags bin/streaming-lab gives a packager (keep the two in step).
readonly LAUNCHER_JAVA_OPTS="-XX:PerfDataSamplingInterval=1000 -XX:+UseSerialGC -Xms16m -Xmn12m -XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=10000"
java_opts=$LAUNCHER_JAVA_OPTS
readonly UP_JAVA_OPTS="-XX:PerfDataSamplingInterval=1000"   # and what it gives up
inproc=1
steps="1,4"
reps=3
warmup=900                        # the JIT settles after 10-15 min of a steady stream
window=60                         # CPU is read in 10 ms ticks: a long window keeps that error small
delay_warmup=8
delay_window=60
budget=2400                       # seconds for the CPU part; steps that do not fit are skipped

usage() {
  cat <<EOF
Usage: bench/packager/run.sh [options]

Compares the CPU our HLS packager needs per stream with ffmpeg's HLS muxer on the same input,
and measures how soon after a segment's last frame the playlist names it.

  --quick              about 2.5 minutes: N = 1,2, one repetition, 3 s warm-up, 8 s window,
                       20 s delay window; prints the section but leaves docs/benchmarks.md alone
  --steps LIST         numbers of streams, comma-separated (default $steps)
  --reps R             consecutive measured windows per N (default $reps; medians are reported)
  --warmup S           seconds after every consumer's first playlist before measuring (default $warmup)
  --window S           measured seconds of each CPU measurement (default $window)
  --delay-seconds S    measured seconds of the delay part, 0 to skip it (default $delay_window)
  --budget S           seconds allowed for the CPU part (default $budget)
  --java-opts "FLAGS"  JVM flags for our packagers (default: bin/streaming-lab's for a packager,
                       "$java_opts"; "" for the JVM's defaults)
  --no-inproc          skip the part that measures the packagers' threads inside \`up\`
$(common_usage 20 section bench/.work/packager/runs/ID)
EOF
}

quote_args "" --jar "$@"   # for the command quoted in the docs; a --jar path is shown as JAR
while (($#)); do
  case $1 in
    --quick) quick=1; steps="1,2"; reps=1; warmup=3; window=8; delay_warmup=5; delay_window=20
      budget=150 ;;
    --steps) steps=${2:?--steps needs a list such as 1,4}; shift ;;
    --reps) reps=${2:?--reps needs a number}; shift ;;
    --warmup) warmup=${2:?--warmup needs seconds}; shift ;;
    --window) window=${2:?--window needs seconds}; shift ;;
    --delay-seconds) delay_window=${2:?--delay-seconds needs seconds}; shift ;;
    --budget) budget=${2:?--budget needs seconds}; shift ;;
    --java-opts) java_opts=${2?--java-opts needs flags, or "" for none}; shift ;;
    --no-inproc) inproc=0 ;;
    *) common_option "$@"; shift "$OPT_EXTRA" ;;
  esac
  shift
done
need_positive reps warmup window budget
[[ $delay_window =~ ^[0-9]+$ ]] || die "--delay-seconds must be a whole number, not '$delay_window'."
((window >= 6)) || die "--window must be at least 6 s (three segments), not $window."
need_list --steps "$steps" 1,4
require_tools "ffmpeg, openjdk-17-jre-headless, python3, curl, iproute2" \
  ffmpeg ffprobe java python3 curl ss getconf sha256sum
IFS=, read -r -a ramp <<<"$steps"

open_run "$WORK/runs" cpu.tsv run.env
readonly RUN_DIR
readonly TSV="$RUN_DIR/cpu.tsv"
readonly IDLE_TSV="$RUN_DIR/idle.tsv"
readonly INPROC_TSV="$RUN_DIR/inproc.tsv"

install_trap

# --- inputs: the clip and a private jar --------------------------------------------------------

# The ingest benchmark's clip, made the same way when it is not there.
CLIP="$REPO/bench/.work/ingest/$CLIP_NAME"
[[ -s $CLIP ]] || CLIP="$WORK/$CLIP_NAME"
readonly CLIP
# --- measuring helpers -------------------------------------------------------------------------

# Our packager's threads, summed over PIDs: prints "event_loop_ticks jit_compiler_ticks".
# Run alone, a packager reads the RTMP play, remuxes and writes on its one Netty event loop.
packager_thread_ticks() { thread_ticks '^multiThreadIoEv' 'Compiler' "$@"; }
# The last media sequence number a playlist names, or -1.
last_sequence() {
  awk -F: '/^#EXT-X-MEDIA-SEQUENCE:/ { s = $2 } /^#EXTINF:/ { c++ } END { print (c ? s + c - 1 : -1) }' \
    "$1" 2>/dev/null || echo -1
}
# The newest segment a playlist names, as a path beside it.
newest_segment() {
  local name
  name=$(grep -v '^#' "$1" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n1 || true)
  [[ -n $name ]] && echo "$(dirname "$1")/$name"
}
# probe_segment FILE: "ok" or what is wrong, for a segment that should be ~2 s of H.264 + AAC.
probe_segment() {
  local out
  [[ -s $1 ]] || { echo "no segment"; return 0; }
  out=$(timeout 20 ffprobe -v error -show_entries stream=codec_type,codec_name:format=format_name,duration \
    -of default=nw=1 "$1" 2>&1) || { echo "ffprobe failed: $(echo "$out" | head -n1)"; return 0; }
  awk -F= '
    /^codec_name=h264$/ { v = 1 } /^codec_name=aac$/ { a = 1 }
    /^format_name=/ { f = $2 } /^duration=/ { d = $2 + 0 }
    END {
      r = ""
      if (f != "mpegts") r = r "format " f ";"
      if (!v) r = r "no H.264 video;"
      if (!a) r = r "no AAC audio;"
      if (d < 1.5 || d > 2.6) r = r sprintf("duration %.2f s;", d)
      print (r == "" ? sprintf("ok (mpegts, h264+aac, %.2f s)", d) : r) }' <<<"$out"
}
log_problems() { # log_problems ours|ffmpeg FILE...
  local kind=$1; shift
  if [[ $kind == ours ]]; then
    java_log_problems "$@"
  else
    cat "$@" 2>/dev/null | grep -v '^\s*$' || true   # ffmpeg runs with -loglevel error
  fi
}

# --- the CPU part ------------------------------------------------------------------------------

INGEST_PID="" INGEST_PORT="" PUBS=()
start_ingest() { # DIR, on $PORT: sets STARTED_PID
  java -jar "$JAR" ingest --host "$HOST" --rtmp-port "$PORT" --metrics-port 0 \
    >"$1/ingest.out" 2>"$1/ingest.log" &
  STARTED_PID=$!
  track "$STARTED_PID"
}
start_ingest_and_publishers() { # N DIR
  local n=$1 dir=$2 i up deadline
  start_listening "the ingest" "$dir/ingest.log" start_ingest "$dir"
  INGEST_PID=$STARTED_PID
  INGEST_PORT=$PORT
  start_publishers "$CLIP" "rtmp://$HOST:$INGEST_PORT/live" "$n" "$dir"
  deadline=$((SECONDS + 20))
  while ((SECONDS < deadline)); do
    up=$(grep -c "Publish started on 'live/s" "$dir/ingest.log" 2>/dev/null || true)
    ((up >= n)) && return 0
    sleep 0.2
  done
  die "only ${up:-0} of $n publishers started publishing within 20 s; see $dir/ingest.log and $dir/pub*.err."
}

# start_consumer ours|ffmpeg PATH OUTDIR LOG: sets CONSUMER_PID.
start_consumer() {
  local kind=$1 path=$2 out=$3 logf=$4
  mkdir -p "$out"
  if [[ $kind == ours ]]; then
    # shellcheck disable=SC2086 # the flags are words
    java $java_opts -jar "$JAR" packager --name bench --source "rtmp://$HOST:$INGEST_PORT/$path" --out "$out" \
      --metrics-port 0 >/dev/null 2>"$logf" &
  else
    ffmpeg -hide_banner -nostdin -nostats -loglevel error -i "rtmp://$HOST:$INGEST_PORT/$path" \
      "${HLS_FLAGS[@]}" "$out/index.m3u8" >/dev/null 2>"$logf" &
  fi
  CONSUMER_PID=$!
  track "$CONSUMER_PID"
}

# start_consumers KIND N DIR PIDS_VAR: N consumers of KIND reading live/s1..sN into DIR/KIND-outI.
start_consumers() {
  local kind=$1 n=$2 dir=$3 i
  local -n into=$4
  for ((i = 1; i <= n; i++)); do
    start_consumer "$kind" "live/s$i" "$dir/$kind-out$i" "$dir/$kind-c$i.log"
    into+=("$CONSUMER_PID")
    sleep 0.03
  done
}

# measure_step N: N of our packagers and N ffmpegs read the same N streams side by side, so that
# both kinds run under the same conditions in the same windows; the first step also runs one of
# each on a path nobody publishes (the fixed cost of a process). After each consumer's first
# playlist and the warm-up, REPS consecutive windows each append one row per kind to $TSV.
measure_step() {
  local n=$1
  local dir="$RUN_DIR/cpu-n$n" idle_dir="$RUN_DIR/idle" kind i rep
  local ours=() ffmpeg=() idle_ours="" idle_ffmpeg=""
  start_consumers ours "$n" "$dir" ours
  start_consumers ffmpeg "$n" "$dir" ffmpeg
  if [[ ! -s $IDLE_TSV || $(wc -l <"$IDLE_TSV") -lt 2 ]]; then
    mkdir -p "$idle_dir"
    start_consumer ours live/idle "$idle_dir/out-ours" "$idle_dir/ours.log"; idle_ours=$CONSUMER_PID
    start_consumer ffmpeg live/idle "$idle_dir/out-ffmpeg" "$idle_dir/ffmpeg.log"; idle_ffmpeg=$CONSUMER_PID
  fi

  # Start-up: CPU of each consumer until its first playlist (ours joins at the next 2 s boundary
  # and then writes a whole segment; ffmpeg starts with the GOP the ingest hands it).
  local -A startup=() listed=()
  for kind in ours ffmpeg; do
    local -n pids=$kind
    local first=() count=0 deadline=$((SECONDS + 25))
    for ((i = 0; i < n; i++)); do first+=(-1); done
    while ((SECONDS < deadline && count < n)); do
      for ((i = 0; i < n; i++)); do
        if ((first[i] < 0)) && [[ -s $dir/$kind-out$((i + 1))/index.m3u8 ]]; then
          first[i]=$(proc_ticks "${pids[i]}")
          count=$((count + 1))
        fi
      done
      sleep 0.1
    done
    listed[$kind]=$count
    startup[$kind]=$(printf '%s\n' "${first[@]}" | awk -v hz="$CLK_TCK" '$1 >= 0 { s += $1; c++ } END { printf "%.2f", c ? s / c / hz : -1 }')
    unset -n pids
  done
  log "N=$n: every consumer listed a segment; ${warmup}s warm-up, then $reps window(s) of ${window}s"
  sleep "$warmup"

  for ((rep = 1; rep <= reps; rep++)); do
    local t0 t1 i0 i1 p0 p1 m0 m1 th0 th1
    local -A c0=() c1=() seq0=() seq1=()
    local idle0_ours=0 idle0_ffmpeg=0
    t0=$EPOCHREALTIME; i0=$(proc_ticks "$INGEST_PID"); p0=$(sum_ticks "${PUBS[@]}"); m0=$(machine_ticks)
    c0[ours]=$(sum_ticks "${ours[@]}"); c0[ffmpeg]=$(sum_ticks "${ffmpeg[@]}")
    th0=$(packager_thread_ticks "${ours[@]}")
    [[ -n $idle_ours ]] && { idle0_ours=$(proc_ticks "$idle_ours"); idle0_ffmpeg=$(proc_ticks "$idle_ffmpeg"); }
    for kind in ours ffmpeg; do
      for ((i = 1; i <= n; i++)); do seq0[$kind$i]=$(last_sequence "$dir/$kind-out$i/index.m3u8"); done
    done
    sleep "$window"
    t1=$EPOCHREALTIME; i1=$(proc_ticks "$INGEST_PID"); p1=$(sum_ticks "${PUBS[@]}"); m1=$(machine_ticks)
    c1[ours]=$(sum_ticks "${ours[@]}"); c1[ffmpeg]=$(sum_ticks "${ffmpeg[@]}")
    th1=$(packager_thread_ticks "${ours[@]}")
    for kind in ours ffmpeg; do
      for ((i = 1; i <= n; i++)); do seq1[$kind$i]=$(last_sequence "$dir/$kind-out$i/index.m3u8"); done
    done
    if [[ -n $idle_ours ]]; then
      record_idle ours "$idle_ours" "$idle0_ours" "$t0" "$t1"
      record_idle ffmpeg "$idle_ffmpeg" "$idle0_ffmpeg" "$t0" "$t1"
      cp "$idle_dir/ours.log" "$idle_dir/ours.window.log" 2>/dev/null || true
      stop_pids "$idle_ours" "$idle_ffmpeg"
      idle_ours="" idle_ffmpeg=""
      log "idle: $(awk -F'\t' 'NR > 1 { printf "%s %s%% CPU, %s MiB, %s CPU s from launch to the window; ", $1, $2, $3, $4 }' "$IDLE_TSV")"
    fi

    local pub_alive=0 p
    for p in "${PUBS[@]}"; do kill -0 "$p" 2>/dev/null && pub_alive=$((pub_alive + 1)); done
    for kind in ours ffmpeg; do
      local -n pids=$kind
      local other=ffmpeg; [[ $kind == ffmpeg ]] && other=ours
      local rss=0 alive=0
      for p in "${pids[@]}"; do
        kill -0 "$p" 2>/dev/null && alive=$((alive + 1))
        rss=$((rss + $(rss_kb "$p")))
      done
      local sample verify
      sample=$(newest_segment "$dir/$kind-out1/index.m3u8" || true)
      if [[ -n $sample ]] && cp "$sample" "$dir/$kind-sample.ts" 2>/dev/null; then
        verify=$(probe_segment "$dir/$kind-sample.ts")
      else
        verify="no segment to probe"
      fi
      for ((i = 1; i <= n; i++)); do cp "$dir/$kind-c$i.log" "$dir/$kind-c$i.window.log" 2>/dev/null || true; done
      local min_new=999 s sum_new=0
      for ((i = 1; i <= n; i++)); do
        s=$((seq1[$kind$i] - seq0[$kind$i]))
        ((seq0[$kind$i] < 0 || seq1[$kind$i] < 0)) && s=0
        ((s < min_new)) && min_new=$s
        sum_new=$((sum_new + s))
      done
      local mean_new row
      mean_new=$(awk -v s="$sum_new" -v n="$n" 'BEGIN { printf "%.1f", s / n }')
      row=$(awk -v t0="$t0" -v t1="$t1" -v c0="${c0[$kind]}" -v c1="${c1[$kind]}" \
        -v oc0="${c0[$other]}" -v oc1="${c1[$other]}" -v i0="$i0" -v i1="$i1" \
        -v p0="$p0" -v p1="$p1" -v mb0="${m0% *}" -v mt0="${m0#* }" -v mb1="${m1% *}" -v mt1="${m1#* }" \
        -v pk0="${th0% *}" -v rt0="${th0#* }" -v pk1="${th1% *}" -v rt1="${th1#* }" -v kind="$kind" \
        -v hz="$CLK_TCK" -v n="$n" -v np="$NPROC" -v rss="$rss" 'BEGIN {
          w = t1 - t0; f = 100 / hz / w
          c = (c1 - c0) * f; oc = (oc1 - oc0) * f; ing = (i1 - i0) * f; pub = (p1 - p0) * f
          m = mt1 > mt0 ? (mb1 - mb0) / (mt1 - mt0) * 100 * np : 0
          o = m - c - oc - ing - pub; if (o < 0) o = 0
          if (kind == "ours") {
            pk = (pk1 - pk0) * f / n; rt = (rt1 - rt0) * f / n; jv = c / n - pk - rt; if (jv < 0) jv = 0
            th = sprintf("%.3f\t%.3f\t%.3f", pk, rt, jv)
          } else th = "-\t-\t-"
          printf "%.2f\t%.3f\t%.1f\t%s\t%.2f\t%.2f\t%.1f\t%.1f", c, c / n, rss / 1024 / n, th, ing, pub, m, o }')

      local reasons=()
      ((alive == n)) || reasons+=("$((n - alive)) consumer(s) exited")
      ((pub_alive == n)) || reasons+=("$((n - pub_alive)) publisher(s) exited")
      ((listed[$kind] == n)) || reasons+=("$((n - listed[$kind])) consumer(s) wrote no playlist within 25 s")
      local need=$((window / 2 - 1))
      ((min_new >= need)) || reasons+=("a consumer listed $min_new segment(s) in the window, fewer than $need")
      [[ $verify == ok* ]] || reasons+=("segment check: $verify")
      local problems pass=1 why="-" cpu
      problems=$(log_problems "$kind" "$dir"/"$kind"-c*.window.log | wc -l)
      if ((${#reasons[@]})); then pass=0; why=$(IFS=';'; echo "${reasons[*]}"); fi
      IFS=$'\t' read -r cpu _ <<<"$row"
      # kind n rep cpu per_stream rss_per_proc event_loop jit_compilers jvm_rest ingest publishers
      # machine other | startup_s segments_per_stream verify problems pass reasons
      # launch_to_window_s
      printf '%s\t%d\t%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n' "$kind" "$n" "$rep" "$row" "${startup[$kind]}" \
        "$mean_new" "$verify" "$problems" "$pass" "$why" \
        "$(awk -v c="${c0[$kind]}" -v n="$n" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", c / n / hz }')" >>"$TSV"
      log "$(printf '%-6s N=%d window %d: CPU %s%% for %d stream(s), start-up %s CPU s/process, %s segments/stream in %ss, %s, log problems %d: %s' \
        "$kind" "$n" "$rep" "$cpu" "$n" "${startup[$kind]}" "$mean_new" "$window" "$verify" "$problems" \
        "$( ((pass)) && echo ok || echo "FAILED ($why)")")"
      unset -n pids
    done
  done
  stop_pids "${ours[@]}" "${ffmpeg[@]}"
  rm -rf "$dir"/*-out*   # the segments are bulky; one sample of each kind stays
}

# record_idle KIND PID TICKS_AT_T0 T0 T1: one row of $IDLE_TSV.
record_idle() {
  local alive=1
  kill -0 "$2" 2>/dev/null || alive=0
  awk -v k="$1" -v a="$alive" -v s0="$3" -v s1="$(proc_ticks "$2")" -v t0="$4" -v t1="$5" \
    -v hz="$CLK_TCK" -v rss="$(rss_kb "$2")" 'BEGIN {
      printf "%s\t%.2f\t%.1f\t%.2f\t%d\n", k, (s1 - s0) / hz / (t1 - t0) * 100, rss / 1024, s0 / hz, a }' >>"$IDLE_TSV"
}

run_cpu() {
  printf 'kind\tn\trep\tcpu_pct\tcpu_pct_per_stream\trss_mib_per_process\tevent_loop_thread_pct\tjit_compiler_pct\tjvm_rest_pct\tingest_cpu_pct\tpublishers_cpu_pct\tmachine_busy_pct\tother_cpu_pct\tstartup_cpu_s\tsegments_per_stream\tverify\tlog_problems\tpass\treasons\tlaunch_to_window_cpu_s\n' >"$TSV"
  printf 'kind\tcpu_pct\trss_mib\tcpu_s_launch_to_window\talive\n' >"$IDLE_TSV"
  local start=$SECONDS n cost step_dir
  cpu_skipped=""
  log "CPU: steps ${ramp[*]}, both kinds side by side, ${warmup}s warm-up, $reps window(s) of ${window}s, budget ${budget}s; results in $RUN_DIR"
  for n in "${ramp[@]}"; do
    cost=$((warmup + reps * (window + 2) + 20 + n))
    if ((SECONDS - start + cost > budget)); then
      cpu_skipped="N=$n and above skipped: ~${cost}s would not fit the ${budget}s budget"
      log "skipping N=$n and above: it would take ~${cost}s and the budget has $((budget - SECONDS + start))s left"
      break
    fi
    step_dir="$RUN_DIR/cpu-n$n"
    mkdir -p "$step_dir"
    start_ingest_and_publishers "$n" "$step_dir"
    sleep 2   # every publisher past its first keyframe
    measure_step "$n"
    cp "$step_dir/ingest.log" "$step_dir/ingest.window.log" 2>/dev/null || true
    stop_pids "${PUBS[@]}"
    stop_pids "$INGEST_PID"
  done
  cpu_seconds=$((SECONDS - start))
}

# --- the delay part ----------------------------------------------------------------------------

# Sleeps until the middle of the current 2 s segment, by the playlist's EXT-X-PROGRAM-DATE-TIME.
sleep_to_mid_segment() {
  local pdt ms now_ms wait
  pdt=$(grep -m1 '^#EXT-X-PROGRAM-DATE-TIME:' "$1" | cut -d: -f2-)
  ms=$(date -d "$pdt" +%s%3N 2>/dev/null) || return 0
  now_ms=$(date +%s%3N)
  wait=$(( ((1000 - (now_ms - ms) % 2000) % 2000 + 2000) % 2000 ))
  sleep "$(awk -v w="$wait" 'BEGIN { printf "%.3f", w / 1000 }')"
}

# --- the in-process part -----------------------------------------------------------------------

# What a packager costs inside `up`, where most users run it: the CPU of its own thread, which
# segments, muxes and writes (the ingest decodes the RTMP once for every reader and hands each
# frame over), beside one `ffmpeg -f hls` reading the same stream from up's ingest; REPS windows
# after the warm-up. Appends rows "rep primary_pct backup_pct ffmpeg_pct up_pct" to inproc.tsv.
run_inproc() {
  local dir="$RUN_DIR/inproc" rtmp http primary backup up_pid pub_pid ff_pid rep i
  mkdir -p "$dir/ffmpeg-out"
  pick_port; rtmp=$PORT; pick_port; http=$PORT; pick_port; primary=$PORT; pick_port; backup=$PORT
  # shellcheck disable=SC2086 # the flags are words
  java $UP_JAVA_OPTS -jar "$JAR" up --rtmp-port "$rtmp" --http-port "$http" --primary-port "$primary" \
    --backup-port "$backup" --data-dir "$dir/data" --stream mystream --no-publisher \
    >"$dir/up.out" 2>"$dir/up.log" &
  up_pid=$!
  track "$up_pid"
  wait_listening "$up_pid" "$rtmp" 30 || die "up did not listen on $HOST:$rtmp within 30 s; see $dir/up.log."
  ffmpeg -hide_banner -nostdin -nostats -loglevel error -re -stream_loop -1 -i "$CLIP" \
    -c copy -f flv "rtmp://$HOST:$rtmp/mystream" >/dev/null 2>"$dir/pub.err" &
  pub_pid=$!
  track "$pub_pid"
  for ((i = 0; i < 200; i++)); do
    [[ -s $dir/data/hls_primary/index.m3u8 ]] && break
    sleep 0.1
  done
  [[ -s $dir/data/hls_primary/index.m3u8 ]] || die "up listed no segment within 20 s of the publisher starting; see $dir/up.log."
  ffmpeg -hide_banner -nostdin -nostats -loglevel error -i "rtmp://$HOST:$rtmp/mystream" \
    "${HLS_FLAGS[@]}" "$dir/ffmpeg-out/index.m3u8" >/dev/null 2>"$dir/ffmpeg.log" &
  ff_pid=$!
  track "$ff_pid"
  log "in up: ${warmup}s warm-up, then $reps window(s) of ${window}s"
  sleep "$warmup"
  printf 'rep\tprimary_thread_pct\tbackup_thread_pct\tffmpeg_pct\tup_pct\n' >"$INPROC_TSV"
  for ((rep = 1; rep <= reps; rep++)); do
    local t0 t1 th0 th1 f0 f1 u0 u1
    t0=$EPOCHREALTIME; th0=$(thread_ticks '^packager-primar' '^packager-backup' "$up_pid")
    f0=$(proc_ticks "$ff_pid"); u0=$(proc_ticks "$up_pid")
    sleep "$window"
    t1=$EPOCHREALTIME; th1=$(thread_ticks '^packager-primar' '^packager-backup' "$up_pid")
    f1=$(proc_ticks "$ff_pid"); u1=$(proc_ticks "$up_pid")
    awk -v r="$rep" -v t0="$t0" -v t1="$t1" -v a0="${th0% *}" -v b0="${th0#* }" -v a1="${th1% *}" \
      -v b1="${th1#* }" -v f0="$f0" -v f1="$f1" -v u0="$u0" -v u1="$u1" -v hz="$CLK_TCK" 'BEGIN {
        g = 100 / hz / (t1 - t0)
        printf "%d\t%.3f\t%.3f\t%.3f\t%.2f\n", r, (a1 - a0) * g, (b1 - b0) * g, (f1 - f0) * g, (u1 - u0) * g }' \
      >>"$INPROC_TSV"
  done
  kill -0 "$ff_pid" 2>/dev/null || die "ffmpeg reading up's ingest exited; see $dir/ffmpeg.log."
  cp "$dir/up.log" "$dir/up.window.log"
  stop_pids "$ff_pid" "$pub_pid" "$up_pid"
  rm -rf "$dir/data" "$dir/ffmpeg-out"
  log "in up: $(awk -F'\t' 'NR > 1 { printf "window %s: threads %s%% and %s%%, ffmpeg %s%%; ", $1, $2, $3, $4 }' "$INPROC_TSV")"
}

# scrape_delays FILE PORT...: the /metrics of each port, one after the other, into FILE.
scrape_delays() {
  local file=$1 port
  shift
  : >"$file"
  for port in "$@"; do
    curl -sf --max-time 5 "http://$HOST:$port/metrics" >>"$file" || die "no /metrics on :$port."
  done
}

run_delay() {
  local dir="$RUN_DIR/delay"
  mkdir -p "$dir"
  local rtmp http primary backup relay alone_metrics up_pid alone_pid probe_pid pub_pid i
  pick_port; rtmp=$PORT; pick_port; http=$PORT; pick_port; primary=$PORT; pick_port; backup=$PORT
  pick_port; relay=$PORT; pick_port; alone_metrics=$PORT
  java -jar "$JAR" up --rtmp-port "$rtmp" --http-port "$http" --primary-port "$primary" \
    --backup-port "$backup" --data-dir "$dir/data" --stream mystream --no-publisher \
    >"$dir/up.out" 2>"$dir/up.log" &
  up_pid=$!
  track "$up_pid"
  if ! { wait_listening "$up_pid" "$rtmp" 20 && wait_listening "$up_pid" "$http" 10; }; then
    die "up did not listen on $HOST:$rtmp and :$http within 30 s; see $dir/up.log."
  fi
  # A packager alone, as the CPU part runs ours: over RTMP from up's ingest, reads paced.
  # shellcheck disable=SC2086 # the flags are words
  java $java_opts -jar "$JAR" packager --name alone --source "rtmp://$HOST:$rtmp/mystream" \
    --out "$dir/data/alone" --metrics-port "$alone_metrics" >"$dir/alone.out" 2>"$dir/alone.log" &
  alone_pid=$!
  track "$alone_pid"
  wait_listening "$alone_pid" "$alone_metrics" 20 || die "the packager alone did not serve /metrics on :$alone_metrics within 20 s; see $dir/alone.log."
  python3 "$PROBE" probe --listen "$relay" --upstream "$rtmp" \
    --playlist "primary=$dir/data/hls_primary/index.m3u8" \
    --playlist "backup=$dir/data/hls_backup/index.m3u8" \
    --playlist "alone=$dir/data/alone/index.m3u8" \
    --out "$dir" --max-seconds $((delay_warmup + delay_window + 90)) >"$dir/probe.out" 2>"$dir/probe.err" &
  probe_pid=$!
  track "$probe_pid"
  wait_listening "$probe_pid" "$relay" 10 || die "the relay did not listen on $HOST:$relay; see $dir/probe.err."
  ffmpeg -hide_banner -nostdin -nostats -loglevel error -re -stream_loop -1 -i "$CLIP" \
    -c copy -f flv "rtmp://$HOST:$relay/mystream" >/dev/null 2>"$dir/pub.err" &
  pub_pid=$!
  track "$pub_pid"
  for ((i = 0; i < 200; i++)); do
    [[ -s $dir/data/hls_primary/index.m3u8 && -s $dir/data/hls_backup/index.m3u8 && -s $dir/data/alone/index.m3u8 ]] && break
    sleep 0.1
  done
  [[ -s $dir/data/hls_primary/index.m3u8 ]] || die "up listed no segment within 20 s of the publisher starting; see $dir/up.log."
  sleep "$delay_warmup"
  # The scrapes fall in the middle of a segment, between two listings, and the window is whole
  # segments, so that the histogram and the relay count the same segments.
  sleep_to_mid_segment "$dir/data/hls_primary/index.m3u8"
  local t0 t1 u0 u1 m0 m1 q0 q1
  scrape_delays "$dir/metrics0.txt" "$http" "$alone_metrics"
  t0=$(date +%s%N); u0=$(proc_ticks "$up_pid"); q0=$(proc_ticks "$probe_pid"); m0=$(machine_ticks)
  sleep $(((delay_window + 1) / 2 * 2))
  scrape_delays "$dir/metrics1.txt" "$http" "$alone_metrics"
  t1=$(date +%s%N); u1=$(proc_ticks "$up_pid"); q1=$(proc_ticks "$probe_pid"); m1=$(machine_ticks)
  local pub_ok=1
  kill -0 "$pub_pid" 2>/dev/null || pub_ok=0
  cp "$dir/up.log" "$dir/up.window.log"
  cp "$dir/alone.log" "$dir/alone.window.log"
  stop_pids "$pub_pid"
  stop_pids "$probe_pid"
  stop_pids "$alone_pid" "$up_pid"
  rm -rf "$dir/data"
  python3 "$PROBE" report --dir "$dir" --metrics0 "$dir/metrics0.txt" --metrics1 "$dir/metrics1.txt" \
    --t0 "$t0" --t1 "$t1" >"$dir/summary.tsv"
  awk -v t0="$t0" -v t1="$t1" -v u0="$u0" -v u1="$u1" -v q0="$q0" -v q1="$q1" \
    -v mb0="${m0% *}" -v mt0="${m0#* }" -v mb1="${m1% *}" -v mt1="${m1#* }" -v hz="$CLK_TCK" \
    -v np="$NPROC" -v pub="$pub_ok" 'BEGIN {
      w = (t1 - t0) / 1e9
      printf "window_s\t%.1f\nup_cpu_pct\t%.1f\nrelay_cpu_pct\t%.1f\nmachine_busy_pct\t%.0f\npublisher_ok\t%d\n",
        w, (u1 - u0) / hz / w * 100, (q1 - q0) / hz / w * 100, (mb1 - mb0) / (mt1 - mt0) * 100 * np, pub }' \
    >"$dir/conditions.tsv"
  log "delay: $(tr '\n' ' ' <"$dir/conditions.tsv")"
  cat "$dir/summary.tsv" >&2
}

if [[ -n $report_dir ]]; then
  load_run_env
else
  make_clip "$CLIP"
  prepare_jar
  run_cpu
  ((inproc)) && run_inproc
  if ((delay_window > 0)); then run_delay; fi
  measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')
  save_run_env ramp reps warmup window java_opts inproc delay_warmup delay_window quick orig_args jar_origin \
    measured_at cpu_seconds cpu_skipped budget
fi
settle_write_docs
JAR="$RUN_DIR/streaming-lab.jar"

# --- the report --------------------------------------------------------------------------------

# cell KIND N COLUMN: median over the passing repetitions, or "-".
cell() {
  awk -F'\t' -v k="$1" -v n="$2" -v c="$3" 'NR > 1 && $1 == k && $2 == n && $18 == 1 && $c != "-" { print $c }' "$TSV" \
    | median
}
runs() {
  local all ok
  all=$(awk -F'\t' -v k="$1" -v n="$2" 'NR > 1 && $1 == k && $2 == n' "$TSV" | wc -l)
  ok=$(awk -F'\t' -v k="$1" -v n="$2" 'NR > 1 && $1 == k && $2 == n && $18 == 1' "$TSV" | wc -l)
  echo "$ok/$all"
}
idle() { awk -F'\t' -v k="$1" -v c="$2" '$1 == k { print $c }' "$IDLE_TSV" 2>/dev/null | head -n1; }
# launched KIND N: CPU s per process from launch to the first window, or "-".
launched() { awk -F'\t' -v k="$1" -v n="$2" 'NR > 1 && $1 == k && $2 == n && $3 == 1 && $20 != "" { print $20 }' "$TSV" | median; }
summary() { awk -F'\t' -v k="$1" -v p="$2" -v c="$3" '$1 == k && $2 == p { print $c }' "$RUN_DIR/delay/summary.tsv" 2>/dev/null | head -n1; }
condition() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$RUN_DIR/delay/conditions.tsv" 2>/dev/null; }

java_version=$(java_version)
ffmpeg_version=$(ffmpeg_version)
jar_sha=$(jar_sha "$JAR")
lab_version=$(jar_version "$JAR")
clip_rate=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$CLIP" | awk '{ printf "%.2f", $1 / 1e6 }')
fs_type=$(findmnt -n -o FSTYPE --target "$RUN_DIR" 2>/dev/null || echo "?")
n_lo=${ramp[0]} n_hi=${ramp[-1]}

if [[ -z $java_opts ]]; then
  flags_text="none (the JVM's defaults)"
elif [[ $java_opts == "$LAUNCHER_JAVA_OPTS" ]]; then
  flags_text="\`$java_opts\` (those \`bin/streaming-lab packager\` gives it)"
else
  flags_text="\`$java_opts\`"
fi

section="$RUN_DIR/section.md"
{
  echo "<!-- bench:packager:start -->"
  echo "## HLS packager: ours against \`ffmpeg -f hls\`, and the time to list a segment"
  echo
  section_preamble bench/packager/run.sh
  echo "- Machine: $(machine_summary), output on $fs_type."
  echo "  Shared: the ingest, the publishers and the packagers all run on the same two cores, and so"
  echo "  did other engineers' builds (\"other\" below)."
  echo "- Ours: $lab_version, jar sha256 $jar_sha… ($jar_origin), $java_version,"
  echo "  JVM flags $flags_text. Peer: ffmpeg $ffmpeg_version."
  echo "- Input: the ingest benchmark's clip, 20 s of testsrc2 1280x720 30 fps, x264 2800 kbit/s"
  echo "  (keyframe every 2 s) + AAC 128 kbit/s = $clip_rate Mbit/s, looped by"
  echo "  \`ffmpeg -re -stream_loop -1 -i clip.flv -c copy -f flv rtmp://127.0.0.1:P/live/sN\`."
  echo
  echo "### CPU per stream"
  echo
  echo "Method: one of our ingests (\`ingest --rtmp-port P --metrics-port 0\`) with N publishers stays up"
  echo "for each N; against it, N packagers of each kind read \`live/s1..sN\` over RTMP side by side, at"
  echo "the same time, one process per stream, so that both kinds run under the same load in the same"
  echo "windows:"
  echo
  echo "- ours: \`java ${java_opts:+$java_opts }-jar streaming-lab.jar packager --name bench --source rtmp://127.0.0.1:P/live/sN --out DIR --metrics-port 0\`"
  echo "- ffmpeg: \`ffmpeg -i rtmp://127.0.0.1:P/live/sN ${HLS_FLAGS[*]} DIR/index.m3u8\`"
  echo
  echo "Both pay for the same work: an RTMP play, the remux to MPEG-TS, a playlist of 6, deleting old"
  echo "segments. CPU = utime+stime of each consumer process (/proc/PID/stat, all threads) over $reps"
  echo "consecutive ${window} s windows per N, the first ${warmup} s after every consumer's first playlist; medians of"
  echo "the windows that passed (every consumer alive, each listing at least $((window / 2 - 1)) new segments in"
  echo "the window, and the newest segment of stream 1 probing with ffprobe as MPEG-TS with H.264"
  echo "and AAC lasting 1.5–2.6 s). CPU % is of one core; the machine has $((NPROC * 100)) %."
  echo
  echo "| N | ours CPU % (all N) | ours %/stream | ours RSS MiB/process | ffmpeg CPU % (all N) | ffmpeg %/stream | ffmpeg RSS MiB/process | ours/ffmpeg per stream (aim ≤ $AIM_RATIO) | windows passed (ours, ffmpeg) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|:--|"
  for n in "${ramp[@]}"; do
    [[ $(runs ours "$n") == 0/0 && $(runs ffmpeg "$n") == 0/0 ]] && continue
    o=$(cell ours "$n" 5); f=$(cell ffmpeg "$n" 5); r=$(ratio "$o" "$f")
    [[ $r != - ]] && r="$r×$(awk -v r="$r" -v a="$AIM_RATIO" 'BEGIN { print (r <= a ? " (met)" : " (**not met**)") }')"
    echo "| $n | $(fmt 1 "$(cell ours "$n" 4)") | $(fmt 2 "$o") | $(fmt 0 "$(cell ours "$n" 6)") | $(fmt 1 "$(cell ffmpeg "$n" 4)") | $(fmt 2 "$f") | $(fmt 0 "$(cell ffmpeg "$n" 6)") | $r | $(runs ours "$n"), $(runs ffmpeg "$n") |"
  done
  echo
  if ((${#ramp[@]} > 1)); then
    so=$(awk -v a="$(cell ours "$n_lo" 4)" -v b="$(cell ours "$n_hi" 4)" -v l="$n_lo" -v h="$n_hi" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", (b - a) / (h - l) }')
    sf=$(awk -v a="$(cell ffmpeg "$n_lo" 4)" -v b="$(cell ffmpeg "$n_hi" 4)" -v l="$n_lo" -v h="$n_hi" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", (b - a) / (h - l) }')
    echo "- Slope from N = $n_lo to N = $n_hi (CPU % added per extra stream, each one a process): ours"
    echo "  **$so**, ffmpeg **$sf**, ours/ffmpeg **$(ratio "$so" "$sf")×**."
  fi
  echo "- The fixed cost of a process, from one of each playing a path nobody publishes, started with"
  echo "  N = $n_lo and measured over its first window: ours $(fmt 2 "$(idle ours 2)") % CPU and $(fmt 0 "$(idle ours 3)") MiB RSS, of which"
  echo "  start-up to the window took $(fmt 2 "$(idle ours 4)") CPU s; ffmpeg $(fmt 2 "$(idle ffmpeg 2)") % and $(fmt 0 "$(idle ffmpeg 3)") MiB. Start-up until the first"
  echo "  playlist, median CPU s per process: $(for n in "${ramp[@]}"; do printf 'N=%s ours %s / ffmpeg %s; ' "$n" "$(fmt 2 "$(cell ours "$n" 14)")" "$(fmt 2 "$(cell ffmpeg "$n" 14)")"; done | sed 's/; $//')."
  echo "  From launch to the first measured window (start-up, the JIT's warm-up and ${warmup} s of"
  echo "  streaming), CPU s per process: $(for n in "${ramp[@]}"; do printf 'N=%s ours %s / ffmpeg %s; ' "$n" "$(fmt 1 "$(launched ours "$n")")" "$(fmt 1 "$(launched ffmpeg "$n")")"; done | sed 's/; $//')."
  echo
  echo "Where our packager's CPU goes, per stream (threads of the process: its one Netty event loop"
  echo "reads and decodes the play, segments, muxes and writes; the JIT compilers; the rest is the"
  echo "JVM's: GC, VM threads, and threads that ended in the window):"
  echo
  echo "| N | event loop (RTMP, remux, writes) % | JIT compilers % | rest of the JVM % | ffmpeg %/stream, for scale |"
  echo "|---:|---:|---:|---:|---:|"
  for n in "${ramp[@]}"; do
    [[ $(runs ours "$n") == 0/0 ]] && continue
    echo "| $n | $(fmt 2 "$(cell ours "$n" 7)") | $(fmt 2 "$(cell ours "$n" 8)") | $(fmt 2 "$(cell ours "$n" 9)") | $(fmt 2 "$(cell ffmpeg "$n" 5)") |"
  done
  echo
  echo "Conditions (medians of the same windows; \"other\" is the machine's busy time less both kinds of"
  echo "consumer, the ingest and the publishers):"
  echo
  echo "| N | ingest CPU % | publishers' CPU % | machine busy % | other processes' CPU % | segments listed per stream in a window (ours / ffmpeg) |"
  echo "|---:|---:|---:|---:|---:|---:|"
  for n in "${ramp[@]}"; do
    [[ $(runs ours "$n") == 0/0 && $(runs ffmpeg "$n") == 0/0 ]] && continue
    echo "| $n | $(fmt 1 "$(cell ours "$n" 10)") | $(fmt 1 "$(cell ours "$n" 11)") | $(fmt 0 "$(cell ours "$n" 12)") | $(fmt 0 "$(cell ours "$n" 13)") | $(fmt 1 "$(cell ours "$n" 15)") / $(fmt 1 "$(cell ffmpeg "$n" 15)") |"
  done
  echo

  echo "- Segment checks: $(awk -F'\t' 'NR > 1 { c[$1 " " ($16 ~ /^ok/ ? "ok" : "bad")]++ } END { printf "ours %d ok, %d bad; ffmpeg %d ok, %d bad", c["ours ok"], c["ours bad"], c["ffmpeg ok"], c["ffmpeg bad"] }' "$TSV")"
  echo "  (e.g. $(awk -F'\t' 'NR > 1 && $1 == "ours" && $16 ~ /^ok/ { print "ours " $16; exit }' "$TSV"); $(awk -F'\t' 'NR > 1 && $1 == "ffmpeg" && $16 ~ /^ok/ { print "ffmpeg " $16; exit }' "$TSV"))."
  failures=$(awk -F'\t' 'NR > 1 && $18 == 0 { printf "  - %s, N=%s, window %s: %s\n", $1, $2, $3, $19 }' "$TSV")
  if [[ -n $failures ]]; then echo "- Failed windows (left out of the medians):"; echo "$failures"; fi
  [[ -n ${cpu_skipped:-} ]] && echo "- $cpu_skipped."
  ours_problems=$(awk -F'\t' 'NR > 1 && $1 == "ours" { t += $17 } END { print t + 0 }' "$TSV")
  ingest_problems=$(log_problems ours "$RUN_DIR"/cpu-n*/ingest.window.log | wc -l)
  ff_problems=$(awk -F'\t' 'NR > 1 && $1 == "ffmpeg" { t += $17 } END { print t + 0 }' "$TSV")
  echo "- Logs over the measurements (shutdown excluded): our packagers $ours_problems WARN/ERROR line(s), the"
  echo "  ingest $ingest_problems, ffmpeg $ff_problems error line(s)$( ((ours_problems + ingest_problems)) && echo "; up to 8 of ours:" || echo ".")"
  if ((ours_problems + ingest_problems)); then
    echo
    echo '```text'
    { for f in "$RUN_DIR"/cpu-n*/ours-c*.window.log; do
        [[ -f $f ]] && log_problems ours "$f" | sed "s|^|$(basename "$(dirname "$f")")/$(basename "$f" .window.log): |"
      done
      for f in "$RUN_DIR"/cpu-n*/ingest.window.log; do
        [[ -f $f ]] && log_problems ours "$f" | sed "s|^|$(basename "$(dirname "$f")")/ingest: |"
      done; } | head -n 8
    echo '```'
    echo
  fi
  echo "- The CPU part took $((cpu_seconds / 60)) min $((cpu_seconds % 60)) s. Limits: one process per stream"
  echo "  is how the \`packager\` command is deployed, so the JVM's fixed cost (its idle CPU, start-up JIT,"
  echo "  RSS) is counted once per stream here, while \`up\` runs its two packagers in one JVM without the"
  echo "  RTMP hop (each of its packagers has a thread of its own, fed by the ingest's hub). The windows"
  echo "  start ${warmup} s after the first playlist, so that what is measured is a packager that has"
  echo "  been running, not one still compiling (a JVM keeps compiling this light, steady load for"
  echo "  minutes: the JIT column shows what is left); the start-up cost is the separate figure above,"
  echo "  paid once by a packager that runs for days."
  echo "  The publishers and the ingest share the two cores with what is measured; CPU time is"
  echo "  charged to the process that spends it whatever the contention, but contention slows caches"
  echo "  and the JIT. ffmpeg writes its playlist through a temporary file and renames it, as ours does;"
  echo "  it writes segments as it muxes them (no \`temp_file\` flag), ours writes each whole and renames it."
  echo
  echo "### Inside \`up\`: what a packager's own thread costs"
  echo
  if [[ ! -s $INPROC_TSV ]]; then
    echo "Not measured in this run (\`--no-inproc\`)."
  else
    ip() { awk -F'\t' -v c="$1" 'NR > 1 { print $c }' "$INPROC_TSV" | median; }
    echo "Method: \`java $UP_JAVA_OPTS -jar streaming-lab.jar up --no-publisher ...\` (as"
    echo "\`bin/streaming-lab up\` starts it) with one publisher of the clip above, and beside it one"
    echo "\`ffmpeg ${HLS_FLAGS[*]}\` playing the same stream from up's ingest. After ${warmup} s,"
    echo "$reps windows of ${window} s: the CPU of each packager's own thread (\`packager-primary\`,"
    echo "\`packager-backup\`: segmenting, muxing, writing the segment and the playlist, deleting)"
    echo "against the whole ffmpeg process; medians."
    echo
    echo "| packager-primary thread % | packager-backup thread % | ffmpeg process % | thread/ffmpeg (primary, backup) | \`up\` process % (everything) |"
    echo "|---:|---:|---:|---:|---:|"
    echo "| $(fmt 2 "$(ip 2)") | $(fmt 2 "$(ip 3)") | $(fmt 2 "$(ip 4)") | $(ratio "$(ip 2)" "$(ip 4)")×, $(ratio "$(ip 3)" "$(ip 4)")× | $(fmt 1 "$(ip 5)") |"
    echo
    echo "This is not the same work, so it does not answer the aim above: the thread leaves out what"
    echo "\`up\` shares among its readers (the ingest decodes the RTMP once and hands each frame over"
    echo "on the publisher's thread) and the JVM's own cost (GC, JIT), which ffmpeg's process pays"
    echo "for itself. It is what a second packager adds to a lab that runs anyway. \`up\`'s whole"
    echo "process (ingest, two packagers, two origins, the switcher polling them, the publisher's"
    echo "decode) is given for scale; stopping one packager moved it by less than its window-to-window"
    echo "noise when tried by hand, which is why the thread is measured instead."
  fi
  echo
  echo "### Time from a segment's last frame to the playlist naming it"
  echo
  if [[ ! -f $RUN_DIR/delay/summary.tsv ]]; then
    echo "Not measured in this run (\`--delay-seconds 0\`)."
  else
    echo "Method: \`java -jar streaming-lab.jar up --rtmp-port P --http-port H --primary-port A --backup-port B"
    echo "--data-dir DIR --stream mystream --no-publisher\` (ingest and two packagers in one process) with one publisher,"
    echo "the same clip as above, pushed through a relay (\`bench/packager/delay_probe.py\`, on loopback)."
    echo "Beside it a packager alone (\`alone\`: \`java ${java_opts:+$java_opts }-jar streaming-lab.jar packager --name alone"
    echo "--source rtmp://127.0.0.1:P/mystream ...\`, as in the CPU part) plays the stream from up's ingest"
    echo "over RTMP with its paced reads: every 200 ms between keyframes, every message as it arrives"
    echo "from 50 ms before the next keyframe is due until it comes."
    echo "A packager can only know that a segment is complete when the keyframe that starts the next"
    echo "one arrives, so two delays are reported:"
    echo
    echo "- **keyframe → listed**: from the keyframe that completes segment k to index.m3u8 naming k."
    echo "  Inside, \`packager_publish_delay_seconds{packager}\` measures it from the frame reaching the"
    echo "  packager (the ingest has decoded it and the hub handed it over) to the renamed playlist:"
    echo "  queueing on the packager's thread, finishing the segment, writing it and writing and renaming"
    echo "  the playlist (for \`alone\`, from the frame being read, after any wait in its socket, which"
    echo "  only the outside figures include). Outside, the relay brackets it: an *upper bound* from"
    echo "  just before the send that"
    echo "  handed the keyframe's last byte to the ingest's socket to the moment its own stat loop (every"
    echo "  ~1 ms, later when descheduled) saw the new playlist; a *lower bound* from just after that"
    echo "  send returned to the playlist's mtime (stamped before the rename, at the kernel's timer-tick"
    echo "  granularity: 4 ms steps here, so it can come out slightly negative)."
    echo "- **last frame → listed** (outside only, upper bound): from the send of the audio or video"
    echo "  message that reached the ingest just before that keyframe (the last frame of segment k as it"
    echo "  arrived) to the stat loop seeing the playlist. It adds the gap between that frame and the"
    echo "  keyframe, which the publisher's pacing sets (\`-re\` interleaves 21 ms audio and 33 ms video"
    echo "  frames); no packager can list a segment before the next keyframe shows that it has ended."
    echo
    echo "Histogram over a $(condition window_s) s window, after ${delay_warmup} s of warm-up (quantiles interpolated inside"
    echo "the buckets 1, 2.5, 5, 10, 25, 50, 100 ms… as Prometheus' histogram_quantile does; the mean"
    echo "and the share ≤ 50 ms are exact):"
    echo
    echo "| packager | segments | p50 ms | p90 ms | p99 ms | mean ms (_sum/_count) | ≤ 50 ms (aim: all) |"
    echo "|:--|---:|---:|---:|---:|---:|---:|"
    for p in primary backup alone; do
      c=$(summary hist "$p" 3)
      [[ -z $c ]] && continue
      echo "| $p | $c | $(summary hist "$p" 4) | $(summary hist "$p" 5) | $(summary hist "$p" 6) | $(summary hist "$p" 7) | $(summary hist "$p" 8)/$c |"
    done
    echo
    echo "Bucket counts (cumulative, le in ms): $(awk -F'\t' '$1 == "buckets" { printf "%s%s: %s", sep, $2, $3; sep = "; " }' "$RUN_DIR/delay/summary.tsv")."
    echo
    echo "Outside, the same window and the same segments (nearest-rank quantiles; with ~$(( (delay_window + 1) / 2 )) segments per"
    echo "packager a p99 would be the maximum, so the maximum is given):"
    echo
    echo "| packager | segments | keyframe → listed, upper bound: p50 / p90 / max ms | keyframe → listed, lower bound (mtime): p50 / max ms | last frame → listed, upper bound: p50 / p90 / max ms | gap last frame → keyframe: p50 / max ms |"
    echo "|:--|---:|---:|---:|---:|---:|"
    for p in primary backup alone; do
      c=$(summary outside "$p" 3)
      [[ -z $c ]] && continue
      echo "| $p | $c | $(summary outside "$p" 9) / $(summary outside "$p" 10) / $(summary outside "$p" 11) | $(summary outside "$p" 4) / $(summary outside "$p" 6) | $(summary outside "$p" 14) / $(summary outside "$p" 15) / $(summary outside "$p" 16) | $(summary outside "$p" 19) / $(summary outside "$p" 21) |"
    done
    echo
    echo "Interpolation spreads a bucket's samples evenly, so where most fall in the 10–25 ms bucket the"
    echo "histogram's p50 can land above the outside upper bound's; the exact means compare directly:"
    # shellcheck disable=SC2005 # echo ends the line that the last printf leaves open
    echo "$(for p in primary backup alone; do [[ -n $(summary hist "$p" 7) ]] && printf '%s %s ms inside, %s–%s ms outside (lower–upper bound); ' "$p" "$(summary hist "$p" 7)" "$(summary outside "$p" 7)" "$(summary outside "$p" 12)"; done | sed 's/; $/./')"
    echo
    um=$(awk -F'\t' '$1 == "unmatched" { print $2 }' "$RUN_DIR/delay/summary.tsv")
    echo "- Conditions: \`up\` used $(condition up_cpu_pct) % CPU, the relay $(condition relay_cpu_pct) %, the machine was $(condition machine_busy_pct) % busy"
    echo "  (of $((NPROC * 100)) %); the publisher $( (($(condition publisher_ok))) && echo "published throughout" || echo "**had exited by the end**"); ${um:-0} listed segment(s) could not be matched to a keyframe."
    up_problems=$(log_problems ours "$RUN_DIR/delay/up.window.log" "$RUN_DIR/delay/alone.window.log" | wc -l)
    echo "- The logs of \`up\` and of the packager alone had $up_problems WARN/ERROR line(s) up to the end of the window$( ((up_problems)) && echo ":" || echo ".")"
    if ((up_problems)); then
      echo
      echo '```text'
      log_problems ours "$RUN_DIR/delay/up.window.log" "$RUN_DIR/delay/alone.window.log" | head -n 8
      echo '```'
      echo
    fi
    echo "- Limits: one run of one stream, not a load test, on a machine others were using (busy %"
    echo "  above); with ~$(( (delay_window + 1) / 2 )) segments per packager the histogram's p99 is the bucket of the largest"
    echo "  one or two samples, interpolated, and says little more than the maximum. The outside bounds"
    echo "  ride on the relay being scheduled: it is single-threaded Python stamping CLOCK_REALTIME"
    echo "  around each send and after each stat, and a preemption widens the bracket, never narrows it."
    echo "  The relay's own forwarding delay lies before the start of what is measured. Segments go to"
    echo "  the page cache (neither packager calls fsync), so a slow disk would not show. Keyframes are"
    echo "  matched to segments through the ingest's clock anchor as the relay sees it, which only has to"
    echo "  be right to within half a segment."
  fi
  echo "<!-- bench:packager:end -->"
} >"$section"

publish_section section packager "$section" packager
