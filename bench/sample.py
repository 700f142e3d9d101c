#!/usr/bin/env python3
"""Runs a command and samples the memory of all its processes; used by bench/run.sh.

    python3 bench/sample.py INTERVAL RESULT -- COMMAND...

COMMAND runs in a process group of its own. Every INTERVAL seconds /proc is scanned for the
processes of that group, except its leader (COMMAND itself, which run.sh makes /usr/bin/time),
and their Pss (/proc/PID/smaps_rollup) is summed; ten times per INTERVAL the VmRSS
(/proc/PID/status) of the processes found is summed. RESULT gets one line: wall seconds,
largest RSS sum (kB), largest PSS sum (kB), RSS samples taken, and the most processes one scan
found. A sample that found no process counts as 0; a peak shorter than a sample is missed.
The exit status is COMMAND's (128 + the signal's number when a signal ended it). SIGINT,
SIGTERM and SIGHUP are passed on to the whole group.
"""
import os
import signal
import subprocess
import sys
import threading
import time

SCAN_EVERY = 10  # RSS samples per scan for processes


def field_kb(path, name):
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def members(group):
    """The processes of the group, without its leader."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == group:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            # the fields after the command name in parentheses: state ppid pgrp ...
            if int(stat[stat.rindex(b")") + 2 :].split()[2]) == group:
                found.append(entry)
        except (OSError, ValueError, IndexError):
            continue
    return found


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit("usage: sample.py INTERVAL RESULT -- COMMAND...")
    interval, result, command = float(sys.argv[1]), sys.argv[2], sys.argv[4:]
    start = time.perf_counter()
    proc = subprocess.Popen(command, start_new_session=True)

    def forward(signum, _frame):
        try:
            os.killpg(proc.pid, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    peak = {"rss": 0, "pss": 0, "samples": 0, "procs": 0}
    done = threading.Event()

    def sampler():
        pids, tick = [], 0
        while not done.wait(interval / SCAN_EVERY):
            if tick % SCAN_EVERY == 0:
                pids = members(proc.pid)
                pss = sum(field_kb(f"/proc/{p}/smaps_rollup", b"Pss:") for p in pids)
                peak["pss"] = max(peak["pss"], pss)
                peak["procs"] = max(peak["procs"], len(pids))
            tick += 1
            rss = sum(field_kb(f"/proc/{p}/status", b"VmRSS:") for p in pids)
            peak["rss"] = max(peak["rss"], rss)
            peak["samples"] += 1

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    thread.join()
    with open(result, "w", encoding="ascii") as f:
        f.write(f"{elapsed:.4f} {peak['rss']} {peak['pss']} {peak['samples']} {peak['procs']}\n")
    rc = proc.returncode
    sys.exit(128 - rc if rc < 0 else rc)


if __name__ == "__main__":
    main()
