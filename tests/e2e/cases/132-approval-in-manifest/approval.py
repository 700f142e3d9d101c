# SPDX-License-Identifier: MIT
"""The manifest's approval column: two variants approved through the workbench, render
--require-approval names each letter's approval (a PDF per letter and print books, worker
processes, shards merged, --only), the run's record sums them; without the option the column is
empty; a manifest written before the column is updated by --only with the column added."""
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402

ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
incident = os.path.join(ws, "m", "incident.xml")
recipients = os.path.join(ws, "m", "recipients.csv")

# two variants approved through the workbench, the others not
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
page = sv.get("/signoff?file=m/incident.xml&list=m/recipients.csv").text
counts, seen = {}, {}
for section in page.split('<section class="variant"')[1:]:
    key = re.search(r'name="variant" value="([^"]*)"', section).group(1)
    counts[key] = int(re.search(r" · (\d+) recipients?</p>", section).group(1))
    # the form names the wording shown and the incident's version: the approval is of those
    seen[key] = {n: re.search(r'name="%s" value="([^"]*)"' % n, section).group(1)
                 for n in ("wording", "incident")}
keys = sorted(counts, key=lambda k: -counts[k])  # the two most common approved
check(len(keys) >= 3, "at least three variants: %s" % keys)
csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
for key, name in [(keys[0], "Dana Reviewer"), (keys[1], "Lee Counsel")]:
    r = sv.post_form("/approve", {"file": "m/incident.xml", "list": "m/recipients.csv",
                                  "csrf": csrf, "variant": key, "reviewer": name, **seen[key]})
    check(r.status == 303, "approving %s: %d" % (key, r.status))
check(sv.stop() == 0, "the server ends cleanly")
want = {"A1": counts[keys[0]], "A2": counts[keys[1]]}


def read(out, manifest="manifest.csv"):
    with open(os.path.join(out, manifest), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, manifest[:-4] + ".run.json"), encoding="utf-8") as f:
        record = json.load(f)
    return rows, record


def render(name, *extra, rc_want=1):
    out = os.path.join(OUT, name)
    p = subprocess.run([BIN, "render", incident, "--recipients", recipients, "-o", out, "-q",
                        *extra], capture_output=True, text=True)
    check(p.returncode == rc_want, "%s: exit status %d, not %d: %s"
          % (name, p.returncode, rc_want, p.stderr[-400:]))
    return out


def by_approval(rows):
    n = {}
    for r in rows:
        if r["approval"]:
            n[r["approval"]] = n.get(r["approval"], 0) + 1
    return n


def approved_run(name, rows, record):
    """Each letter names its variant's approval; each refused row names none."""
    letters = [r for r in rows if r["status"] == "ok"]
    refused = [r for r in rows if r["status"] != "ok"]
    check(len(rows) == sum(counts.values()), "%s: a row per recipient" % name)
    check(by_approval(rows) == want, "%s: letters by approval %s, not %s"
          % (name, by_approval(rows), want))
    check(all(r["approval"] in ("A1", "A2") for r in letters), "%s: every letter approved" % name)
    check(all(r["approval"] == "" for r in refused), "%s: no approval on a refused row" % name)
    check(all(re.fullmatch(r"variant (\S+) not approved", r["error"]) and
              r["error"].split()[1] not in keys[:2] for r in refused),
          "%s: the refused rows are of the variants not approved" % name)
    check(record["options"]["require_approval"] is True, "%s: the record says approval" % name)
    s = record.get("summary", {})
    check(s.get("approvals") == want and s.get("letters") == len(letters) and
          s.get("rows") == len(rows) and s.get("errors") == len(refused) and
          s.get("large_print") == 0, "%s: the record's summary %s" % (name, s))


