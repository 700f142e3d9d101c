# SPDX-License-Identifier: MIT
"""Every example through the editor and back: the same check report and the same letters."""
import glob
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish, letters_text  # noqa: E402
from serve_client import Form, Server  # noqa: E402


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
examples = sorted(os.path.basename(d) for d in glob.glob(os.path.join(SRC, "examples", "*"))
                  if os.path.isfile(os.path.join(d, "incident.xml")))
check(len(examples) >= 4, "the examples: %s" % examples)
for ex in examples:
    shutil.copytree(os.path.join(SRC, "examples", ex), os.path.join(ws, ex))

sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
for ex in examples:
    page = sv.get("/edit?file=%s/incident.xml" % ex)
    check(page.status == 200, "%s: the editor: %d" % (ex, page.status))
    check("problem" not in page.text.split("<form")[0], "%s: problems shown for a valid file" % ex)
    form = Form(page.text)
    check(form.get("org.name"), "%s: the form lacks the organisation's name" % ex)
    form.set("file", "%s/saved.xml" % ex)
    r = sv.post_form("/save", form.fields())
    check(r.status == 303, "%s: save: %d %s" % (ex, r.status, r.text[:300]))
    saved = sv.get(r.headers.get("Location", "/"))
    check("Saved. No problems." in saved.text, "%s: the saved page says %s" % (
        ex, re.findall(r'role="status">([^<]*)', saved.text)))
    # opening the saved file gives the same form
    again = Form(sv.get("/edit?file=%s/saved.xml" % ex).text)
    check([p for p in again.fields() if p[0] != "file"] ==
          [p for p in form.fields() if p[0] != "file"], "%s: the saved file reads back" % ex)

    orig = os.path.join(ws, ex, "incident.xml")
    copy = os.path.join(ws, ex, "saved.xml")
    rcpt = os.path.join(ws, ex, "recipients.csv")
    rc1, out1, err1 = run("check", orig, "--recipients", rcpt)
    rc2, out2, err2 = run("check", copy, "--recipients", rcpt)
    check(rc1 == rc2, "%s: check's exit status %d, then %d" % (ex, rc1, rc2))
    check(out1.replace("incident.xml", "X") == out2.replace("saved.xml", "X"),
          "%s: check's report differs after the round trip" % ex)
    check(err1.replace("incident.xml", "X") == err2.replace("saved.xml", "X"),
          "%s: check's messages differ:\n%s\n%s" % (ex, err1, err2))
    o1, o2 = os.path.join(OUT, ex + "-1"), os.path.join(OUT, ex + "-2")
    r1 = run("render", orig, "--recipients", rcpt, "-o", o1, "-q")
    r2 = run("render", copy, "--recipients", rcpt, "-o", o2, "-q")
    check(r1[0] == r2[0], "%s: render's exit status %d, then %d" % (ex, r1[0], r2[0]))
    t1, t2 = letters_text(o1), letters_text(o2)
    check(len(t1) > 0, "%s: no letters made" % ex)
    check(t1 == t2, "%s: the letters' text differs: %s" % (
        ex, [k for k in t1 if t1.get(k) != t2.get(k)][:5]))
check(sv.stop() == 0, "the server's exit status")
finish()
