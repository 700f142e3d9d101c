#!/usr/bin/env python3
"""Checks every letter of a render against the inputs, independently of the C code.

Reads the incident (categories, column mapping), the recipient CSV and the manifest, then for
each recipient reads the PDF back with pdftotext and checks: the person's name and street
address, exactly that person's data categories in "What Information Was Involved" (in the
incident's order, none of anyone else's), the five headings in order, the salutation of the
variant, the state insert of the person's state and no other, "Page i of N" on every page,
the reference id on follow-on pages, and that no markup or template syntax leaked into the text.

Usage: check_letters.py INCIDENT.xml RECIPIENTS.csv OUTDIR
Prints one line per problem and exits 1 when there is any.
"""
import csv
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HEADINGS = ["What Happened", "What Information Was Involved", "What We Are Doing",
            "What You Can Do", "For More Information"]
STATES = {"CO": "Colorado", "DC": "the District of Columbia", "IA": "Iowa",
          "MA": "Massachusetts", "MD": "Maryland", "NC": "North Carolina", "NM": "New Mexico",
          "NY": "New York", "OR": "Oregon", "RI": "Rhode Island", "WA": "Washington"}
# Inserts that say something only about some data: Colorado's direction to change the password
# and security questions (C.R.S. 6-1-716(2)(c)); what else the state asks for is said to
# everyone in the steps. Illinois has no insert: its statement is made to everyone.
ONLY_FOR = {"CO": {"credentials"}}
# What the laws of the states call personal information today (M.G.L. c. 93H, 1; Cal. Civ.
# Code 1798.82(h); N.Y. GBL 899-aa(1); Tex. Bus. & Com. Code 521.002; Fla. Stat.
# 501.171(1)(g); 815 ILCS 530/5; RCW 19.255.005; C.R.S. 6-1-716(1)(g); D.C. Code 28-3851(3);
# Iowa Code 715C.1(11); Md. Com. Law 14-3501(e); N.C.G.S. 75-61(10); NMSA 57-12C-2; ORS
# 646A.602; R.I. Gen. Laws 11-49.3-3), and the states whose law does not apply to HIPAA
# entities (NMSA 57-12C-8, Tenn. Code 47-18-2107(i), A.R.S. 18-552): a person gets the insert
# of their state only when its law requires notice to them. Dated additions: LATER.
MEDICAL = {"medical-treatment", "medical-history", "diagnosis", "prescription",
           "medical-record-number", "lab-results", "health-insurance"}
MONEY = {"financial-account", "bank-account", "payment-card"}
IDS = {"ssn", "drivers-license", "state-id"}
COVERS = {
    "MA": IDS | MONEY,
    "CA": IDS | MONEY | MEDICAL | {"tin", "passport", "biometric", "credentials"},
    "NY": IDS | MONEY | {"biometric", "credentials"},
    "TX": IDS | MONEY | MEDICAL | {"passport", "tin", "billing"},
    "FL": IDS | MONEY | MEDICAL | {"passport", "credentials"},
    "IL": IDS | MONEY | MEDICAL | {"biometric", "credentials"},
    "WA": IDS | MONEY | MEDICAL | {"passport", "date-of-birth", "biometric", "credentials"},
    "CO": IDS | MONEY | MEDICAL | {"passport", "biometric", "credentials"},
    "DC": IDS | MONEY | MEDICAL | {"tin", "passport", "biometric", "credentials"},
    "IA": IDS | MONEY | {"tin", "passport", "biometric"},
    "MD": IDS | MONEY | MEDICAL | {"tin", "passport", "biometric", "credentials"},
    "NC": IDS | MONEY | {"tin", "passport", "biometric"},
    "NM": IDS | MONEY | {"tin", "passport", "biometric"},
    "OR": IDS | MONEY | MEDICAL | {"passport", "biometric", "credentials"},
    "RI": IDS | MONEY | MEDICAL | {"credentials"},
}
# what a state's law added on a day: it covers it for breaches discovered from then on (New
# York: medical and health insurance information from 2025-03-21)
LATER = {"NY": ("2025-03-21", MEDICAL)}
EXEMPT_FOR_HIPAA = {"NM", "TN", "AZ"}
FIELDS = ["id", "title", "first_name", "middle_name", "last_name", "suffix", "addressee",
          "address1", "address2", "city", "state", "postal_code", "country", "jurisdiction",
          "categories", "enrolment_code", "language", "variant", "entity"]

problems = []
refused = []  # letters render refused as not compliant: the case says which it expects


def problem(rid, msg):
    problems.append(f"{rid}: {msg}")


def fold(text):
    return re.sub(r"\s+", " ", text).strip()


