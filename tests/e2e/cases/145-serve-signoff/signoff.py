# SPDX-License-Identifier: MIT
"""Sign-off through the workbench: every variant approved, then the wording changed."""
import csv
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402

ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
incident = os.path.join(ws, "m", "incident.xml")
approvals = os.path.join(ws, "m", "incident.approvals.json")
PAGE = "/signoff?file=m/incident.xml&list=m/recipients.csv"

sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
home = sv.get("/").text
check('<form method="get" action="/signoff">' in home and "<option>m/recipients.csv</option>"
      in home, "the home page leads to the sign-off page of an incident for a list")
page = sv.get(PAGE)
check(page.status == 200, "the sign-off page: %d" % page.status)
keys = re.findall(r'name="variant" value="([^"]*)"', page.text)
sections = re.findall(r'<section class="variant"', page.text)
check(len(keys) >= 2, "at least two variants to approve: %s" % keys)
check(len(keys) == len(set(keys)) == len(sections), "each variant once: %s" % keys)
check(page.text.count("Not approved yet.") == len(keys), "none approved at first")
imgs = re.findall(r'<img class="preview"[^>]*src="([^"]*)"', page.text)
check(len(imgs) == len(keys), "a picture for each variant")
# each variant's picture and its link to every page are of its own state, variant and language
links = re.findall(r'<a href="(/edit\?[^"]*)">Read every page of variant', page.text)
check(len(links) == len(keys), "a link to every page of each variant")
for key, img, link in zip(keys, imgs, links):
    j, variant, language = key.split("|")[:3]
    want = "jurisdiction=%s&amp;variant=%s&amp;language=%s" % (j, variant, language)
    check(want in img and want in link, "variant %s: its own letter (%s, %s)" % (key, img, link))
if imgs:
    png = sv.get(imgs[0].replace("&amp;", "&"))
    check(png.status == 200 and png.body[:8] == b"\x89PNG\r\n\x1a\n", "page 1 as a PNG")
csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)
base = {"file": "m/incident.xml", "list": "m/recipients.csv"}
# each form names the wording shown (its hash) and the incident's version (its SHA-256)
wordings = re.findall(r'name="wording" value="([0-9a-f]{64})"', page.text)
shas = re.findall(r'name="incident" value="([0-9a-f]{64})"', page.text)
with open(incident, "rb") as f:
    sha = hashlib.sha256(f.read()).hexdigest()
check(len(wordings) == len(keys) and len(set(wordings)) == len(keys),
      "each form names its variant's wording: %s" % wordings)
check(shas == [sha] * len(keys), "each form names the incident's SHA-256: %s" % shas)
seen = {k: {"wording": w, "incident": sha} for k, w in zip(keys, wordings)}

# refused: without the form's token, from another origin, without a name
r = sv.post_form("/approve", dict(base, variant=keys[0], reviewer="Mallory"))
check(r.status == 403, "an approval without the form's token is refused: %d" % r.status)
r = sv.post_form("/approve", dict(base, csrf=csrf, variant=keys[0], reviewer="Mallory"),
                 origin="http://evil.example")
check(r.status == 403, "an approval from another origin is refused: %d" % r.status)
r = sv.post_form("/approve", dict(base, csrf=csrf, variant=keys[0], reviewer="  "))
check(r.status == 422 and "reviewer" in r.text, "an approval without a name is refused")
# the name: trimmed, 1 to 200 characters, no control character; the refusal names the field
for bad, why in [("a\nb<script>", "control character"), ("Dana\tReviewer", "control character"),
                 ("x" * 201, "longer than 200"), ("\u200b", "")]:
    r = sv.post_form("/approve", dict(base, csrf=csrf, variant=keys[0], reviewer=bad,
                                      **seen[keys[0]]))
    check(r.status == 422 and "Your name (the reviewer)" in r.text and why in r.text,
          "the name %r is refused naming the field: %d %s" % (bad, r.status, r.text[-300:]))
# an approval of a wording other than the current one (a stale page) is refused
stale_cases = [("the wording", dict(seen[keys[0]], wording="0" * 64)),
               ("the incident", dict(seen[keys[0]], incident="0" * 64)),
               ("neither named", {})]
for what, names in stale_cases:
    r = sv.post_form("/approve", dict(base, csrf=csrf, variant=keys[0], reviewer="Dana",
                                      **names))
    check(r.status == 409 and "the wording changed since you read it: reload the page" in
          r.text.lower(), "an approval naming a stale %s: %d %s" % (what, r.status,
                                                                    r.text[-300:]))
