#!/usr/bin/env python3
"""Says whether words of a letter are drawn inside a box's rule, read back from the PDF (qpdf's
uncompressed pages, poppler's word boxes), not from the program's code. A box is drawn as a
rectangle filled with the box's pale ground (0.94 0.95 0.96) and stroked ("re B"), in the page's
top-down coordinates (cairo's "1 0 0 -1 0 792 cm").

Usage: frames.py FILE.pdf WORD...
Prints, for each word (its first occurrence in the letter), "WORD PAGE inside" or
"WORD PAGE outside", and "boxes PAGE N" for every page.
"""
import re
import subprocess
import sys
import tempfile

pdf, words = sys.argv[1], sys.argv[2:]
with tempfile.NamedTemporaryFile(suffix=".pdf") as qdf:
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf.name], check=True)
    text = open(qdf.name, "rb").read().decode("latin-1")
boxes = {}
for n, body in re.findall(r"%% Contents for page (\d+)\n(.*?)endstream", text, re.S):
    found = re.findall(r"0\.94 0\.95 0\.96 rg(?:(?! rg\b)[\s\S])*?"
                       r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re B", body)
    boxes[int(n)] = [tuple(map(float, f)) for f in found]
    print("boxes", n, len(found))
xml = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
page, seen = 0, set()
for line in xml.splitlines():
    if "<page " in line:
        page += 1
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
    if not m or m.group(5) not in words or m.group(5) in seen:
        continue
    seen.add(m.group(5))
    x0, y0, x1, y1 = map(float, m.groups()[:4])
    inside = any(x <= x0 and x1 <= x + w and y <= y0 and y1 <= y + h for x, y, w, h in boxes.get(page, []))
    print(m.group(5), page, "inside" if inside else "outside")
