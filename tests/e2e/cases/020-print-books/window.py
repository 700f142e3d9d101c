#!/usr/bin/env python3
"""Checks page 1 of every letter in a run's print books from the PDF alone, independently of the
program's own layout code:

- words (pdftotext -bbox): what meets an envelope window is exactly the return address in the
  return window and the recipient's address lines in the recipient window, each word wholly
  inside its window; the address sits 16 pt lower when the letter has a barcode;
- pixels (pdftoppm, 72 dpi): inside the windows nothing is drawn outside those words' boxes and
  the barcode's area;
- barcode (pdftoppm, 600 dpi): the 65 bars are where and as large as USPS-B-3200 and the program
  say, and read as the bars imb.py makes of the record's tracking and routing codes; a letter
  without a barcode has nothing drawn where it would be.

    python3 window.py INCIDENT LIST DIR

Prints one line per problem and exits 1 if there is any.
"""
import html
import math
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import imb  # noqa: E402
from letters import Incident, read_csv, records  # noqa: E402

incident_path, list_path, out = sys.argv[1:4]
incident = Incident(incident_path)
recs = {r.id: r for r in records(list_path, incident)}
problems = []

MARGIN = 9.0  # the windows reach 1/8 in beyond the address areas
RETURN_WIN = (36 - MARGIN, 36 - MARGIN, 36 + 234 + MARGIN, 36 + 63 + MARGIN)
ADDRESS_WIN = (54 - MARGIN, 144 - MARGIN, 54 + 252 + MARGIN, 144 + 72 + MARGIN)
# the barcode: 65 bars at a pitch of 1/22 in, 0.02 in wide, 0.145 in high, top-left at (54, 146)
PITCH, BAR_W, FULL_H = 72 / 22, 0.02 * 72, 0.145 * 72
TRACKER_H = 0.048 * 72
EXTENDER = 0.0485 * 72
BAR_X, BAR_Y = 54.0, 146.0
BARCODE = (BAR_X, BAR_Y, BAR_X + 64 * PITCH + BAR_W, BAR_Y + FULL_H)
ADDRESS_SHIFT = 16.0
HI_DPI = 600
CROP = (420, 1150, 1830, 170)  # 600 dpi pixels: x 50.4-270 pt, y 138-158.4 pt
TOL = 0.3  # points; a pixel is 0.12 pt at 600 dpi


def intersects(a, b):
    return a[0] < b[2] and a[2] > b[0] and a[1] < b[3] and a[3] > b[1]


def inside(a, b):
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


def grow(r, d):
    return (r[0] - d, r[1] - d, r[2] + d, r[3] + d)


def bbox_pages(pdf):
    """[[(text, (x0, y0, x1, y1)), ...] per page] from pdftotext -bbox."""
    xml = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", pdf, "-"], capture_output=True,
                         text=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        words = []
        for m in re.finditer(r'<word xMin="([^"]+)" yMin="([^"]+)" xMax="([^"]+)" '
                             r'yMax="([^"]+)">(.*?)</word>', page):
            box = tuple(float(m.group(i)) for i in (1, 2, 3, 4))
            words.append((html.unescape(m.group(5)), box))
        pages.append(words)
    return pages


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' starts a comment
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError("%s: not an 8-bit PGM" % path)
    w, h = int(fields[1]), int(fields[2])
    pix = data[pos + 1:pos + 1 + w * h]
    if len(pix) != w * h:
        raise ValueError("%s: short PGM" % path)
    return w, h, pix


def render(pdf, page, dpi, crop, tmp):
    x, y, w, h = crop
    base = os.path.join(tmp, "p%d-%d" % (page, dpi))
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray",
                    "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h), "-singlefile", pdf,
                    base], check=True)
    return read_pgm(base + ".pgm")


def check_words(who, words, rec, barcode):
    """Returns the words found in the windows (the only things allowed there)."""
    found = []
    for name, win, lines in (("return", RETURN_WIN, incident.return_lines),
                             ("recipient", ADDRESS_WIN, rec.address_lines())):
        got = [(t, b) for t, b in words if intersects(b, win)]
        want = " ".join(lines).split()
        if [t for t, _ in got] != want:
            problems.append("%s: the %s window shows %s, expected the address %s" % (
                who, name, [t for t, _ in got], want))
        for t, b in got:
            if not inside(b, win):
                problems.append("%s: '%s' at %s is not wholly inside the %s window %s" % (
                    who, t, b, name, win))
        found += got
    addr = [b for t, b in words if intersects(b, ADDRESS_WIN)]
    if addr:
        top, want_top = min(b[1] for b in addr), 144.0 + (ADDRESS_SHIFT if barcode else 0.0)
        if abs(top - want_top) > 0.5:
            problems.append("%s: the address starts at y=%.2f, expected %.2f" % (
                who, top, want_top))
    if barcode:
        for t, b in words:
            if intersects(b, BARCODE):
                problems.append("%s: '%s' at %s overlaps the barcode %s" % (who, t, b, BARCODE))
    return found


def check_pixels(who, pdf, page, found, barcode, tmp):
    """72 dpi: one pixel per point. Nothing but the found words and the barcode in the windows."""
    w, h, pix = render(pdf, page, 72, (0, 0, 320, 232), tmp)
    allowed = [grow(b, 1.0) for _, b in found] + ([grow(BARCODE, 1.0)] if barcode else [])
    stray = []
    for win in (RETURN_WIN, ADDRESS_WIN):
        stray += stray_pixels(pix, w, [int(v) for v in win], allowed)
    if stray:
        problems.append("%s: %d pixels drawn in the windows outside the address text and the "
                        "barcode, e.g. (x, y, gray) %s" % (who, len(stray), stray[:5]))
    # the pixel test sees ink: every allowed word has some, and so has the barcode
    for t, b in found:
        if not any(pix[y * w + x] < 128 for y in range(int(b[1]), min(h, int(b[3]) + 1))
                   for x in range(int(b[0]), min(w, int(b[2]) + 1))):
            problems.append("%s: no ink rendered for '%s' at %s" % (who, t, b))
    if barcode and sum(1 for y in range(int(BARCODE[1]), int(BARCODE[3]))
                       for x in range(int(BARCODE[0]), int(BARCODE[2]))
                       if pix[y * w + x] < 255) < 65 * 2:
        problems.append("%s: almost no ink where the barcode should be" % who)


