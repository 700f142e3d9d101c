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

With --artifacts, it prints instead what each page's content stream (decoded by qpdf) draws
outside the structure, one fact a line:

    artifact PAGE TEXT             the text of each text object inside /Artifact marked content
                                   (its glyphs read through the fonts' /ToUnicode maps)
    untagged PAGE N                the painting operators (text, paths, images) of the page
                                   that are in no marked content at all
    marked PAGE N                  the marked-content sequences with an /MCID on the page
    parents PAGE N                 the MCIDs the structure's /ParentTree gives the page

Usage: pdf_tags.py [--text | --artifacts] FILE.pdf
"""
import base64
import json
import re
import subprocess
import sys

args = sys.argv[1:]
show_text = "--text" in args
show_artifacts = "--artifacts" in args
pdf = [a for a in args if not a.startswith("--")][0]

PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh", "EI"}
DELIM = b"()<>[]{}/%"
SPACE = b" \t\r\n\f\0"


def tokens(data):
    """The tokens of a content stream: (kind, value), kind one of num name str hex [ ] << >> op."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c in SPACE:
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            depth, out, i = 1, bytearray(), i + 1
            while depth:
                c = data[i:i + 1]
                if c == b"\\":
                    e = data[i + 1:i + 2]
                    if e in b"01234567":
                        m = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4]).group(0)
                        out.append(int(m, 8) & 255)
                        i += 1 + len(m)
                        continue
                    out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
                            b"\n": b"", b"\r": b""}.get(e, e)
                    i += 2
                    continue
                depth += c == b"("
                depth -= c == b")"
                if depth:
                    out += c
                i += 1
            yield "str", bytes(out)
        elif data[i:i + 2] in (b"<<", b">>"):
            yield data[i:i + 2].decode(), None
            i += 2
        elif c == b"<":
            j = data.index(b">", i)
            h = re.sub(rb"\s", b"", data[i + 1:j])
            yield "str", bytes.fromhex((h + b"0" * (len(h) % 2)).decode())
            i = j + 1
        elif c in b"[]":
            yield c.decode(), None
            i += 1
        else:
            j = i + 1
            while j < n and data[j:j + 1] not in SPACE and data[j:j + 1] not in DELIM:
                j += 1
            word = data[i:j].decode("latin-1")
            if c == b"/":
                yield "name", word
            elif re.fullmatch(r"[-+.0-9]+", word) or word in ("true", "false", "null"):
                yield "num", word
            else:
                yield "op", word
            if word == "ID":  # an inline image's data, up to EI
                j = data.index(b"EI", j + 1)
                yield "op", "EI"
                j += 2
            i = j

info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
tagged = re.search(r"^Tagged:\s*(\S+)", info, re.M)
if not show_artifacts:
    print("tagged", tagged.group(1) if tagged else "no")

objects = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf"] + (
    ["--json-stream-data=inline", "--decode-level=generalized"] if show_artifacts else []) + [pdf],
    capture_output=True, text=True, check=True).stdout)["qpdf"][1]


def obj(ref):
    """The value of an indirect object "N G R", or ref itself when it is a direct value."""
    if isinstance(ref, str) and ref.endswith(" R"):
        return objects.get("obj:" + ref, {}).get("value")
    return ref


def string(value):
    return value[2:] if isinstance(value, str) and value.startswith("u:") else value


def stream_data(ref):
    s = objects.get("obj:" + ref, {}).get("stream", {})
    return base64.b64decode(s.get("data", ""))


def unicode_map(font):
    """A font's glyph codes to text, from its /ToUnicode CMap: (code length, {code: text})."""
    cmap = stream_data(font["/ToUnicode"]) if "/ToUnicode" in font else b""
    width = 1
    space = re.search(rb"begincodespacerange\s*<([0-9a-fA-F]+)>", cmap)
    if space:
        width = len(space.group(1)) // 2
    codes = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            codes[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>",
                                      block):
            base = bytes.fromhex(dst.decode()).decode("utf-16-be", "replace")
            for k in range(int(lo, 16), int(hi, 16) + 1):
                codes[k] = base[:-1] + chr(ord(base[-1]) + k - int(lo, 16))
    return width, codes


def artifacts(pages, parent_tree):
    """Prints what each page draws outside its structure (see the usage above)."""
    nums = {}
    stack = [parent_tree]
    while stack:
        node = obj(stack.pop()) or {}
        pairs = node.get("/Nums", [])
        nums.update({pairs[i]: obj(pairs[i + 1]) for i in range(0, len(pairs), 2)})
        stack += node.get("/Kids", [])
    for number, page in enumerate(pages, 1):
        res = obj(page.get("/Resources", {})) or {}
        fonts = obj(res.get("/Font", {})) or {}
        maps = {name: unicode_map(obj(ref)) for name, ref in fonts.items()}
        contents = page["/Contents"]
        data = b"".join(stream_data(r) for r in (contents if isinstance(contents, list) else [contents]))
        marks, operands, font, text, untagged, marked = [], [], (1, {}), None, 0, 0
        for kind, value in tokens(data):
            if kind != "op":
                operands.append((kind, value))
                continue
            if value in ("BMC", "BDC"):
                marks.append(operands[0][1])
                marked += value == "BDC" and any(v == "/MCID" for _, v in operands)
            elif value == "EMC":
                marks.pop()
            elif value == "Tf":
                font = maps.get(operands[0][1], (1, {}))
            elif value == "BT":
                text = ""
            elif value == "ET":
                if text and marks and marks[0] == "/Artifact":
                    print("artifact", number, text)
                text = None
            if value in ("Tj", "TJ", "'", '"') and text is not None:
                width, codes = font
                for k, v in operands:
                    if k == "str":
                        text += "".join(codes.get(int.from_bytes(v[i:i + width], "big"), "?")
                                        for i in range(0, len(v), width))
            if value in PAINT and not marks:
                untagged += 1
            operands = []
        print("untagged", number, untagged)
        print("marked", number, marked)
        parents = nums.get(page.get("/StructParents"), [])
        print("parents", number, len(parents) if isinstance(parents, list) else 1)


catalog = obj(objects["trailer"]["value"]["/Root"])
if show_artifacts:
    def leaves(ref):
        node = obj(ref)
        if node.get("/Type") == "/Pages":
            for k in node["/Kids"]:
                yield from leaves(k)
        else:
            yield node
    tree_root = obj(catalog.get("/StructTreeRoot")) or {}
    artifacts(list(leaves(catalog["/Pages"])), tree_root.get("/ParentTree", {}))
    sys.exit(0)
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
