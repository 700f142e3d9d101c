#!/usr/bin/python3
"""Remove the TrueType hinting instructions from the shipped fonts, in place.

    /usr/bin/python3 fonts/dehint.py fonts/*.ttf     (needs Debian's python3-fonttools)

Hinting is a program in the font that moves outline points onto the pixel grid of a screen at
small sizes. It never changes a glyph's advance width, so layout is the same; breachletter turns
it off for layout (CAIRO_HINT_STYLE_NONE, metrics unhinted), printers ignore it at their
resolution, and the letters render to the same pixels in poppler with or without it. But cairo
copies the instructions of every glyph used, and the font's shared programs, into each PDF: in
a two-page letter they were 38% of the file and of the time spent compressing it.

Only the programs go: the glyph outlines, metrics, names, kerning and OpenType layout tables are
kept as they are. The result is what Noto publishes as its "unhinted" builds. Running the script
on a font that has no instructions leaves it as it is.
"""
import sys

from fontTools.ttLib import TTFont

# tables that hold the programs or only serve hinted rendering
HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX")


def dehint(path):
    font = TTFont(path, recalcTimestamp=False)
    changed = False
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
            changed = True
    glyf = font["glyf"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        glyph.expand(glyf)
        if getattr(glyph, "program", None) is not None and glyph.program.getBytecode():
            glyph.removeHinting()
            changed = True
    if not changed:
        return False
    maxp = font["maxp"]
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, field, 0)
    font.save(path)
    return True


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: dehint.py FONT.ttf...")
    for p in sys.argv[1:]:
        print(f"{p}: {'hinting removed' if dehint(p) else 'already unhinted'}")