def stray_pixels(pix, w, region, allowed):
    """The pixels (x, y, gray) of region (x0, y0, x1, y1 in pixels) that are not white and whose
    square meets none of the allowed rectangles (in pixels)."""
    x0, y0, x1, y1 = region
    stray = []
    for y in range(y0, y1):
        row = pix[y * w + x0:y * w + x1]
        if row.count(255) == len(row):
            continue
        mask = bytearray(x1 - x0)
        for r in allowed:
            if y + 1 > r[1] and y < r[3]:
                lo, hi = max(x0, math.floor(r[0])), min(x1, math.ceil(r[2]))
                if lo < hi:
                    mask[lo - x0:hi - x0] = b"\1" * (hi - lo)
        stray += [(x0 + i, y, v) for i, v in enumerate(row) if v != 255 and not mask[i]]
    return stray


def read_bars(who, w, h, pix):
    """Measures the bars in a 600 dpi crop: [(left, right, top, bottom)] in points."""
    scale = 72.0 / HI_DPI
    ty = round((BAR_Y + FULL_H / 2) / scale) - CROP[1]  # a row through every tracker
    bars, x = [], 0
    while x < w:
        if pix[ty * w + x] < 128:
            left = x
            while x < w and pix[ty * w + x] < 128:
                x += 1
            c = (left + x) // 2
            top = ty
            while top > 0 and pix[(top - 1) * w + c] < 128:
                top -= 1
            bottom = ty
            while bottom + 1 < h and pix[(bottom + 1) * w + c] < 128:
                bottom += 1
            bars.append(((CROP[0] + left) * scale, (CROP[0] + x) * scale,
                         (CROP[1] + top) * scale, (CROP[1] + bottom + 1) * scale))
        x += 1
    return bars


def check_barcode(who, pdf, page, words, codes, tmp):
    w, h, pix = render(pdf, page, HI_DPI, CROP, tmp)
    scale = 72.0 / HI_DPI
    if codes is None:
        # nothing where a barcode would be, apart from the address's own words
        boxes = [tuple(v / scale - o for v, o in zip(grow(b, 0.5), CROP[:2] * 2))
                 for _, b in words]
        area = (math.floor(BARCODE[0] / scale) - CROP[0], math.floor(BARCODE[1] / scale) - CROP[1],
                math.ceil(BARCODE[2] / scale) - CROP[0], math.ceil(BARCODE[3] / scale) - CROP[1])
        ink = len(stray_pixels(pix, w, area, boxes))
        if ink:
            problems.append("%s: no barcode expected, but %d pixels are drawn in its area" % (
                who, ink))
        return
    bars = read_bars(who, w, h, pix)
    if len(bars) != 65:
        problems.append("%s: %d bars found, expected 65" % (who, len(bars)))
        return
    up, down = BAR_Y + EXTENDER, BAR_Y + EXTENDER + TRACKER_H  # the tracker's top and bottom
    letters = ""
    for i, (x0, x1, y0, y1) in enumerate(bars):
        asc, desc = y0 < (BAR_Y + up) / 2, y1 > (down + BAR_Y + FULL_H) / 2
        letters += "F" if asc and desc else "A" if asc else "D" if desc else "T"
        want = (BAR_X + i * PITCH, BAR_X + i * PITCH + BAR_W, BAR_Y if asc else up,
                BAR_Y + FULL_H if desc else down)
        if any(abs(a - b) > TOL for a, b in zip((x0, x1, y0, y1), want)):
            problems.append("%s: bar %d spans x %.2f-%.2f y %.2f-%.2f, expected "
                            "x %.2f-%.2f y %.2f-%.2f" % ((who, i + 1, x0, x1, y0, y1) + want))
    tracking, routing = codes
    want = imb.encode(tracking, routing)
    if letters != want:
        problems.append("%s: the barcode reads\n  %s\nexpected for tracking %s routing '%s'\n"
                        "  %s" % (who, letters, tracking, routing, want))


def main():
    manifest = [m for m in read_csv(os.path.join(out, "manifest.csv")) if m["status"] == "ok"]
    if not manifest:
        problems.append("%s: no letters" % out)
    pages_of = {}
    with tempfile.TemporaryDirectory() as tmp:
        for m in manifest:
            pdf = os.path.join(out, m["file"])
            if pdf not in pages_of:
                pages_of[pdf] = bbox_pages(pdf)
            page = int(m["first_page"] or 1)  # a letter's own PDF when not in a book
            who = "%s (%s page %d)" % (m["id"], m["file"], page)
            rec = recs[m["id"]]
            codes = rec.barcode_codes(incident)
            words = pages_of[pdf][page - 1]
            found = check_words(who, words, rec, codes is not None)
            check_pixels(who, pdf, page, found, codes is not None, tmp)
            check_barcode(who, pdf, page, [(t, b) for t, b in found
                                           if intersects(b, ADDRESS_WIN)], codes, tmp)
    return len(manifest)


n = main()
for p in problems:
    print(p)
print("window.py: %d letters checked in %s" % (n, os.path.basename(out)), file=sys.stderr)
sys.exit(1 if problems else 0)
