# SPDX-License-Identifier: MIT
"""Two variants approved in headless chromium, then render --require-approval before and after a
change of wording."""
import csv
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402
from webdriver import ENTER, Driver  # noqa: E402


def render(name):
    out = os.path.join(OUT, name)
    p = subprocess.run([BIN, "render", incident, "--recipients", recipients, "-o", out, "-q",
                        "--require-approval"], capture_output=True, text=True)
    with open(os.path.join(out, "manifest.csv"), newline="", encoding="utf-8") as f:
        return p.returncode, out, list(csv.DictReader(f))


def words(pdf):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True)
    return " ".join(p.stdout.split())


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
incident = os.path.join(ws, "m", "incident.xml")
recipients = os.path.join(ws, "m", "recipients.csv")
PAGE = "/signoff?file=m/incident.xml&list=m/recipients.csv"
LOADED = "Array.from(document.images).every(i => i.complete)"  # nothing moves under a click

sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
d = Driver(os.path.join(OUT, "chromium"))
try:
    d.go(sv.base + PAGE)
    check(d.js("return document.title").startswith("Refused"), "the page without the token")
    d.go(sv.url)  # the token, kept as the session's cookie
    d.go(sv.base + PAGE)
    # the variants as the page shows them: number, key, recipients
    shown = d.js("""return Array.from(document.querySelectorAll('section.variant')).map(s => [
        s.id.slice(2), s.querySelector('input[name=variant]').value,
        parseInt(s.querySelector('p').textContent.match(/(\\d+) recipients?$/)[1])])""")
    check(len(shown) >= 3, "variants to approve: %s" % shown)
    shown.sort(key=lambda v: -v[2])  # the two with the most recipients
    (n1, key1, count1), (n2, key2, count2) = shown[0], shown[1]

    # the first: a name typed, the button clicked
    d.until(LOADED)
    d.keys(d.find("#name-%s" % n1), "Dana Reviewer")
    d.submit(d.xpath("//button[text()='Approve variant %s']" % n1))
    status = d.js("return document.querySelector('#v-%s .status').textContent" % n1)
    check(re.fullmatch(r"Approved by Dana Reviewer on \S+ \(approval A1\)\.", status) is not None,
          "variant %s approved: %r" % (n1, status))
    # the second: a name typed and Enter pressed in the field, as a keyboard user does
    d.until(LOADED)
    d.after(lambda: d.keys(d.find("#name-%s" % n2), "Lee Counsel" + ENTER))
    status = d.js("return document.querySelector('#v-%s .status').textContent" % n2)
    check(re.fullmatch(r"Approved by Lee Counsel on \S+ \(approval A2\)\.", status) is not None,
          "variant %s approved by keyboard: %r" % (n2, status))
    check(d.js("return document.querySelectorAll('form[action=\"/approve\"]').length") ==
          len(shown) - 2, "a form for each variant still to approve")

    # render accepts the letters of the approved variants, each naming its approval
    rc, out, rows = render("approved")
    check(rc == 1, "render --require-approval with two variants approved: exit %d" % rc)
    made = {}
    for r in rows:
        if r["status"] == "ok":
            made[r["approval"]] = made.get(r["approval"], 0) + 1
    check(made == {"A1": count1, "A2": count2}, "letters by approval: %s, not A1: %d, A2: %d"
          % (made, count1, count2))
    check(all(r["approval"] == "" and r["error"].endswith(" not approved")
              for r in rows if r["status"] != "ok"), "the other variants refused")
    letter = next(r for r in rows if r["approval"] == "A1")
    text = words(os.path.join(out, letter["file"]))
    check("we are offering you 24 months of Identity Monitoring" in text,
          "the approved letter states the months of monitoring")

    # a change of wording: the letters state 36 months now
    with open(incident, encoding="utf-8") as f:
        xml = f.read()
    changed = xml.replace('months="24"', 'months="36"', 1)
    check(changed != xml, "the example offers 24 months of monitoring")
    with open(incident, "w", encoding="utf-8") as f:
        f.write(changed)
    rc, out, rows = render("changed")
    check(rc == 1, "render --require-approval after the change: exit %d" % rc)
    check(all(r["status"] == "error" and r["approval"] == "" for r in rows),
          "no letter goes out: %s" % sorted({(r["status"], r["approval"]) for r in rows}))
    stale = [r["error"] for r in rows if "changed after its approval" in r["error"]]
    check(len(stale) == count1 + count2, "the approved variants' letters refused: %d" % len(stale))
    check(all(re.fullmatch(r"the wording of variant (\S+) changed after its approval by "
                           r"(Dana Reviewer|Lee Counsel) on \S+", e) for e in stale),
          "each refusal says whose approval no longer holds: %s" % stale[:1])
    check([p for p in os.listdir(out) if p.endswith(".pdf")] == [], "no letter made")
    d.go(sv.base + PAGE)
    check(d.js("return document.body.innerText").count(
        "Not approved: the wording changed after its approval by ") == 2,
        "the page says the two approvals no longer hold")
finally:
    d.quit()
    check(sv.stop() == 0, "the server's exit status")
finish()