# a PDF per letter, two workers
one = render("letters", "--require-approval", "--jobs", "2")
rows, record = read(one)
approved_run("letters", rows, record)
approval_of = {r["id"]: r["approval"] for r in rows}
for r in rows:
    if r["status"] == "ok":
        check(os.path.exists(os.path.join(one, r["file"])), "the letter %s" % r["file"])

# print books of 4 letters: the rows held until the book is done keep their approval
books = render("books", "--require-approval", "--jobs", "2", "--book=4")
rows_b, record_b = read(books)
approved_run("books", rows_b, record_b)
check({r["id"]: r["approval"] for r in rows_b} == approval_of, "books: the same approvals")

# shards, merged: the whole run's manifest, byte for byte, and its summary
shards = []
for k in (0, 1):
    out = render("s%d" % k, "--require-approval", "--book=4", "--shard", "%d/2" % k)
    shards.append(os.path.join(out, "manifest-%d-of-2.csv" % k))
merged = os.path.join(OUT, "merged.csv")
p = subprocess.run([BIN, "manifest", "merge", incident, "--recipients", recipients, "-o", merged,
                    *shards], capture_output=True, text=True)
check(p.returncode == 0, "merge: %d %s" % (p.returncode, p.stderr[-400:]))
with open(merged, "rb") as f, open(os.path.join(books, "manifest.csv"), "rb") as g:
    check(f.read() == g.read(), "the merged manifest is the whole run's")
check("%d under approval A1 and %d under approval A2; merged manifest" % (want["A1"], want["A2"])
      in p.stderr, "merge sums the letters under each approval: %s" % p.stderr)
with open(os.path.join(OUT, "merged.run.json"), encoding="utf-8") as f:
    check(json.load(f)["summary"] == record_b["summary"], "the merged record's summary")

# --only into the finished run: the letter keeps its approval, the record its summary
first = next(r for r in rows if r["approval"] == "A2")
render("letters", "--require-approval", "--only", first["id"], rc_want=0)
rows_o, record_o = read(one)
check(rows_o == rows, "--only: the manifest is as it was")
check(record_o["summary"] == record["summary"], "--only: the summary is as it was")
# a run without --require-approval is another run: --only with it is refused there
plain = render("plain", rc_want=0)
render("plain", "--require-approval", "--only", first["id"], rc_want=3)

# without --require-approval: every letter, no approval named
rows_p, record_p = read(plain)
check(all(r["status"] == "ok" and r["approval"] == "" for r in rows_p),
      "without --require-approval no approval is named")
check(record_p["options"]["require_approval"] is False and
      record_p["summary"]["approvals"] == {} and
      record_p["summary"]["letters"] == len(rows_p), "plain: the record %s" % record_p["summary"])

# a manifest written before the approval column: --only updates it with the column added
with open(os.path.join(plain, "manifest.csv"), newline="", encoding="utf-8") as f:
    table = list(csv.reader(f))
check(table[0][-1] == "approval" and len(table[0]) == 14, "the approval column is the last")
with open(os.path.join(plain, "manifest.csv"), "w", newline="", encoding="utf-8") as f:
    csv.writer(f, lineterminator="\r\n").writerows([r[:-1] for r in table])
record_path = os.path.join(plain, "manifest.run.json")
with open(record_path, encoding="utf-8") as f:
    old = json.load(f)
del old["summary"]
del old["options"]["require_approval"]
with open(os.path.join(plain, "manifest.csv"), "rb") as f:
    old["manifest"]["sha256"] = hashlib.sha256(f.read()).hexdigest()
with open(record_path, "w", encoding="utf-8") as f:
    json.dump(old, f)
render("plain", "--only", first["id"], rc_want=0)
with open(os.path.join(plain, "manifest.csv"), newline="", encoding="utf-8") as f:
    again = list(csv.reader(f))
check(again == table, "--only into an older manifest: every row with the column, as before")
rows_p2, record_p2 = read(plain)
check(record_p2["summary"] == record_p["summary"], "the older run's record gets its summary")
finish()
