# SPDX-License-Identifier: MIT
"""One person's letter through the workbench, checked against render's own files."""
import csv
import hashlib
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402


def sha(data):
    return hashlib.sha256(data).hexdigest()


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
ID, NAME_PART = "MDS-000142", "wiśNIEWSKI"
# a full render of the list from the workspace, as a person would run it there
subprocess.run([BIN, "render", "m/incident.xml", "-r", "m/recipients.csv", "-o", "run1",
                "--quiet"], cwd=ws, check=True)
with open(os.path.join(ws, "run1", "manifest.csv"), encoding="utf-8") as f:
    rows = {r["id"]: r for r in csv.DictReader(f)}
# render --only of the same person, into a folder of its own
subprocess.run([BIN, "render", "m/incident.xml", "-r", "m/recipients.csv", "-o",
                os.path.join(OUT, "only"), "--only", ID, "--quiet"], cwd=ws, check=True)
with open(os.path.join(OUT, "only", ID + ".pdf"), "rb") as f:
    only_pdf = f.read()
check(sha(only_pdf) == rows[ID]["sha256"], "render --only equals the full run (the premise)")

sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()
home = sv.get("/").text
check('href="/person"' in home, "the home page leads to one person's letter")
chooser = sv.get("/person")
check(chooser.status == 200 and '<option>m/recipients.csv</option>' in chooser.text,
      "the person page offers the workspace's lists")
page = sv.get("/person?file=m/incident.xml&list=m/recipients.csv")
check(page.status == 200 and 'action="/person/search"' in page.text, "the search form")
csrf = re.search(r'name="csrf" value="([^"]*)"', page.text).group(1)
base = {"csrf": csrf, "file": "m/incident.xml", "list": "m/recipients.csv"}


def ids_in(text):
    return re.findall(r'name="id" value="([^"]*)"', text)


# by id, in another case
r = sv.post_form("/person/search", dict(base, q=ID.lower()))
check(r.status == 200 and ids_in(r.text) == [ID], "found by id: %s" % ids_in(r.text))
# by part of the name, in another case, with its accent
r = sv.post_form("/person/search", dict(base, q=NAME_PART))
check(ids_in(r.text) == [ID] and "Łukasz" in r.text, "found by name: %s" % ids_in(r.text))
# a search that matches everyone shows 20 at most, and says there are more
r = sv.post_form("/person/search", dict(base, q="MDS-"))
check(len(ids_in(r.text)) == 20 and "32 matches" in r.text,
      "at most 20 shown of 32: %d" % len(ids_in(r.text)))
r = sv.post_form("/person/search", dict(base, q="zzzz-nobody"))
check(ids_in(r.text) == [] and "No one in the list matches" in r.text, "no match")
r = sv.post_form("/person/search", dict(base, q="M"))
check(r.status == 422 and ids_in(r.text) == [], "one character is too little to search")
# without the form's token, nothing is found
r = sv.post_form("/person/search", {"file": "m/incident.xml", "list": "m/recipients.csv",
                                    "q": ID})
check(r.status == 403 and ID not in r.text, "a search without the form's token is refused")
r = sv.post_form("/person/search", dict(base, file="../x.xml", q=ID))
check(r.status == 404, "an incident outside the workspace is refused: %d" % r.status)

# the letter: its hash on the page, identical to the run's, and the download byte for byte
r = sv.post_form("/person/letter", dict(base, id=ID))
check(r.status == 200 and rows[ID]["sha256"] in r.text, "the letter's sha256 on the page")
check("Identical to the letter sent on <strong>run1</strong>" in r.text,
      "the page says the letter is the one run1 sent")
check(re.search(r'<h2 id="letter-h">The letter of %s: [^<]*Wiśniewski</h2>' % ID, r.text),
      "the letter's heading names the person")
imgs = re.findall(r'<img src="(/person/page\.png\?[^"]*)"', r.text)
check(len(imgs) == int(rows[ID]["pages"]), "a picture of each page: %d" % len(imgs))
check(all(ID not in i and "142" not in i for i in imgs), "no id in the pictures' addresses")
for i in imgs:
    png = sv.get(i.replace("&amp;", "&"))
    check(png.status == 200 and png.body[:8] == b"\x89PNG\r\n\x1a\n", "a page as a PNG")
if imgs:
    check(sv.get(imgs[0].replace("&amp;", "&").replace("page=1", "page=99")).status == 404,
          "no page beyond the letter's")
check(sv.get("/person/page.png?key=nokey&page=1").status == 404, "no picture of an unknown key")
d = sv.post_form("/person/download", dict(base, id=ID))
check(d.status == 200 and d.headers.get("Content-Type") == "application/pdf",
      "the download is a PDF: %d %s" % (d.status, d.headers.get("Content-Type")))
