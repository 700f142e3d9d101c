#!/usr/bin/env python3
"""Inputs and checks of the cases about output directories other users can write into.

    outdir.py list EXAMPLE.csv OUT.csv ROWS [PREFIX [BAD_EVERY]]
        writes a list of ROWS records cycling through the example's; each id is the example's
        with its first three characters replaced by PREFIX (default the example's own) and
        '-NNNNN' appended, so lists of one size and other prefixes have the same bytes but
        other ids; with BAD_EVERY, every record but each BAD_EVERY-th has an unknown state
        (an error row, rendered at once)
    outdir.py check OUTDIR ROWS [MANIFEST]
        the run in OUTDIR is whole and stays inside OUTDIR: its manifest (manifest.csv, or
        MANIFEST for a shard) has ROWS rows; every letter row names a relative path without
        '..' and without a link on the way, a regular file inside OUTDIR whose SHA-256 is the
        row's; every PDF where a run puts letters (OUTDIR and its subdirectories 00..ff) is
        named by exactly one row (no letter twice, none the manifest does not know)

check prints one line per problem and exits 1 when there is any.
"""
import csv
import hashlib
import os
import re
import stat
import sys


def make_list(example, out, rows, prefix=None, bad_every=0):
    with open(example, encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    head, body = records[0], records[1:]
    state = head.index("ST")
    lines = [head]
    for i in range(rows):
        r = list(body[i % len(body)])
        base = r[0] if prefix is None else prefix + r[0][len(prefix):]
        # "-n" keeps the id from reading as one long number, which would be withheld
        r[0] = "%s-n%05d" % (base, i)
        if bad_every and i % bad_every != 0:
            r[state] = "XX"
        lines.append(r)
    with open(out, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)


def check(outdir, rows, manifest_name="manifest.csv"):
    problems = []
    top = os.path.realpath(outdir)
    try:
        with open(os.path.join(outdir, manifest_name), encoding="utf-8", newline="") as f:
            manifest = list(csv.DictReader(f))
    except OSError as e:
        return ["%s: no manifest: %s" % (outdir, e.strerror)]
    if len(manifest) != rows:
        problems.append("%s has %d rows, expected %d" % (manifest_name, len(manifest), rows))
    named = {}
    for r in manifest:
        name = r.get("file") or ""
        if not name:
            continue
        named[name] = named.get(name, 0) + 1
        parts = name.split("/")
        if os.path.isabs(name) or ".." in parts:
            problems.append("row '%s' names '%s', outside the output directory" % (r["id"], name))
            continue
        path = outdir
        for part in parts:
            path = os.path.join(path, part)
            if os.path.islink(path):
                problems.append("row '%s': '%s' is a link" % (r["id"], path))
                break
        else:
            real = os.path.realpath(path)
            if not real.startswith(top + os.sep):
                problems.append("row '%s': '%s' lies outside the output directory" %
                                (r["id"], real))
            elif not os.path.exists(path) or not stat.S_ISREG(os.lstat(path).st_mode):
                problems.append("row '%s': '%s' is not a file" % (r["id"], name))
            elif r.get("sha256"):
                with open(path, "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != r["sha256"]:
                        problems.append("row '%s': '%s' does not have the manifest's SHA-256" %
                                        (r["id"], name))
    books = {n for n in named if n.startswith("book-")}
    for name, n in named.items():
        if n > 1 and name not in books:
            problems.append("%d rows name the letter '%s'" % (n, name))
    found = []
    for dirpath, dirnames, filenames in os.walk(outdir):  # links to directories not followed
        # where a run puts letters: the top and its subdirectories 00..ff (others may hold
        # what other users moved aside)
        dirnames[:] = [d for d in dirnames if re.fullmatch("[0-9a-f]{2}", d)]
        for fn in filenames:
            if fn.endswith(".pdf"):
                found.append(os.path.relpath(os.path.join(dirpath, fn), outdir))
    for name in sorted(set(found) - set(named)):
        problems.append("'%s' is a letter the manifest does not name" % name)
    letters = sum(1 for r in manifest if r.get("status") in ("ok", "draft"))
    if not books and len(found) != letters:
        problems.append("%d PDFs for %d letters in the manifest" % (len(found), letters))
    return problems


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "list":
        make_list(args[0], args[1], int(args[2]), args[3] if len(args) > 3 else None,
                  int(args[4]) if len(args) > 4 else 0)
        return 0
    problems = check(*args[:1], int(args[1]), *args[2:])
    for p in problems[:10]:
        print("%s: %s" % (args[0], p))
    if len(problems) > 10:
        print("%s: %d more problems" % (args[0], len(problems) - 10))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
