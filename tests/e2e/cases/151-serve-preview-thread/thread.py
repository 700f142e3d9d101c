# SPDX-License-Identifier: MIT
"""Previews drawn in a thread: the server answers meanwhile; a large list is read once."""
import csv
import os
import re
import shutil
import sys
import threading

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish, pages_of  # noqa: E402
from serve_client import Form, Server  # noqa: E402

PNG = open(os.path.join(SRC, "examples", "kestrel-2025", "logo.png"), "rb").read()


def draft(fields, lst="", **changes):
    """A draft of the editor's fields with changes (field -> value), for a resident of MA."""
    sent = [(k, changes.get(k, v)) for k, v in fields]
    sent += [("jurisdiction", "MA"), ("variant", "adult"), ("list", lst)]
    return sv.post_form("/preview/draft", sent)


def note_of(html):
    m = re.search(r"This list is large[^<]*", html)
    return m.group(0) if m else ""


def counted(html):
    """(recipients, rejected) the findings say the check counted, or None."""
    m = re.search(r"Checked over the list&apos;s ([\d,]+) recipients \(([\d,]+) rejected\)", html)
    if m is None:
        m = re.search(r"Checked over the list's ([\d,]+) recipients \(([\d,]+) rejected\)", html)
    return (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))) if m else None


def findings_of(html):
    m = re.search(r'<section class="findings".*?</section>', html, re.S)
    return m.group(0) if m else None


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
os.mkfifo(os.path.join(ws, "m", "pipe.png"))

# the server's private folders (a drawing's pictures) go here, to be looked at when it stops
private = os.path.join(OUT, "tmp")
os.makedirs(private)
os.environ["TMPDIR"] = private
os.mkfifo(os.path.join(ws, "m", "stuck.png"))
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
fields = Form(sv.get("/edit?file=m%2Fincident.xml&jurisdiction=MA&list=").text).fields()
check(any(k == "org.logo" for k, _ in fields), "the editor has the logo's field")

# -- a drawing that waits does not stop the server --------------------------------------------
reader_in = threading.Event()
go = threading.Event()
answer = {}


def writer():
    """Gives the logo to every reader of the pipe; the first waits for go once it is in."""
    first = True
    while True:
        with open(os.path.join(ws, "m", "pipe.png"), "wb") as pipe:  # until a reader opens it
            if first:
                reader_in.set()
                go.wait()
                first = False
            try:
                pipe.write(PNG)
            except BrokenPipeError:
                pass  # a reader that needed the first bytes only


def ask():
    answer["r"] = draft(fields, **{"org.logo": "pipe.png", "org.name": "Pipe Health"})


threading.Thread(target=writer, daemon=True).start()
asker = threading.Thread(target=ask)
asker.start()
reader_in.wait()  # the drawing thread has opened the pipe and waits for its bytes
home = sv.get("/")
check(home.status == 200 and "m/incident.xml" in home.text,
      "the home page is answered while a drawing waits: %d" % home.status)
script = sv.get("/static/preview.js")
check(script.status == 200, "a static file is answered while a drawing waits")
check(asker.is_alive(), "the draft still waits for its logo")
go.set()
asker.join()
r = answer["r"]
shown = pages_of(r.text)
check(r.status == 200 and len(shown) >= 1,
      "the draft that waited is answered with its pages: %d" % r.status)
pic = sv.get(shown[0]) if shown else None
check(pic is not None and pic.body.startswith(b"\x89PNG"), "its first page is a picture")
check(not [f for f in os.listdir(os.path.join(ws, "m")) if f.startswith(".bl-draft-")],
      "the draft's private file is removed once drawn")

# -- a large list is read once ----------------------------------------------------------------
with open(os.path.join(ws, "m", "recipients.csv"), newline="", encoding="utf-8") as f:
    header, *rows = list(csv.reader(f))
