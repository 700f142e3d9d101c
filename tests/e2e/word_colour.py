#!/usr/bin/env python3
"""Tells how a word is drawn on a page of a PDF: its colour and the line through or under it.

Finds the first word equal to WORD on PAGE (pdftotext -bbox), renders the page (pdftoppm, 144
dpi) and looks at the pixels of the word's box: the colour most of its coloured pixels have
(red, green, or black when none is coloured), "struck" when a row across the middle of the box
is drawn in that colour from end to end, "underlined" when such a row lies at the bottom of the
box. Prints e.g. "red struck", "green underlined", "black"; "missing" when there is no such word.

Usage: word_colour.py FILE.pdf PAGE WORD
"""
import html
import re
import subprocess
import sys

pdf, page, wanted = sys.argv[1], sys.argv[2], sys.argv[3]
SCALE = 2  # 144 dpi: 2 pixels a point
boxes = subprocess.run(["pdftotext", "-f", page, "-l", page, "-bbox", pdf, "-"],
                       capture_output=True, text=True, check=True).stdout
for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', boxes):
    if html.unescape(word) == wanted:
        box = [int(float(v) * SCALE) for v in (x0, y0, x1, y1)]
        break
else:
    print("missing")
    sys.exit(0)
ppm = subprocess.run(["pdftoppm", "-f", page, "-l", page, "-r", str(72 * SCALE), pdf],
                     capture_output=True, check=True).stdout
magic, width, height, depth, pixels = re.match(rb"(P6)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", ppm, re.S).groups()
width = int(width)


def colour(x, y):
    i = (y * width + x) * 3
    r, g, b = pixels[i], pixels[i + 1], pixels[i + 2]
    if r > g + 60 and r > b + 60:
        return "red"
    if g > r + 40 and g > b + 20:
        return "green"
    return "black" if max(r, g, b) < 128 else None


x0, y0, x1, y1 = box
counts = {}
for y in range(y0, y1 + 1):
    for x in range(x0, x1 + 1):
        c = colour(x, y)
        if c is not None:
            counts[c] = counts.get(c, 0) + 1
coloured = {c: n for c, n in counts.items() if c != "black"}
main = max(coloured, key=coloured.get) if coloured else "black"


def ruled(rows):
    return any(all(colour(x, y) == main for x in range(x0 + 2, x1 - 1)) for y in rows)


height_px = y1 - y0
line = ""
if ruled(range(y0 + height_px * 3 // 10, y0 + height_px * 7 // 10)):
    line = " struck"
elif ruled(range(y0 + height_px * 7 // 10, y1 + 3)):
    line = " underlined"
print(main + line)
