#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a copy of a CSV recipient list (with "Language" and "Patient ID" columns, as the
Medusind example's) holding the given people only, or everyone when none is given, each with
the language LANG.

    in_language.py LIST OUT LANG [ID ...]
"""
import csv
import sys


def main():
    src, out, lang = sys.argv[1:4]
    ids = set(sys.argv[4:])
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    col, ident = rows[0].index("Language"), rows[0].index("Patient ID")
    kept = [r for r in rows[1:] if not ids or r[ident] in ids]
    if ids and len(kept) != len(ids):
        sys.exit("in_language.py: not every id is in %s" % src)
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for r in kept:
            r[col] = lang
            w.writerow(r)


if __name__ == "__main__":
    main()
