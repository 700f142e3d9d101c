#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The workbench's edit-to-redrawn time: what the editor's script does after a pause in typing,
a draft of the form's unsaved fields POSTed to /preview/draft and the first page's picture of
the answer fetched, timed from the POST's start to the picture's last byte. The Medusind example
(5 pages), the organisation's name changed on every run so that nothing is drawn from the
cache; with the example's list (the check over it: findings, deadlines, notices) and without.

With --rows N, also with a list of N rows (the example's 32 repeated with unique ids, as
bench/run.sh makes its lists): the first drawing reads the list (timed alone, with how long the
server took meanwhile to answer its home page, asked again and again while it draws); the
redraws after it use the pass over the list the worker thread kept. Then one person's search
and letter and the sign-off page over that list, each with the home page's answers meanwhile.

    python3 bench/serve-preview.py [build/breachletter] [--runs 10] [--rows 360000]
"""
import csv
import itertools
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
from serve_client import Form, Server  # noqa: E402


def cpu_seconds(pid):
    """User and system time the process has used."""
    fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_list(src, dst, n):
    """The rows of src over and over, ids suffixed -0, -1... per pass, until n rows."""
    with open(src, newline="") as f:
        header, *rows = list(csv.reader(f))
    with open(dst, "w", newline="") as o:
        w = csv.writer(o)
        w.writerow(header)
        for i, (c, r) in enumerate((c, r) for c in itertools.count() for r in rows):
            if i >= n:
                break
            w.writerow(["%s-%d" % (r[0], c)] + r[1:])


def draft(sv, fields, lst, name):
    """POSTs a draft whose organisation is named name and fetches its first page; seconds."""
    sent = [(k, name if k == "org.name" else v) for k, v in fields]
    sent += [("jurisdiction", "MA"), ("variant", "adult"), ("list", lst)]
    start = time.monotonic()
    r = sv.post_form("/preview/draft", sent)
    assert r.status == 200, (r.status, r.text[:300])
    url = re.search(r'<img id="preview-img" src="([^"]+)"', r.text).group(1)
    png = sv.get(url.replace("&amp;", "&")).body
    assert png.startswith(b"\x89PNG")
    return time.monotonic() - start


def while_asking_home(label, sv, fn):
    """Times fn() while the home page is asked for again and again; prints both."""
    answers = []
    done = threading.Event()

    def ask():
        while not done.is_set():
            start = time.monotonic()
            r = sv.get("/")
            answers.append(time.monotonic() - start)
            assert r.status == 200, r.status

    asker = threading.Thread(target=ask)
    cpu = cpu_seconds(sv.proc.pid)
    asker.start()
    start = time.monotonic()
    fn()
    took = time.monotonic() - start
    done.set()
    asker.join()
    print("%s: %.2f s, the server's CPU time %.2f s; meanwhile the home page answered %d times, "
          "median %.3f s, slowest %.3f s" %
          (label, took, cpu_seconds(sv.proc.pid) - cpu, len(answers),
           statistics.median(answers), max(answers)))


def first_drawing(sv, fields, lst):
    """The drawing that reads the list, and the server's answers to its home page meanwhile."""
    while_asking_home("first drawing with %s (reads the list)" % lst, sv,
                      lambda: draft(sv, fields, lst, "Medusind Inc. (first)"))


def other_screens(sv, lst, rows):
    """One person's search and letter, and the sign-off page, over the list of rows rows (a
    person of its last whole pass of the example's 32)."""
    page = sv.get("/person?file=m%2Fincident.xml&list=" + lst.replace("/", "%2F"))
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    base = [("csrf", csrf), ("file", "m/incident.xml"), ("list", lst)]
    last = "MDS-000142-%d" % (rows // 32 - 1)

    def post(path, extra, want):
        r = sv.post_form(path, base + extra)
        assert r.status == 200 and want in r.text, (path, r.status)

    while_asking_home("one person's search over %s" % lst, sv,
                      lambda: post("/person/search", [("q", last)], "match"))
    while_asking_home("one person's letter over %s" % lst, sv,
                      lambda: post("/person/letter", [("id", last)], "letter-sha"))
    while_asking_home("the sign-off page over %s" % lst, sv,
                      lambda: sv.get("/signoff?file=m%2Fincident.xml&list=" +
                                     lst.replace("/", "%2F")))


def main():
    args = sys.argv[1:]
    runs = 10
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    rows = 0
    if "--rows" in args:
        i = args.index("--rows")
        rows = int(args[i + 1])
        del args[i:i + 2]
    binary = os.path.abspath(args[0] if args else os.path.join(SRC, "build", "breachletter"))
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        os.makedirs(ws)
        shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
        cases = [("with the list (32 rows)", "m/recipients.csv"), ("without a list", "")]
        if rows:
            big = os.path.join(ws, "m", "big.csv")
            write_list(os.path.join(SRC, "examples", "medusind-2023", "recipients.csv"), big, rows)
            # as a list written a while ago (one written just now is read again by each drawing)
            os.utime(big, (os.stat(big).st_mtime - 3600,) * 2)
            cases.append(("with a list of %d rows" % rows, "m/big.csv"))
        sv = Server(binary, ws, stderr_path=os.path.join(tmp, "serve.log"))
        sv.login()
        fields = Form(sv.get("/edit?file=m%2Fincident.xml&jurisdiction=MA").text).fields()
        for label, lst in cases:
            took = []
            if lst == "m/big.csv":
                first_drawing(sv, fields, lst)
            cpu = cpu_seconds(sv.proc.pid)
            for n in range(runs):
                took.append(draft(sv, fields, lst, "Medusind Inc. %s %d" % (lst, n)))
            cpu = (cpu_seconds(sv.proc.pid) - cpu) / runs
            print("edit to redrawn, %s: median %.2f s (min %.2f, max %.2f, %d runs); the "
                  "server's CPU time %.2f s a draft" %
                  (label, statistics.median(took), min(took), max(took), runs, cpu))
            if lst == "m/big.csv":
                other_screens(sv, lst, rows)
        sv.stop()
    print("load average: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
