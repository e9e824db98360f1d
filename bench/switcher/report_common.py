"""What the switcher's report scripts (report_*.py) share: reading a finished run, numbers, and
the lines every part opens with or reports about the switcher's log.

Imported from beside them; each report prints its part of docs/benchmarks.md on stdout.
"""
import json
import os
import re
import statistics

# The lines of our logs that matter to an operator: warnings, errors, stack traces.
PROBLEM = re.compile(r" (WARN|ERROR) |Exception|^\s+at |^Caused by")


def load_run(run, tsv):
    """(run.json as a dict, the rows of RUN/TSV as dicts keyed by its header)."""
    meta = json.load(open(os.path.join(run, "run.json")))
    rows = []
    with open(os.path.join(run, tsv)) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    return meta, rows


def num(text):
    """The number in text, or None for "-", "" or anything else that is not one."""
    try:
        return float(text)
    except ValueError:
        return None


def median(values):
    """The median of the values that are not None, or None if there are none."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def preamble(w, meta, script, quick_note):
    """Writes with w the lines after a part's title: when it was measured (with quick_note for a
    quick run) and the command that reproduces it."""
    w(f"Measured {meta['measured_at']}"
      + (f" — **{quick_note}: do not quote**" if meta["quick"] == "1" else "")
      + ". Reproduce with:")
    w("")
    w("```sh")
    w(f"bench/switcher/{script}" + (f" {meta['args']}" if meta["args"] else ""))
    w("```")
    w("")


def log_problems(w, run, sentence):
    """Writes with w how many problem lines the switcher's log held (RUN/switcher.window.log),
    in sentence, which has {n} for the count and {end} for how it ends, then the first 8."""
    problems = []
    log_path = os.path.join(run, "switcher.window.log")
    if os.path.exists(log_path):
        problems = [line.rstrip("\n") for line in open(log_path, errors="replace")
                    if PROBLEM.search(line)]
    w(sentence.format(n=len(problems), end=", the first ones:" if problems else "."))
    if problems:
        w("")
        w("```text")
        for line in problems[:8]:
            w(line[:200])
        w("```")
        w("")
