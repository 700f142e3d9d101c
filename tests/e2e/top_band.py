#!/usr/bin/env python3
"""Prints the text of each page's top band, above the envelope's windows, as poppler reads it.

The windows of page 1 begin 27 pt from the top of the page (the return address at 36 pt less the
window's 9 pt of play: docs/layout.md): a review label must sit wholly above them. For each page
with words whose top is above 27 pt, prints "PAGE: WORDS" (pages counted from 1); exits 1, naming
the page and the word, when such a word reaches down past 27 pt.

Usage: top_band.py FILE.pdf
"""
import html
import re
import subprocess
import sys

BAND = 27.0
WORD = re.compile(r'<word xMin="[-\d.]+" yMin="([-\d.]+)" xMax="[-\d.]+" yMax="([-\d.]+)">(.*?)</word>')

text = subprocess.run(["pdftotext", "-bbox", sys.argv[1], "-"], capture_output=True,
                      text=True, check=True).stdout
bad = 0
for number, page in enumerate(re.findall(r"<page .*?</page>", text, re.S), 1):
    band = []
    for top, bottom, word in WORD.findall(page):
        if float(top) < BAND:
            band.append(html.unescape(word))
            if float(bottom) > BAND:
                print(f"page {number}: '{html.unescape(word)}' reaches {float(bottom):.1f} pt, "
                      f"into the windows", file=sys.stderr)
                bad = 1
    if band:
        print(f"{number}: {' '.join(band)}")
sys.exit(bad)