check(not os.path.exists(approvals), "nothing approved by refused requests")

for i, key in enumerate(keys):
    name = "Dana Reviewer" if i == 0 else "  Lee Counsel\u00a0"
    r = sv.post_form("/approve", dict(base, csrf=csrf, variant=key, reviewer=name, **seen[key]))
    check(r.status == 303, "approving %s: %d %s" % (key, r.status, r.text[-300:]))

check(stat.S_IMODE(os.stat(approvals).st_mode) == 0o600, "the approvals file is owner-only")
with open(approvals, encoding="utf-8") as f:
    recorded = json.load(f)["approvals"]
check([a["variant"] for a in recorded] == keys, "one approval per variant, in order")
for a in recorded:
    check(re.fullmatch(r"[0-9a-f]{64}", a["wording"]) is not None, "a wording hash")
    check(a["incident"] == sha, "the incident's version")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", a["time"]) is not None, "the time")
check(recorded[0]["reviewer"] == "Dana Reviewer", "the reviewer's name")
check(all(a["reviewer"] == "Lee Counsel" for a in recorded[1:]), "the name trimmed: %s"
      % [a["reviewer"] for a in recorded[1:]])
check(len({a["wording"] for a in recorded}) == len(recorded), "each variant its own wording")

page = sv.get(PAGE)
check(page.text.count("Approved by ") == len(keys), "every variant shown approved")
check('action="/approve"' not in page.text, "no form for an approved variant")



def render(name, *extra):
    out = os.path.join(OUT, name)
    p = subprocess.run([BIN, "render", incident, "--recipients",
                        os.path.join(ws, "m", "recipients.csv"), "-o", out, "--quiet", *extra],
                       capture_output=True, text=True)
    with open(os.path.join(out, "manifest.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "errors.csv"), encoding="utf-8") as f:
        errors = list(csv.DictReader(f))
    return p.returncode, rows, errors


# every variant approved: render --require-approval makes every letter
rc, rows, errors = render("approved", "--require-approval")
check(rc == 0, "render --require-approval with every variant approved: %d" % rc)
check(len(rows) > 0 and all(r["status"] == "ok" for r in rows),
      "every letter made: %s" % sorted({r["status"] for r in rows}))
check(errors == [], "no errors: %s" % errors[:2])

# a change of wording: the approvals no longer hold
with open(incident, encoding="utf-8") as f:
    xml = f.read()
changed = re.sub(r'months="(\d+)"', lambda m: 'months="%d"' % (int(m.group(1)) + 12), xml, 1)
check(changed != xml, "the example offers months of monitoring")
with open(incident, "w", encoding="utf-8") as f:
    f.write(changed)
# the page read before the change: its approval is refused, and nothing is written
with open(approvals, "rb") as f:
    approved = f.read()
r = sv.post_form("/approve", dict(base, csrf=csrf, variant=keys[0], reviewer="Dana Reviewer",
                                  **seen[keys[0]]))
check(r.status == 409, "an approval from the page read before the change: %d" % r.status)
with open(approvals, "rb") as f:
    check(f.read() == approved, "a refused approval writes nothing")
page = sv.get(PAGE)
stale = page.text.count("Not approved: the wording changed after its approval by ")
check(stale >= 1, "the changed wording is no longer approved")
check(page.text.count('action="/approve"') == stale, "a form for each to approve again")


rc, rows, errors = render("changed", "--require-approval")
check(rc == 1, "render --require-approval after a change of wording refuses: %d" % rc)
refused = [r for r in rows if r["status"] == "error"]
check(len(refused) > 0, "letters refused after the change")
check(all(re.fullmatch(r"the wording of variant \S+ changed after its approval by "
                       r"(Dana Reviewer|Lee Counsel) on \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                       e["error"]) for e in errors) and len(errors) == len(refused),
      "each refusal says which approval no longer holds: %s" % errors[:2])
rc, rows, errors = render("plain")
check(rc == 0 and all(r["status"] == "ok" for r in rows), "render without the option: %d" % rc)

# a variant never approved
with open(approvals, encoding="utf-8") as f:
    doc = json.load(f)
with open(approvals, "w", encoding="utf-8") as f:
    json.dump({"approvals": []}, f)
rc, rows, errors = render("none", "--require-approval")
check(rc == 1 and errors and all(re.fullmatch(r"variant \S+ not approved", e["error"])
                                 for e in errors), "no approval: %s" % errors[:1])

check(sv.stop() == 0, "the server ends cleanly")
log = sv.log_text()
check("Dana" not in log and "Lee Counsel" not in log, "no reviewer's name in the log")
finish()
