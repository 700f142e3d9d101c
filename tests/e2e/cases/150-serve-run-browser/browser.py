# SPDX-License-Identifier: MIT
"""One person's letter and a mass run, in headless chromium."""
import csv
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, PNG, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402
from webdriver import Driver  # noqa: E402

ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "medusind"))
subprocess.run([BIN, "render", "medusind/incident.xml", "-r", "medusind/recipients.csv", "-o",
                "mailed-2025-01", "--quiet"], cwd=ws, check=True)
with open(os.path.join(ws, "mailed-2025-01", "manifest.csv"), encoding="utf-8") as f:
    sent = {r["id"]: r for r in csv.DictReader(f)}
# a second mailing whose list has two rows without a postal code: the run's page lists them
with open(os.path.join(ws, "medusind", "recipients.csv"), encoding="utf-8-sig", newline="") as f:
    people = list(csv.reader(f))
zip_col = people[0].index("ZIP")
for row in people[3:5]:
    row[zip_col] = ""
with open(os.path.join(ws, "medusind", "second-mailing.csv"), "w", encoding="utf-8",
          newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(people)
shots = {}
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
d = Driver(os.path.join(OUT, "chromium"))
try:
    d.go(sv.url)
    d.wait_for("return document.readyState === 'complete' && !!document.querySelector('h1')")
    # one person's letter
    d.submit(d.find("a[href='/person']"))
    lists = d.js("return Array.from(document.querySelectorAll('#p-list option'))"
                 ".map(function (o) { return o.textContent; })")
    check(lists == ["medusind/recipients.csv", "medusind/second-mailing.csv"],
          "the lists, without a run's CSV files: %s" % lists)
    d.submit(d.xpath("//button[text()='Open the list']"))
    d.type("#q", "núñez")
    d.submit(d.xpath("//button[text()='Find']"))
    found = d.js("return Array.from(document.querySelectorAll('table.people tbody tr'))"
                 ".map(function (tr) { return tr.cells[0].textContent; })")
    check(found == ["MDS-000131", "MDS-000137"], "two people named Núñez: %s" % found)
    d.submit(d.xpath("//tr[td[text()='MDS-000131']]//button"))
    compare = d.js("var c = document.getElementById('compare'); return c ? c.textContent : ''")
    check(compare.startswith("Identical to the letter sent on mailed-2025-01"),
          "the page says the letter is the one sent: %r" % compare)
    check(d.js("return document.getElementById('letter-sha').textContent") ==
          sent["MDS-000131"]["sha256"], "the letter's hash on the page is the manifest's")
    got = d.js_async(
        "var done = arguments[arguments.length - 1];"
        "var form = document.querySelector('form[action=\"/person/download\"]');"
        "fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})"
        ".then(function (r) { return r.arrayBuffer(); })"
        ".then(function (b) { return crypto.subtle.digest('SHA-256', b); })"
        ".then(function (h) { done(Array.from(new Uint8Array(h)).map(function (x) {"
        "  return ('0' + x.toString(16)).slice(-2); }).join('')); })"
        ".catch(function (e) { done('error: ' + e); });")
    check(got == sent["MDS-000131"]["sha256"], "the letter fetched by the page's form has the "
          "manifest's sha256: %s" % got)
    shots["person"] = d.screenshot(os.path.join(OUT, "person.png"))

    # a mass run
    d.go(sv.base + "/")
    d.submit(d.find("a[href='/run']"))
    d.choose("r-list", "medusind/second-mailing.csv")
    d.type("#r-out", "letters-web")
    d.type("#r-jobs", "2")
    d.submit(d.xpath("//button[text()='Start the run']"))
    first_state = d.js("return document.querySelector('section.run')"
                       ".getAttribute('data-state')")
    check(first_state in ("running", "done"), "the run's section after the start")
    # the page's script follows the run and loads the page again when it ends
    d.wait_for("var s = document.querySelector('section.run');"
               "return s && s.getAttribute('data-state') !== 'running'")
    check(d.js("return document.querySelector('section.run').getAttribute('data-state')") ==
          "done", "the run ends done")
    live = d.js("return [document.getElementById('run-numbers').getAttribute('aria-live'),"
                "document.getElementById('run-announce').getAttribute('aria-live')]")
    check(live == [None, "polite"],
          "the numbers are no live region; the announcements' region is polite: %s" % live)
    if first_state == "running":
        # the script loaded the page again at the end: the heading has the focus, read out
        check(d.js("return document.activeElement && document.activeElement.id") == "run-h",
              "the run's heading takes the focus when the run ends")
    bar = d.js("var p = document.getElementById('run-progress'); return [p.value, p.max]")
    check(bar == [32, 32], "the progress bar is full: %s" % bar)
    numbers = d.js("return document.getElementById('run-numbers').textContent")
    check(numbers.startswith("32 of 32 rows · 30 letters · 2 without a letter"),
          "the numbers: %r" % numbers)
    counts = d.js("return Array.from(document.querySelectorAll('table.counts tbody tr'))"
                  ".map(function (tr) { return tr.textContent; })")
    check(sorted(counts) == ["error2", "ok30"], "the manifest's counts: %s" % counts)
    without = d.js("return Array.from(document.querySelectorAll('table.errors tbody tr'))"
                   ".map(function (tr) { return tr.cells[0].textContent; })")
    check(without == [people[3][0], people[4][0]], "the rows without a letter: %s" % without)
    shots["run"] = d.screenshot(os.path.join(OUT, "run.png"))
finally:
    d.quit()
check(sv.stop() == 0, "the server stops cleanly")
for name, data in shots.items():
    check(data[:8] == PNG and len(data) > 10000, "the %s page's screenshot is a PNG" % name)
    if os.environ.get("BL_SCREENSHOTS"):
        shutil.copy(os.path.join(OUT, name + ".png"), os.environ["BL_SCREENSHOTS"])
check(len(shots) == 2, "both screenshots taken")
finish()
print("ok")
