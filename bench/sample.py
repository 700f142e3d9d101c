#!/usr/bin/env python3
"""Runs a command and samples the memory of all its processes; used by bench/run.sh.

    python3 bench/sample.py INTERVAL RESULT -- COMMAND...

COMMAND runs in a process group of its own. Every INTERVAL seconds the VmRSS (from
/proc/PID/status) and the Pss (from /proc/PID/smaps_rollup) of every process of that group
are summed, except the group's leader (COMMAND itself, which run.sh makes /usr/bin/time).
RESULT gets one line: wall seconds, peak RSS sum (kB), peak PSS sum (kB), samples taken.
Samples that saw no process count as 0. The exit status is COMMAND's (128 + signal number when
a signal ended it). SIGINT, SIGTERM and SIGHUP are passed on to the whole group.
"""
import os
import signal
import subprocess
import sys
import threading
import time


def field_kb(path, name):
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def sample(group):
    rss = pss = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == group:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            # fields after the command name in parentheses: state ppid pgrp ...
            if int(stat[stat.rindex(b")") + 2 :].split()[2]) != group:
                continue
        except (OSError, ValueError, IndexError):
            continue
        rss += field_kb(f"/proc/{entry}/status", b"VmRSS:")
        pss += field_kb(f"/proc/{entry}/smaps_rollup", b"Pss:")
    return rss, pss


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
    peaks = [0, 0, 0]  # RSS sum, PSS sum, samples
    done = threading.Event()

    def sampler():
        while not done.wait(interval):
            rss, pss = sample(proc.pid)
            peaks[:] = [max(peaks[0], rss), max(peaks[1], pss), peaks[2] + 1]

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    thread.join()
    peak_rss, peak_pss, samples = peaks
    with open(result, "w", encoding="ascii") as f:
        f.write(f"{elapsed:.4f} {peak_rss} {peak_pss} {samples}\n")
    rc = proc.returncode
    sys.exit(128 - rc if rc < 0 else rc)


if __name__ == "__main__":
    main()
