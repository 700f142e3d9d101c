#!/usr/bin/env python3
"""Prints what a screen reader is given of a tagged PDF, read back with poppler and qpdf (not the
program's code), one fact a line:

    tagged yes|no                  pdfinfo's "Tagged:" (the catalog's /MarkInfo)
    lang TAG                       the catalog's /Lang (qpdf), "-" when none
    display-doc-title true|false   the catalog's /ViewerPreferences /DisplayDocTitle
    roots N                        elements directly under the structure tree's root
    root-types TYPE...             their types (Document), in order
    ELEMENT TEXT                   each heading (H1..H6), in the tree's order, with its text
    list N                         each list (L), with its number of items (LI)
    table ROWSxCELLS               each table, its rows and the cells of its first row
    link URI                       each link element (Link), in order, with its annotation's URI
    text TEXT                      (with --text) every text of the tree, in its order

Text comes from `pdfinfo -struct-text` (the marked content of each element). The tree and the
links come from `qpdf --json`.

Usage: pdf_tags.py [--text] FILE.pdf
"""
import json
import re
import subprocess
import sys

args = sys.argv[1:]
show_text = "--text" in args
pdf = [a for a in args if a != "--text"][0]

info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
tagged = re.search(r"^Tagged:\s*(\S+)", info, re.M)
print("tagged", tagged.group(1) if tagged else "no")

objects = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf],
                                    capture_output=True, text=True, check=True).stdout)["qpdf"][1]


def obj(ref):
    """The value of an indirect object "N G R", or ref itself when it is a direct value."""
    if isinstance(ref, str) and ref.endswith(" R"):
        return objects.get("obj:" + ref, {}).get("value")
    return ref


def string(value):
    return value[2:] if isinstance(value, str) and value.startswith("u:") else value


catalog = obj(objects["trailer"]["value"]["/Root"])
print("lang", string(catalog.get("/Lang", "-")))
prefs = obj(catalog.get("/ViewerPreferences", {})) or {}
print("display-doc-title", "true" if prefs.get("/DisplayDocTitle") is True else "false")


def kids(elem):
    k = elem.get("/K", [])
    return k if isinstance(k, list) else [k]


def elements(ref):
    """The structure elements under ref, depth first, as (type, element)."""
    e = obj(ref)
    if not isinstance(e, dict):
        return  # a marked-content id
    if e.get("/Type") == "/OBJR":
        return
    if "/S" in e:
        yield e["/S"][1:], e
    for k in kids(e):
        yield from elements(k)


root = obj(catalog["/StructTreeRoot"]) if "/StructTreeRoot" in catalog else {"/K": []}
print("roots", len(kids(root)))
print("root-types", " ".join(((obj(k) or {}).get("/S") or "/?")[1:] for k in kids(root)))
for kind, e in elements(catalog.get("/StructTreeRoot")):
    if kind == "L":
        print("list", sum(1 for k in kids(e) if (obj(k) or {}).get("/S") == "/LI"))
    elif kind == "Table":
        rows = [obj(k) for k in kids(e) if (obj(k) or {}).get("/S") == "/TR"]
        cells = [k for k in kids(rows[0]) if (obj(k) or {}).get("/S") in ("/TD", "/TH")] if rows else []
        print("table %dx%d" % (len(rows), len(cells)))
    elif kind == "Link":
        for k in kids(e):
            o = obj(k)
            if isinstance(o, dict) and o.get("/Type") == "/OBJR":
                print("link", string(obj(o["/Obj"])["/A"]["/URI"]))

# the headings and the text, as poppler reads each element's marked content
tree = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True,
                      check=True).stdout
current = None
for line in tree.splitlines():
    m = re.match(r'^\s*"(.*)"$', line)
    if m:
        if current is not None:
            print(current, m.group(1))
            current = None
        if show_text:
            print("text", m.group(1))
        continue
    m = re.match(r"^\s*(H[1-6])\b", line)
    current = m.group(1) if m else None
