# SPDX-License-Identifier: MIT
"""The Medusind incident typed into the workbench's form, then checked and rendered."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish, letters_text  # noqa: E402
from serve_client import Form, Server  # noqa: E402

HOURS = ("Monday through Friday, 8:00 a.m. to 5:30 p.m. Central Time, excluding major U.S. "
         "holidays")
# What the officer types, field by field (the form's names); nothing comes from the XML.
TYPED = {
    "org.name": "Medusind Inc.", "org.short_name": "Medusind",
    "org.description": "a company that provides billing services to dental and medical "
                       "practices",
    "org.address.line1": "100 Example Plaza, Suite 1400", "org.address.city": "Miami",
    "org.address.state": "FL", "org.address.postal_code": "33131", "org.address.country": "US",
    "org.phone": "1-855-555-0142", "org.phone_toll_free": "true", "org.phone_hours": HOURS,
    "org.website": "https://notice.example.com/medusind",
    "org.email": "privacy-notice@example.com",
    "org.signatory.name": "Elena Marchetti-Shaw",
    "org.signatory.title": "Chief Compliance Officer",
    "org.hipaa_role": "business-associate",
    "incident.vector": "hacking", "incident.access": "confirmed",
    "incident.narrative": "We detected suspicious activity on some of our computer systems, "
                          "which hold the billing and claims files of the health care providers "
                          "we serve.",
    "incident.occurred_from": "2023-12-29", "incident.occurred_to": "2023-12-29",
    "incident.discovered": "2023-12-29", "incident.contained": "2023-12-29",
    "incident.notice": "2025-01-06",
    "incident.categories": "health-insurance | health insurance information, such as insurance "
                           "policy numbers and claims and benefit information\r\n"
                           "billing\r\npayment-card\r\nbank-account\r\nmedical-history\r\n"
                           "prescription\r\nmedical-record-number\r\nssn\r\ntin\r\n"
                           "drivers-license\r\npassport\r\ndate-of-birth\r\ncontact",
    "incident.actions": "We took the affected systems offline as soon as we detected the "
                        "suspicious activity.\r\n"
                        "We engaged a leading cybersecurity forensic firm to investigate the "
                        "incident and to determine what information was involved.\r\n"
                        "We reviewed the files involved to identify the people and the "
                        "practices whose information they contained, so that we could notify "
                        "them.\r\n"
                        "We are reviewing our security measures to reduce the risk of a "
                        "similar incident in the future.",
    "monitoring.provider": "Kroll", "monitoring.product": "Identity Monitoring",
    "monitoring.services": "credit monitoring, fraud consultation and identity theft "
                           "restoration",
    "monitoring.months": "24", "monitoring.enrol_by": "2025-04-07",
    "monitoring.url": "https://enroll.example.com/medusind",
    "monitoring.phone": "1-866-555-0187", "monitoring.phone_hours": HOURS,
    "monitoring.engagement": "EXAMPLE-B0187",
    "incident.entities": "\r\n".join([
        "corrangate-dental | provides billing services to | Corrangate Family Dentistry",
        "wrenfield-peds-dental | provides billing services to | Little Wrenfield Pediatric "
        "Dentistry, P.C.",
        "harrowmere-im | provides billing services to | Harrowmere Internal Medicine Associates",
        "linnbrook-ortho | provides billing services to | Linnbrook Orthopedic and Spine Center",
        "sablepoint-oms | provides billing services to | Sable Point Oral and Maxillofacial "
        "Surgery, P.A."]),
    "incident.id": "medusind-2023",
    "incident.total_affected": "360934",
    "incident.columns": "\r\n".join([
        "id | Patient ID", "title | Prefix", "first_name | First Name",
        "middle_name | Middle Name", "last_name | Last Name", "suffix | Suffix",
        "addressee | Mail To", "address1 | Street", "address2 | Street 2", "city | City",
        "state | ST", "postal_code | ZIP", "categories | Data Elements",
        "enrolment_code | Activation Code", "language | Language", "variant | Letter Type",
        "entity | Practice ID"]),
}


ws = os.path.join(OUT, "ws")
os.makedirs(os.path.join(ws, "made"))
# the shipped example beside it, under a name as long, so that reports wrap alike
example = os.path.join(ws, "ship")
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), example)
shutil.copy(os.path.join(example, "recipients.csv"), os.path.join(ws, "made"))
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
sv.login()

# "New incident": an empty form that starts from the shipped template
new = sv.get("/new")
check(new.status == 200, "the new incident's page: %d" % new.status)
form = Form(new.text)
check(form.get("org.name") == "", "a new incident starts empty")
check(form.get("incident.template") == "us-notice", "a new incident's template")

# the layout's nav leads to every screen, the current one marked for assistive technology
SCREENS = [("/", "Workspace"), ("/new", "New incident"), ("/run", "Mass run"),
           ("/person", "One person's letter")]
for path, _ in SCREENS:
    page = sv.get(path)
    nav = re.search(r"<nav aria-label=\"Workbench\">(.*?)</nav>", page.text, re.S)
    check(page.status == 200 and nav is not None, "the nav on %s: %d" % (path, page.status))
    if nav is None:
        continue
    links = re.findall(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav.group(1))
    check([(h, t.replace("&#39;", "'")) for h, _, t in links] == SCREENS,
          "the nav on %s links every screen: %s" % (path, links))
    check([h for h, cur, _ in links if cur] == [path], "on %s, the current screen is marked: %s"
          % (path, links))

# a first save with the organisation's address left out: problems beside their fields
form.set("file", "made/incident.xml")
for key, value in TYPED.items():
    if key not in ("org.address.line1", "incident.discovered"):
        form.set(key, value)
r = sv.post_form("/save", form.fields())
check(r.status == 303, "the first save: %d %s" % (r.status, r.text[:200]))
page = sv.get(r.headers.get("Location", "/"))
check("Saved, with problems to fix" in page.text, "the first save's status")
check("Organisation › Address line 1: fill this in" in page.text, "line 1's problem, in words")
check("Dates › Discovered: fill this in" in page.text, "the discovery date's problem")
check('<p class="error" id="f-org-address-line1-error">' in page.text,
      "the problem beside its field")
check('aria-describedby="f-org-address-line1-help f-org-address-line1-error"' in page.text,
      "the field describes itself by its problem")
check('<a href="#f-org-address-line1">' in page.text, "the summary links to the field")
bad = Form(page.text)
check(set(bad.invalid) == {"org.address.line1", "incident.discovered"},
      "the fields marked invalid: %s" % bad.invalid)

# completed: valid, and the same letters as the shipped example
bad.set("org.address.line1", TYPED["org.address.line1"])
bad.set("incident.discovered", TYPED["incident.discovered"])
r = sv.post_form("/save", bad.fields())
page = sv.get(r.headers.get("Location", "/"))
check("Saved. No problems." in page.text, "the complete incident has no problems")
check(sv.stop() == 0, "the server's exit status")



def bl(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, cwd=ws)


p = bl("check", "made/incident.xml", "--recipients", "made/recipients.csv")
check(p.returncode == 0, "check of the incident made in the form: %d\n%s" % (p.returncode,
                                                                           p.stderr))
q = bl("check", "ship/incident.xml", "--recipients", "ship/recipients.csv")
check(p.stdout.replace("made/", "ship/") == q.stdout, "check's report differs from the shipped "
      "example's:\n" + p.stdout)
bl("render", "made/incident.xml", "--recipients", "made/recipients.csv", "-o", "../a", "-q")
bl("render", "ship/incident.xml", "--recipients", "ship/recipients.csv", "-o", "../b", "-q")
a, b = letters_text(os.path.join(OUT, "a")), letters_text(os.path.join(OUT, "b"))
check(len(a) >= 30, "letters made: %d" % len(a))
check(a == b, "the letters differ from the shipped example's: %s" % [
    k for k in b if a.get(k) != b[k]][:5])
finish()