check(d.body == only_pdf, "the download is byte for byte render --only's letter")
check(sha(d.body) == rows[ID]["sha256"], "the download has the manifest's sha256")
check('filename="%s.pdf"' % ID in (d.headers.get("Content-Disposition") or ""),
      "the download is named as render names the letter")
with open(os.path.join(OUT, "download.pdf"), "wb") as f:
    f.write(d.body)
text = subprocess.run(["pdftotext", "-layout", os.path.join(OUT, "download.pdf"), "-"],
                      capture_output=True, text=True, check=True).stdout
check("Wiśniewski" in text, "the letter read back is the person's")
r = sv.post_form("/person/letter", dict(base, id="NOT-IN-LIST"))
check("No letter" in r.text and 'id="download"' not in r.text, "no letter for an unknown id")

# ids shaped like account numbers are withheld in a manifest ("[number withheld]"), alike for
# two people: each one's letter is found, and compared with the run's row of their own line
with open(os.path.join(ws, "m", "recipients.csv"), encoding="utf-8", newline="") as f:
    header, *people = list(csv.reader(f))
numbered = [["123-45-6789"] + people[0][1:], ["987-65-4321"] + people[1][1:]]
with open(os.path.join(ws, "m", "numbered.csv"), "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([header] + numbered)
subprocess.run([BIN, "render", "m/incident.xml", "-r", "m/numbered.csv", "-o", "run2",
                "--quiet"], cwd=ws, check=True)
with open(os.path.join(ws, "run2", "manifest.csv"), encoding="utf-8") as f:
    run2 = list(csv.DictReader(f))
check(len(run2) == 2 and run2[0]["id"] == run2[1]["id"] and "987" not in run2[1]["id"],
      "the two ids are withheld alike in the run's manifest (the premise): %s" %
      [r["id"] for r in run2])
other = dict(base, list="m/numbered.csv")
r = sv.post_form("/person/letter", dict(other, id="987-65-4321"))
check(r.status == 200 and run2[1]["sha256"] in r.text and run2[0]["sha256"] not in r.text,
      "the second person's letter, with their own row's sha256")
check("Identical to the letter sent on <strong>run2</strong>" in r.text,
      "compared with the run by their line")
d = sv.post_form("/person/download", dict(other, id="987-65-4321"))
check(d.status == 200 and sha(d.body) == run2[1]["sha256"],
      "the download of a person whose id is withheld")
check('filename="%s"' % os.path.basename(run2[1]["file"]) in
      (d.headers.get("Content-Disposition") or ""),
      "named as the run named it: %s" % d.headers.get("Content-Disposition"))

# a run in large print sent another letter: the page says why it differs, from the manifest
subprocess.run([BIN, "render", "m/incident.xml", "-r", "m/recipients.csv", "-o", "big",
                "--only", ID, "--large-print", "--quiet"], cwd=ws, check=True)
with open(os.path.join(ws, "big", "manifest.csv"), encoding="utf-8") as f:
    big = {r["id"]: r for r in csv.DictReader(f)}
check(big[ID]["large_print"] == "yes" and big[ID]["sha256"] != rows[ID]["sha256"],
      "the large-print run's manifest says so (the premise)")
r = sv.post_form("/person/letter", dict(base, id=ID))
check("Identical to the letter sent on <strong>run1</strong>" in r.text
      and "The run in <strong>big</strong>" in r.text
      and "the run made it in large print; this letter is the standard print." in r.text,
      "the page says the large-print run's letter differs by its print")
check("templates or fonts" not in r.text, "and does not guess at another cause")

# the incident changes: the letter made now is not the one sent, and the page says so
inc = os.path.join(ws, "m", "incident.xml")
with open(inc, encoding="utf-8") as f:
    xml = f.read()
changed = xml.replace("billing and claims files", "billing, claims and payment files", 1)
check(changed != xml, "the incident has a narrative to change")
with open(inc, "w", encoding="utf-8") as f:
    f.write(changed)
r = sv.post_form("/person/letter", dict(base, id=ID))
check("Not the letter sent." in r.text and "the incident changed since that run" in r.text,
      "after a change of incident the page warns that the letter differs")
check('role="alert"' in r.text, "the warning is an alert")

check(sv.stop() == 0, "the server stops cleanly")
log = sv.log_text()
for secret in (ID, ID.lower(), "Wiśniewski", NAME_PART, "Łukasz", "MDS-", "zzzz"):
    check(secret not in log, "the server's log holds no search term or name (%r)" % secret)
check("POST /person/search" in log and "POST /person/download" in log,
      "the log has the requests, method and path")
finish()
print("ok")
