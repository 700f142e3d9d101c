#!/usr/bin/env python3
"""Checks the print books of a run against the list, the books' CSVs, the manifest and the PDFs
themselves (pdfinfo, pdftotext). Prints one line per problem and exits 1 if there is any.

    python3 books.py INCIDENT LIST DIR N duplex|simplex BAD_ID,BAD_ID...
"""
import glob
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from letters import Incident, read_csv, records  # noqa: E402

incident_path, list_path, out, n, mode, bad = sys.argv[1:7]
n, duplex, bad = int(n), mode == "duplex", set(bad.split(","))
problems = []


def problem(msg):
    problems.append("%s (%s): %s" % (os.path.basename(out), mode, msg))


def fold(text):
    return " ".join(text.split())


recs = records(list_path, Incident(incident_path))
good = [r for r in recs if r.id not in bad]
if len(good) + len(bad) != len(recs):
    problem("the list does not hold every bad id %s" % sorted(bad))

# --- manifest and errors file: every record once, the bad ones as errors ---
manifest = read_csv(os.path.join(out, "manifest.csv"))
if [m["id"] for m in manifest] != [r.id for r in recs]:
    problem("manifest ids %s are not the list's %s in order" % (
        [m["id"] for m in manifest], [r.id for r in recs]))
by_id = {m["id"]: m for m in manifest}
for r in recs:
    m = by_id.get(r.id)
    if m is None:
        continue
    want = "error" if r.id in bad else "ok"
    if m["status"] != want:
        problem("%s has status %s in the manifest, expected %s" % (r.id, m["status"], want))
    if r.id in bad and any(m[k] for k in ("file", "book", "first_page", "pages", "sha256")):
        problem("rejected %s has book fields in the manifest: %s" % (r.id, m))
errors = read_csv(os.path.join(out, "errors.csv"))
if sorted(e["id"] for e in errors) != sorted(bad):
    problem("errors.csv lists %s, expected %s" % (sorted(e["id"] for e in errors), sorted(bad)))

# --- which books: one per chunk of N list records that has a letter ---
chunks = [recs[i:i + n] for i in range(0, len(recs), n)]
want_books = [[r.id for r in c if r.id not in bad] for c in chunks]
want_books = [b for b in want_books if b]
pdfs = sorted(glob.glob(os.path.join(out, "*.pdf")))
names = ["book-%06d.pdf" % (i + 1) for i in range(len(want_books))]
if [os.path.basename(p) for p in pdfs] != names:
    problem("PDFs %s, expected the books %s" % ([os.path.basename(p) for p in pdfs], names))
if glob.glob(os.path.join(out, "**", "*.part"), recursive=True):
    problem("temporary files left")

seen = set()
for b, ids in enumerate(want_books, 1):
    pdf = os.path.join(out, "book-%06d.pdf" % b)
    csv_path = os.path.join(out, "book-%06d.csv" % b)
    if not os.path.exists(pdf) or not os.path.exists(csv_path):
        problem("book %d is missing" % b)
        continue
    rows = read_csv(csv_path)
    if [r["id"] for r in rows] != ids:
        problem("book %d holds %s, expected the letters of list records %d-%d: %s" % (
            b, [r["id"] for r in rows], (b - 1) * n + 1, b * n, ids))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages_m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    book_pages = int(pages_m.group(1)) if pages_m else -1
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                          text=True).stdout.split("\f")
    if text and text[-1] == "":
        text.pop()
    if len(text) != book_pages:
        problem("book %d: pdftotext gives %d pages, pdfinfo %d" % (b, len(text), book_pages))
    expect_next, total, used = 1, 0, set()
    for k, row in enumerate(rows):
        rid = row["id"]
        try:
            seq, first, pages, sheets = (int(row[c]) for c in
                                         ("sequence", "first_page", "pages", "sheets"))
        except ValueError:
            problem("book %d: bad row %s" % (b, row))
            continue
        if rid in seen:
            problem("%s is in more than one book" % rid)
        seen.add(rid)
        if seq != k + 1:
            problem("book %d: %s has sequence %d, expected %d" % (b, rid, seq, k + 1))
        if first != expect_next:
            problem("book %d: %s starts on page %d, expected %d" % (b, rid, first, expect_next))
        want_sheets = (pages + 1) // 2 if duplex else pages
        if sheets != want_sheets:
            problem("book %d: %s has %d pages on %d sheets, expected %d" % (
                b, rid, pages, sheets, want_sheets))
        if duplex and first % 2 != 1:
            problem("book %d: %s starts on even page %d (the back of a sheet)" % (b, rid, first))
        if pages < 1:
            problem("book %d: %s has %d pages" % (b, rid, pages))
        span = 2 * sheets if duplex else pages
        expect_next = first + span
        total += (pages + pages % 2) if duplex else pages
        # the manifest says the same
        m = by_id.get(rid, {})
        for key, want in (("file", "book-%06d.pdf" % b), ("book", str(b)),
                          ("first_page", str(first)), ("pages", str(pages))):
            if m.get(key) != want:
                problem("manifest %s of %s is '%s', book %d's CSV says '%s'" % (
                    key, rid, m.get(key), b, want))
        # the pages themselves: the letter's own text on each, then the padding
        rec = next((r for r in recs if r.id == rid), None)
        for i in range(1, pages + 1):
            p = first + i - 1
            used.add(p)
            if p > len(text):
                problem("book %d: page %d of %s is beyond the book's end" % (b, i, rid))
                break
            t = fold(text[p - 1])
            if ("Page %d of %d" % (i, pages)) not in t:
                problem("book %d page %d lacks 'Page %d of %d' (%s)" % (b, p, i, pages, rid))
            if i == 1:
                for word in (rec.f["first_name"], rec.f["last_name"]) if rec else ():
                    if word not in t:
                        problem("book %d page %d, the first of %s, lacks '%s'" % (
                            b, p, rid, word))
            elif "Reference " + rid not in t:
                problem("book %d page %d lacks the running header 'Reference %s'" % (
                    b, p, rid))
        for p in range(first + pages, first + span):
            used.add(p)
            if p <= len(text) and text[p - 1].strip():
                problem("book %d: padding page %d after %s is not blank: %r" % (
                    b, p, rid, text[p - 1][:80]))
    if book_pages != total:
        problem("book %d has %d pages, its letters need %d" % (b, book_pages, total))
    if used != set(range(1, book_pages + 1)):
        problem("book %d: pages %s belong to no letter" % (
            b, sorted(set(range(1, book_pages + 1)) - used)))
    if duplex and book_pages % 2:
        problem("duplex book %d has an odd page count %d" % (b, book_pages))

if seen != {r.id for r in good}:
    problem("letters in no book: %s; unexpected: %s" % (
        sorted({r.id for r in good} - seen), sorted(seen - {r.id for r in good})))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
