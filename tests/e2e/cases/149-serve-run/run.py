# SPDX-License-Identifier: MIT
"""A mass run through the workbench, checked against the command line's run."""
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402

LIMIT = 600  # seconds: a safety limit on a wait, never a time waited


def read(path, mode="r"):
    with open(path, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as f:
        return f.read()


def manifest(folder):
    with open(os.path.join(folder, "manifest.csv"), encoding="utf-8") as f:
        return list(csv.DictReader(f))


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
# a longer list: the example's people again and again under new ids (3 chunks of 500 rows)
with open(os.path.join(ws, "m", "recipients.csv"), encoding="utf-8-sig", newline="") as f:
    people = list(csv.reader(f))
with open(os.path.join(ws, "m", "long.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(people[0])
    for i in range(1200):
        w.writerow(["LNG-%06d" % i] + people[1 + i % (len(people) - 1)][1:])

# render's option for programs that watch it: documented, and a closed descriptor refused
helptext = subprocess.run([BIN, "render", "--help"], capture_output=True, text=True).stdout
check("--progress-fd" in helptext and '"rows_done"' in helptext, "render --help tells --progress-fd")
bad = subprocess.run([BIN, "render", "m/incident.xml", "-r", "m/recipients.csv", "-o", "x",
                      "--progress-fd", "9"], cwd=ws, capture_output=True, text=True)
check(bad.returncode == 2 and "--progress-fd takes an open file descriptor" in bad.stderr,
      "a descriptor that is not open is a usage error: %d %s" % (bad.returncode, bad.stderr))

sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
check('href="/run"' in sv.get("/").text, "the home page leads to the mass run")
page = sv.get("/run")
check(page.status == 200 and 'action="/run/start"' in page.text, "the run page has its form")
csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)
check('<script src="/static/run.js"' in page.text and sv.get("/static/run.js").status == 200,
      "the page's script is served")


def status():
    r = sv.get("/run/status")
    check(r.status == 200 and r.headers.get("Content-Type") == "application/json",
          "the status is JSON")
    return json.loads(r.body)


def wait(cond, what):
    """Reads the status until cond holds of it; fails after LIMIT seconds."""
    end = time.monotonic() + LIMIT
    while time.monotonic() < end:
        st = status()
        if cond(st):
            return st
        time.sleep(0.2)  # between two readings of the status, not a wait for the run
    check(False, "waited in vain for " + what)
    return status()


def start(**kw):
    fields = {"csrf": csrf, "file": "m/incident.xml", "list": "m/recipients.csv",
              "out": "web", "jobs": "2"}
    fields.update(kw)
    return sv.post_form("/run/start", fields)


check(status()["state"] == "none", "no run at first")
# refused: outside the workspace, through a link, without the form's token
check(start(out="../escape").status == 400, "an output folder outside the workspace is refused")
os.makedirs(os.path.join(OUT, "elsewhere"))
os.symlink(os.path.join(OUT, "elsewhere"), os.path.join(ws, "link"))
check(start(out="link/x").status == 400, "an output folder through a link is refused")
check(start(out="/tmp/x").status == 400, "an absolute output folder is refused")
check(sv.post_form("/run/start", {"file": "m/incident.xml", "list": "m/recipients.csv",
                                  "out": "web"}).status == 403,
      "a start without the form's token is refused")
check(status()["state"] == "none" and not os.path.exists(os.path.join(OUT, "elsewhere", "x")),
      "nothing was started")

# the run over the example list
r = start()
check(r.status == 303 and r.headers.get("Location") == "/run", "the run starts: %d" % r.status)
st = wait(lambda s: s["state"] != "running", "the run's end")
check(st["state"] == "done" and st["exit"] == 0, "the run is done: %s" % st)
p = st["progress"] or {}
check(p.get("rows_done") == 32 and p.get("rows_todo") == 32 and p.get("letters") == 32
      and p.get("errors") == 0 and p.get("end") is True, "the last progress: %s" % p)
check(isinstance(p.get("rate"), (int, float)) and p["rate"] > 0, "a rate of rows per second")
page = sv.get("/run").text
check('data-state="done"' in page and "<td>ok</td><td>32</td>" in page,
      "the page shows the manifest's counts")
check('href="/file?path=web/manifest.csv"' in page and 'href="/run/letters?out=web"' in page,
      "the page links the manifest and the letters")
letters = sv.get("/run/letters?out=web").text
check(letters.count('href="/file?path=web/') == 32, "the letters' page lists every letter")
got = sv.get("/file?path=web/manifest.csv")
check(got.status == 200 and got.body == read(os.path.join(ws, "web", "manifest.csv"), "rb"),
      "the manifest downloads")

# the home page links the run's letters; its manifest and errors file are not recipient lists
home = sv.get("/").text
check('<a href="/run/letters?out=web">web</a>' in home, "the home page links the run's letters")
check("web/manifest.csv" not in home and "web/errors.csv" not in home,
      "a run's CSV files are not offered as recipient lists")

# a file whose name reads like an option never reaches render: the workbench takes no name
# whose part starts with '-' (and would hand render "./NAME" if it did)
shutil.copy(os.path.join(ws, "m", "incident.xml"), os.path.join(ws, "--data-dir=q.xml"))
os.makedirs(os.path.join(ws, "-out"))
r = start(file="--data-dir=q.xml", out="-out")
check(r.status == 400, "a run of an incident named like an option is refused: %d" % r.status)
r = start(out="-out")
check(r.status == 400, "a run into a folder named like an option is refused: %d" % r.status)
check(os.listdir(os.path.join(ws, "-out")) == [], "nothing was written into -out")
check(status()["state"] == "done", "no run was started by the refused requests")

# a run into a folder of inputs is refused (its letters would be mixed in with them); a folder
# of an earlier run (its manifest) or an empty one is taken
r = start(out="m")
check(r.status == 409 and "already holds files" in r.text,
      "a run into a folder of inputs is refused: %d" % r.status)
check(status()["state"] == "done" and not os.path.exists(os.path.join(ws, "m", "manifest.csv")),
      "nothing was started in the folder of inputs")
check(re.search(r'<option( selected)?>m/recipients\.csv</option>', sv.get("/run").text),
      "the folder's list is still offered")

# the command line's run of the same inputs, from the workspace
subprocess.run([BIN, "render", "m/incident.xml", "--recipients", "m/recipients.csv", "-o", "cli",
                "--jobs", "2", "--quiet"], cwd=ws, check=True)
web, cli = manifest(os.path.join(ws, "web")), manifest(os.path.join(ws, "cli"))
check(len(web) == 32 and web == cli, "the manifest's rows are the command line's")
check(read(os.path.join(ws, "web", "errors.csv")) == read(os.path.join(ws, "cli", "errors.csv")),
      "the errors file is the command line's")
for row in web:
    if row["file"]:
        h = hashlib.sha256(read(os.path.join(ws, "web", row["file"]), "rb")).hexdigest()
        check(h == row["sha256"], "letter %s has its manifest's hash" % row["id"])

# a longer run: a second is refused while it runs; it is stopped, then resumed from the page.
# Once its first progress line is in, render's process group is held (SIGSTOP), so the run
# cannot end before the stop, however fast the machine; the stop is sent, then the group is let
# go (SIGCONT) and takes it.
def render_pid():
    """The render process the server started (the leader of its own process group)."""
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                argv = f.read().split(b"\0")
        except (OSError, IndexError):
            continue
        if int(fields[1]) == sv.proc.pid and b"render" in argv:
            return int(pid)
    return None


r = start(list="m/long.csv", out="long", jobs="1")
check(r.status == 303, "the long run starts")
st = wait(lambda s: s["state"] != "running" or s["progress"] is not None, "the first progress")
pid = render_pid()
check(pid is not None and os.getpgid(pid) == pid, "render leads a process group of its own")
held = False
if pid is not None:
    os.killpg(pid, signal.SIGSTOP)
    held = True
try:
    st = status()
    check(st["state"] == "running" and not (st["progress"] or {}).get("end"),
          "the long run is under way when held: %s" % st)
    r = start(out="other")
    check(r.status == 409 and "One run at a time" in r.text,
          "a second run is refused: %d" % r.status)
    check(not os.path.exists(os.path.join(ws, "other")), "the second run made nothing")
    page = sv.get("/run").text
    check('data-state="running"' in page and 'action="/run/stop"' in page, "a running run's page")
    check('id="run-announce"' in page and 'aria-live="polite"' in page
          and 'id="run-numbers" class="run-numbers">' in page,
          "the numbers are not a live region; a separate one announces the progress")
    r = sv.post_form("/run/stop", {"csrf": csrf})
    check(r.status == 303, "the stop is taken: %d" % r.status)
finally:
    if held:
        os.killpg(pid, signal.SIGCONT)
st = wait(lambda s: s["state"] != "running", "the stop")
check(st["state"] == "stopped", "the run is stopped: %s" % st)
check(os.path.isdir(os.path.join(ws, "long", ".run-state"))
      and not os.path.exists(os.path.join(ws, "long", "manifest.csv")),
      "a stopped run leaves its state to resume, and no manifest")
page = sv.get("/run").text
check('data-state="stopped"' in page and 'name="resume" value="1"' in page,
      "the page offers to resume the run")
check(sv.post_form("/run/stop", {"csrf": csrf}).status == 409, "no run to stop")
resume = dict(re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">',
                         page.split('name="resume"')[0].rsplit("<form", 1)[1]))
resume["resume"] = "1"
check(resume.get("list") == "m/long.csv" and resume.get("out") == "long", "the resume form")
r = sv.post_form("/run/start", resume)
check(r.status == 303, "the resume starts")
st = wait(lambda s: s["state"] != "running", "the resumed run's end")
check(st["state"] == "done" and st["exit"] == 0, "the resumed run is done: %s" % st)
check(0 < (st["progress"] or {}).get("rows_todo", 0) <= 1200,
      "the resumed run made only the rows left: %s" % st["progress"])
page = sv.get("/run").text
check("resuming:" in page, "render's messages on the page say it resumed")
rows = manifest(os.path.join(ws, "long"))
check(len(rows) == 1200 and all(r["status"] == "ok" for r in rows)
      and len(set(r["file"] for r in rows)) == 1200,
      "the resumed run accounts for every row")

# render ends while something else still holds its pipes open (here this test, through
# /proc/PID/fd, as a stuck worker would): the run ends all the same, failed, with a message, and
# is not left running for good
r = start(list="m/long.csv", out="held", jobs="1")
check(r.status == 303, "the held run starts")
st = wait(lambda s: s["state"] != "running" or s["progress"] is not None, "the first progress")
pid = render_pid()
holders = []
if pid is not None:
    os.killpg(pid, signal.SIGSTOP)
    holders = [os.open("/proc/%d/fd/%d" % (pid, fd), os.O_WRONLY) for fd in (1, 3)]
    os.kill(pid, signal.SIGKILL)
    os.killpg(pid, signal.SIGCONT)
try:
    check(len(holders) == 2, "the pipes of render are held")
    st = wait(lambda s: s["state"] != "running", "the end of a run whose pipes stay open")
    check(st["state"] == "failed", "a run whose pipes outlive render fails: %s" % st)
    page = sv.get("/run").text
    check("kept its output open" in page, "the page's messages say why the run ended")
finally:
    for fd in holders:
        os.close(fd)

# a run that fails before it starts (render refuses the list) leaves no state: no resume
with open(os.path.join(ws, "m", "bad.csv"), "w", encoding="utf-8") as f:
    f.write("x,y\n1,2\n")
r = start(list="m/bad.csv", out="bad", jobs="1")
check(r.status == 303, "the run of a wrong list starts: %d" % r.status)
st = wait(lambda s: s["state"] != "running", "the wrong list's run's end")
check(st["state"] == "failed" and st["exit"] == 3, "the run of a wrong list fails: %s" % st)
check(not os.path.exists(os.path.join(ws, "bad", ".run-state")), "it left no state")
page = sv.get("/run").text
check('data-state="failed"' in page and 'name="resume"' not in page
      and "missing required column" in page,
      "a failed run without its state offers no resume, and its messages say why")

check(sv.stop() == 0, "the server stops cleanly")
finish()
print("ok")
