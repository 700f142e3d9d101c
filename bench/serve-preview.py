#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The workbench's edit-to-redrawn time: what the editor's script does after a pause in typing,
a draft of the form's unsaved fields POSTed to /preview/draft and the first page's picture of
the answer fetched, timed from the POST's start to the picture's last byte. The Medusind example
(5 pages), the organisation's name changed on every run so that nothing is drawn from the
cache; with the example's list (the check over it: findings, deadlines, notices) and without.

    python3 bench/serve-preview.py [build/breachletter] [--runs 10]
"""
import os
import re
import shutil
import statistics
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
from serve_client import Form, Server  # noqa: E402


def cpu_seconds(pid):
    """User and system time the process has used."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    args = sys.argv[1:]
    runs = 10
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else os.path.join(SRC, "build", "breachletter"))
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        os.makedirs(ws)
        shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
        sv = Server(binary, ws, stderr_path=os.path.join(tmp, "serve.log"))
        sv.login()
        fields = Form(sv.get("/edit?file=m%2Fincident.xml&jurisdiction=MA").text).fields()
        for label, lst in [("with the list (32 rows)", "m/recipients.csv"), ("without a list", "")]:
            took = []
            cpu = cpu_seconds(sv.proc.pid)
            for n in range(runs):
                sent = [(k, "Medusind Inc. %s %d" % (lst, n) if k == "org.name" else v)
                        for k, v in fields]
                sent += [("jurisdiction", "MA"), ("variant", "adult"), ("list", lst)]
                start = time.monotonic()
                r = sv.post_form("/preview/draft", sent)
                url = re.search(r'<img id="preview-img" src="([^"]+)"', r.text).group(1)
                png = sv.get(url.replace("&amp;", "&")).body
                took.append(time.monotonic() - start)
                assert r.status == 200 and png.startswith(b"\x89PNG"), r.status
            cpu = (cpu_seconds(sv.proc.pid) - cpu) / runs
            print("edit to redrawn, %s: median %.2f s (min %.2f, max %.2f, %d runs); the "
                  "server's CPU time %.2f s a draft" %
                  (label, statistics.median(took), min(took), max(took), runs, cpu))
        sv.stop()
    print("load average: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