def load_incident(path, src):
    root = ET.parse(path).getroot()
    vocab = {c.get("id"): c.get("label")
             for c in ET.parse(os.path.join(src, "templates", "categories.xml")).getroot()}
    cats = []
    for c in root.find("categories"):
        label = fold(c.text or "") or vocab[c.get("id")]
        cats.append((c.get("id"), label))
    columns = {f: f for f in FIELDS}
    rc = root.find("recipient-columns")
    if rc is not None:
        for col in rc:
            columns[col.get("field")] = col.get("name")
    org = root.find("organisation")
    hipaa = org.get("hipaa-role") in ("covered-entity", "business-associate")
    discovered = root.find("dates").find("discovered").text.strip()
    for code, (since, added) in LATER.items():
        if discovered >= since:
            COVERS[code] = COVERS[code] | added
    return cats, columns, hipaa


def capitalize(label):
    return label[:1].upper() + label[1:]


def involved_items(words):
    """The bullet items between the two headings, as pdftotext gives them."""
    start = words.find("What Information Was Involved")
    end = words.find("What We Are Doing", start)
    if start < 0 or end < 0:
        return None
    section = words[start:end]
    return [fold(item) for item in section.split("\u2022")[1:]]


def check(rid, row, cats, outdir, manifest, hipaa):
    m = manifest.get(rid)
    if m is None:
        problem(rid, "no manifest row")
        return
    if m["status"] == "refused":
        refused.append(rid)
        return
    if m["status"] != "ok":
        problem(rid, f"manifest status {m['status']}: {m['error']}")
        return
    pdf = os.path.join(outdir, m["file"])
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    words = fold(raw)
    pages = raw.count("\f")
    if str(pages) != m["pages"]:
        problem(rid, f"manifest says {m['pages']} pages, the PDF has {pages}")
    for i in range(1, pages + 1):
        if f"Page {i} of {pages}" not in words:
            problem(rid, f"'Page {i} of {pages}' missing")
    if pages > 1 and f"Reference {rid}" not in words:
        problem(rid, "reference id missing from follow-on pages")
    first, last = row["first_name"].strip(), row["last_name"].strip()
    if f"{first}" not in words or f"{last}" not in words:
        problem(rid, "name missing")
    if fold(row["address1"]) not in words:
        problem(rid, "street address missing")
    if row["address2"].strip() and fold(row["address2"]) not in words:
        problem(rid, "second address line missing")
    pos = [words.find(h) for h in HEADINGS]
    if -1 in pos or pos != sorted(pos):
        problem(rid, f"headings missing or out of order: {pos}")
    wanted = [c.strip() for c in re.split(r"[;|]", row["categories"]) if c.strip()]
    expected = [capitalize(label) for cid, label in cats if cid in wanted]
    items = involved_items(words)
    # each bullet starts with its label (a page break may add the running header after it)
    if items is None or len(items) != len(expected) or not all(
            item.startswith(label) for item, label in zip(items, expected)):
        problem(rid, f"categories listed {items}, expected {expected}")
    variant = row["variant"].strip() or "adult"
    salutation = {"adult": f"Dear {first} {last}:",
                  "minor": f"Dear Parent or Guardian of {first} {last}:",
                  "deceased": f"To the Family or Estate of {first} {last}:"}[variant]
    if salutation not in words:
        problem(rid, f"salutation '{salutation}' missing")
    state = (row.get("jurisdiction") or "").strip() or row["state"].strip()
    owed = (not (hipaa and state in EXEMPT_FOR_HIPAA)
            and (state not in COVERS or COVERS[state] & set(wanted)))
    if state in ONLY_FOR and not ONLY_FOR[state] & set(wanted):
        owed = False  # no insert, though the state's law applies
    for code, name in STATES.items():
        shown = f"For residents of {name}" in words
        if code == state and owed and not shown:
            problem(rid, f"insert for {code} missing")
        if code == state and not owed and shown:
            problem(rid, f"insert for {code} shown, but its law owes this person no notice"
                         " or its insert says nothing about their data")
        if code != state and shown:
            problem(rid, f"insert for {code} shown to a resident of {state}")
    for leak in ["<b>", "</", "&amp;", "&lt;", "&apos;", "<field", "{{"]:
        if leak in raw:
            problem(rid, f"markup '{leak}' leaked into the text")


def main():
    incident, recipients, outdir = sys.argv[1:4]
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cats, columns, hipaa = load_incident(incident, src)
    with open(os.path.join(outdir, "manifest.csv"), newline="", encoding="utf-8") as f:
        manifest = {r["id"]: r for r in csv.DictReader(f)}
    count = 0
    with open(recipients, newline="", encoding="utf-8-sig") as f:
        for raw in csv.DictReader(f):
            row = {field: raw.get(columns[field], "") or "" for field in FIELDS}
            check(row["id"].strip(), row, cats, outdir, manifest, hipaa)
            count += 1
    if count != len(manifest):
        problems.append(f"{count} recipients but {len(manifest)} manifest rows")
    for p in problems:
        print(p)
    for rid in refused:
        print(f"refused: {rid}")
    print(f"{count} letters checked, {len(refused)} refused, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
