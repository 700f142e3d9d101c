#!/usr/bin/env python3
"""Checks that a translated letter says nothing in English, independently of the C code.

Reads a .pot written by 'breachletter strings' and takes from each of the template's texts the
words between its {fields} and <tags> (pieces of two words or more: "What Happened", "Dear",
"Page 1 of" are caught by the fixed list below); then reads each letter's text (pdftotext) and
prints every such English piece found in it. Field values (names, addresses, the product's
name) are not in the .pot, so they are never reported.
With --script han, also prints letters with fewer Chinese characters than Latin letters (the
addresses, websites and names stay in Latin letters).

Usage: language_check.py [--script han] MESSAGES.pot LETTER.pdf...
Prints one line per problem and exits 1 when there is any.
"""
import re
import subprocess
import sys

FIXED = ["Dear ", "Sincerely", "Page 1 of", "What Happened", "January", "February", "March",
         "April", "June", "July", "August", "September", "October", "November", "December"]

args = sys.argv[1:]
script = None
if args[0] == "--script":
    script, args = args[1], args[2:]
pot, pdfs = args[0], args[1:]
pieces = set(FIXED)
text = open(pot, encoding="utf-8").read().split("# The incident's own words")[0]
for m in re.finditer(r'^msgid "(.+)"$', text, re.M):
    msgid = m.group(1).replace('\\"', '"')
    for piece in re.split(r"\{[^}]*\}|<[^>]*>", msgid):
        piece = " ".join(piece.split()).strip(" .,:;")
        if len(piece.split()) >= 2:
            pieces.add(piece)
if len(pieces) < 100:
    sys.exit(f"{pot}: only {len(pieces)} English phrases: is it a .pot of 'breachletter strings'?")
bad = 0
for pdf in pdfs:
    words = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                                    capture_output=True, text=True).stdout.split())
    for piece in sorted(pieces):
        if re.search(r"(?<!\w)" + re.escape(piece.strip()) + r"(?!\w)", words):
            print(f"{pdf}: English text '{piece}'")
            bad += 1
    if script == "han":
        han = len(re.findall(r"[\u4e00-\u9fff]", words))
        latin = len(re.findall(r"[A-Za-z]", words))
        if han <= latin:
            print(f"{pdf}: {han} Chinese characters and {latin} Latin letters")
            bad += 1
sys.exit(1 if bad else 0)
