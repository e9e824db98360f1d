#!/usr/bin/env python3
"""Polls each switcher's /healthz every 100 ms and records what changes.

  watch.py --switcher NAME=PORT [--switcher NAME=PORT ...] --dir DIR --duration S

Writes DIR/NAME.state after every poll (one line: "active status failovers switchbacks
primary_healthy backup_healthy epoch_seconds", or "unreachable ..." when /healthz did not
answer) for the driving script to read, and appends to DIR/transitions.jsonl one JSON line each
time a switcher's active origin, status, counters or origin health change, with the wall-clock
time of the poll that saw it. Ends after --duration seconds or on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import signal
import time

from viewers import Connection

PERIOD = 0.1


async def watch(name, port, directory, deadline, out):
    conn = Connection("127.0.0.1", port)
    previous = None
    state_path = os.path.join(directory, f"{name}.state")
    while time.monotonic() < deadline:
        tick = time.monotonic()
        now = time.time()
        try:
            status, body = await conn.get("/healthz", 1.0)
            health = json.loads(body)
            origins = health.get("origins", {})
            current = {
                "active": health.get("active"), "status": health.get("status"),
                "failovers": health.get("counters", {}).get("failovers"),
                "switchbacks": health.get("counters", {}).get("switchbacks"),
                "primary_healthy": origins.get("primary", {}).get("healthy"),
                "backup_healthy": origins.get("backup", {}).get("healthy"),
            }
            reasons = {o: origins.get(o, {}).get("reason") for o in ("primary", "backup")}
        except (OSError, asyncio.TimeoutError, ValueError) as e:
            await conn.close()
            current = {"active": "unreachable", "status": repr(e)[:80]}
            reasons = {}
        line = " ".join(str(current.get(k)) for k in (
            "active", "status", "failovers", "switchbacks", "primary_healthy",
            "backup_healthy")) + f" {now:.3f}\n"
        tmp = state_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(line)
        os.replace(tmp, state_path)
        if current != previous:
            out.write(json.dumps({"t": round(now, 3), "switcher": name, **current,
                                  "reasons": reasons}) + "\n")
            out.flush()
            previous = current
        await asyncio.sleep(max(0.0, PERIOD - (time.monotonic() - tick)))
    await conn.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--switcher", action="append", required=True, metavar="NAME=PORT")
    parser.add_argument("--dir", required=True)
    parser.add_argument("--duration", type=float, required=True)
    args = parser.parse_args()
    deadline = time.monotonic() + min(args.duration, 7200)
    loop = asyncio.get_running_loop()
    with open(os.path.join(args.dir, "transitions.jsonl"), "a", buffering=1) as out:
        tasks = []
        for spec in args.switcher:
            name, _, port = spec.partition("=")
            tasks.append(asyncio.ensure_future(watch(name, int(port), args.dir, deadline, out)))
        everything = asyncio.gather(*tasks)
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, everything.cancel)
        try:
            await everything
        except asyncio.CancelledError:
            pass


if __name__ == "__main__":
    asyncio.run(main())
