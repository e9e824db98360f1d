#!/usr/bin/env bash
# Redundancy benchmark: for each single fault of the redundant chain (each ingest, packager,
# origin and switcher stopped for 12 s and started again), the stall and the time to fail over
# that a viewer sees, with hls.js on the content-steering path (hls.js 1.7.4, the npm release the
# build downloads) and on the plain redundant-variant path (hls.js 1.4.12, the status page's,
# which predates steering), and with our probe playing the same /hls/live.m3u8 meanwhile.
#
# One run builds the lab's test classes, then runs io.streaminglab.lab.player.FailoverBench
# (lab/src/test, beside the end-to-end test it shares its player with; not a test itself):
# for each repetition and each path, a fresh lab of `up` in one process (ephemeral loopback
# ports, the built-in publisher), hls.js in headless Chromium on a page of another origin, and
# the probe; then each fault in turn, switcher-backup before switcher-primary (hls.js keeps a
# pathway that failed out for five minutes: docs/redundant-switchers.md). Each episode prints a
# JSON line; report.py turns them into medians and this benchmark's section of
# docs/benchmarks.md. Benchmarks are not tests: nothing in .ci runs this.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

reps=1

usage() {
  cat <<USAGE
Usage: bench/redundancy/run.sh [options]

Measures, for each single fault of the redundant chain, the stall and the failover time seen by
hls.js (content steering and plain redundant variants) and by the probe.

  --reps R           repetitions of the whole fault sequence per path (default $reps; medians
                     are reported); each takes about 6 minutes
$(common_usage 18 section bench/.work/redundancy/ID)
USAGE
}

quote_args "" "" "$@"
while (($#)); do
  case $1 in
    --reps) reps=${2:?--reps needs a number}; shift 2 ;;
    *) common_option "$@"; shift $((1 + OPT_EXTRA)) ;;
  esac
done
[[ -z $jar_arg && $build == 1 ]] || die "--jar and --no-build do not apply: this benchmark runs the lab in-process from its classes."
need_positive reps
settle_write_docs
require_tools "chromium chromium-driver" chromium chromedriver
measured_at=$(date -u '+%Y-%m-%d %H:%M UTC')

open_run "$REPO/bench/.work/redundancy" episodes.jsonl machine.txt measured_at.txt command.txt
if [[ -z $report_dir ]]; then
  # One reactor invocation: the sibling modules resolve to their target/classes (nothing is
  # installed), and the classpath file written last is lab's.
  log "building the lab's test classes and their classpath"
  (cd "$REPO" && ./mvnw -B -ntp -q -pl lab -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$RUN_DIR/classpath.txt")
  hlsjs=$(ls "$REPO"/lab/target/hls.js-*/package/dist/hls.min.js | head -n1)
  log "running $reps repetition(s) of the 8 faults on both paths (about $((reps * 12)) minutes)"
  java -Dstreaminglab.hlsjs="$hlsjs" \
    -cp "$REPO/lab/target/test-classes:$REPO/lab/target/classes:$(cat "$RUN_DIR/classpath.txt")" \
    io.streaminglab.lab.player.FailoverBench "$reps" > "$RUN_DIR/run.log" 2>&1 \
    || die "the benchmark failed; see $RUN_DIR/run.log."
  # The episodes are the JSON lines among the lab's log lines.
  grep '^{' "$RUN_DIR/run.log" > "$RUN_DIR/episodes.jsonl" || die "no episode finished; see $RUN_DIR/run.log."
  machine_summary > "$RUN_DIR/machine.txt"
  echo "$measured_at" > "$RUN_DIR/measured_at.txt"
  echo "bench/redundancy/run.sh${orig_args[*]:+ ${orig_args[*]}}" > "$RUN_DIR/command.txt"
fi

python3 "$(dirname "${BASH_SOURCE[0]}")/report.py" "$RUN_DIR/episodes.jsonl" \
  "$(cat "$RUN_DIR/measured_at.txt")" "$(cat "$RUN_DIR/command.txt")" "$RUN_DIR/machine.txt" \
  > "$RUN_DIR/section.md"
publish_section section redundancy "$RUN_DIR/section.md" redundancy