big = os.path.join(ws, "m", "big.csv")
n = 0
with open(big, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(header)
    while f.tell() < 2_300_000:  # over the 2 MiB past which the panel says what a list costs
        for r in rows:
            w.writerow(["%s-%d" % (r[0], n)] + r[1:])
        n += 1
total = n * len(rows)
os.utime(big, (os.stat(big).st_mtime - 3600,) * 2)  # a list written just now is read again

first = draft(fields, "m/big.csv", **{"org.name": "Medusind One"})
check(first.status == 200, "a draft over the large list: %d" % first.status)
check("this drawing read it whole" in note_of(first.text),
      "the first drawing says it read the list: %r" % note_of(first.text))
check(counted(first.text) == (total, 0),
      "the findings count the list's %d rows: %r" % (total, counted(first.text)))
again = draft(fields, "m/big.csv", **{"org.name": "Medusind Two"})
check("used what an earlier one read" in note_of(again.text),
      "a redraw uses what the first read: %r" % note_of(again.text))
check(findings_of(first.text) is not None and findings_of(first.text) == findings_of(again.text),
      "the redraw shows the same findings")
check(pages_of(first.text) != pages_of(again.text), "the redraw is a new drawing")

# another list drawn meanwhile (the folder's own) does not make the large one read again
small = draft(fields, "m/recipients.csv", **{"org.name": "Medusind Small"})
check(small.status == 200 and counted(small.text) == (32, 0),
      "a drawing over the folder's own list: %r" % (counted(small.text),))
back = draft(fields, "m/big.csv", **{"org.name": "Medusind Back"})
check("used what an earlier one read" in note_of(back.text),
      "back to the large list, what was read of it is used: %r" % note_of(back.text))

# the list changed: read again, its new row counted
with open(big, "a", newline="", encoding="utf-8") as f:
    csv.writer(f).writerow(["EXTRA-1"] + rows[0][1:])
changed = draft(fields, "m/big.csv", **{"org.name": "Medusind Three"})
check("this drawing read it whole" in note_of(changed.text),
      "a changed list is read again: %r" % note_of(changed.text))
check(counted(changed.text) == (total + 1, 0),
      "the row added is counted: %r" % (counted(changed.text),))

# a category taken out of the incident: its rows are rejected, so the list is read again
cats = dict(fields)["incident.categories"].split("\n")
fewer = "\n".join(c for c in cats if c.split("|")[0].strip() != "contact")
check(fewer != dict(fields)["incident.categories"], "the incident lists 'contact'")
without = draft(fields, "m/big.csv", **{"org.name": "Medusind Four",
                                        "incident.categories": fewer})
check("this drawing read it whole" in note_of(without.text),
      "a category taken out reads the list again: %r" % note_of(without.text))
seen = counted(without.text)
check(seen is not None and seen[0] + seen[1] == total + 1 and seen[1] > 0,
      "the rows naming the category taken out are rejected: %r" % (seen,))
# -- what libxml2 says of a list drawn in the worker thread stays out of the log ---------------
# (its messages quote the bytes it could not read: here, of a person's name)
with open(os.path.join(ws, "m", "broken.xml"), "wb") as f:
    # (declared EUC-JP, which libxml2 converts: bytes that are not EUC-JP make it complain)
    f.write(b'<?xml version="1.0" encoding="EUC-JP"?>\n<recipients>\n  <recipient id="B-1">\n'
            b'    <first-name>Zo\xe9 \xff\xfeQuintana</first-name>\n  </recipient>\n'
            b'</recipients>\n')
broken = draft(fields, "m/broken.xml", **{"org.name": "Medusind Broken"})
check(broken.status == 200, "a draft over a list that is not UTF-8: %d" % broken.status)
log = open(os.path.join(OUT, "serve.log"), "rb").read()
check(b"Quintana" not in log and b"\xe9" not in log and b"encoding error" not in log
      and b"0xE9" not in log, "the log holds nothing libxml2 said of the list")

# -- a server stopped while a drawing waits (for ever: nobody writes its logo) ------------------
stuck_in = threading.Event()


def stuck_writer():
    with open(os.path.join(ws, "m", "stuck.png"), "wb"):  # until the drawing opens it
        stuck_in.set()
        threading.Event().wait()  # and never writes


def stuck_draft():
    try:
        draft(fields, **{"org.logo": "stuck.png"})
    except OSError:
        pass  # the server stopped without answering it, as it should


threading.Thread(target=stuck_writer, daemon=True).start()
threading.Thread(target=stuck_draft, daemon=True).start()
stuck_in.wait()
rc = sv.stop()
log = open(os.path.join(OUT, "serve.log"), encoding="utf-8").read()
check(rc == 0, "the server stops while a drawing waits: status %s" % rc)
check("the work in progress did not end: its files are removed" in log,
      "the server says it left the drawing")
check(not [f for f in os.listdir(os.path.join(ws, "m")) if f.startswith(".bl-draft-")],
      "no draft's private file is left")
check(os.listdir(private) == [], "no private folder is left: %s" % os.listdir(private))
finish()
print("previews drawn in a thread; a list of %d rows read once" % total, file=sys.stderr)
