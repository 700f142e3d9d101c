#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The public API is what the public headers declare, and only that: the functions (and the
extern variables) declared in generator/include/breachletter/*.h are each marked BL_API, and
the shared library exports exactly them (nm -D --defined-only), no private function of the
library and no public one missing. The umbrella header breachletter.h includes every public
header.

Usage: public_api.py INCLUDE_DIR LIBRARY.so   (exit 0: equal; 1: the differences)
       public_api.py --self-test              (the declarations found in sample headers)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quiet_library import blank  # noqa: E402

# what every shared object defines besides its own symbols
LINKER = {"_init", "_fini", "_edata", "_end"}


def statements(source):
    """(offset, text) of every top-level declaration of a header: comments, strings and
    preprocessor lines blanked, split at ';' outside braces and parentheses."""
    text = blank(source)
    text = re.sub(r"(?m)^[ \t]*#.*(\\\n.*)*$", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    out = []
    depth = paren = 0
    start = 0
    for i, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == "(":
            paren += 1
        elif c == ")":
            paren -= 1
        elif c == ";" and depth == 0 and paren == 0:
            body = text[start:i]
            lead = len(body) - len(body.lstrip())
            out.append((start + lead, body.strip()))
            start = i + 1
    return out


def declared(source):
    """{name: marked} for each function and extern variable a header declares."""
    found = {}
    for _, st in statements(source):
        words = " ".join(st.split())
        if not words or words.startswith("typedef") or "{" in words:
            continue
        marked = words.startswith("BL_API ")
        m = re.match(r"[^(]*?\b(\w+)\s*\(", words)
        returns_pointer = re.match(r"[^(]*\(\s*\*\s*(\w+)\s*\(", words)
        if returns_pointer:  # a function that returns a function pointer
            found[returns_pointer.group(1)] = marked
        elif m and not re.match(r"[^(]*\(\s*\*", words):
            found[m.group(1)] = marked
        elif re.match(r"(BL_API\s+)?extern\b", words):
            name = re.findall(r"\b(\w+)\s*(?:\[[^\]]*\]\s*)*$", words)
            if name:
                found[name[0]] = marked
    return found


def public_declarations(include):
    """{name: (header, marked)} over the public headers, and the headers' names."""
    names = {}
    headers = sorted(h for h in os.listdir(include) if h.endswith(".h"))
    for h in headers:
        with open(os.path.join(include, h), encoding="utf-8") as f:
            for name, marked in declared(f.read()).items():
                names[name] = (h, marked)
    return names, headers


def exported(library):
    """The library's defined dynamic symbols, but for the linker's and those a sanitizer adds
    (__odr_asan.NAME beside an exported variable: names with two underscores first are the
    implementation's, never breachletter's)."""
    out = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    return {n for n in names if not n.startswith("__")} - LINKER


def self_test():
    sample = """
#include "common.h"
/* int not_this(void); */
struct bl_x { int (*op)(int); int n; };
typedef int (*bl_fn)(int);
enum bl_kind { A, B };
BL_API int bl_one(struct bl_x *x,
                  int n);
const char *bl_two(void);
BL_API extern const char *const bl_table[3 + 1];
struct bl_opaque;
#define BL_M(x) f(x);
BL_API void (*bl_three(int a))(int);
"""
    got = declared(sample)
    want = {"bl_one": True, "bl_two": False, "bl_table": True, "bl_three": True}
    if got != want:
        print("self-test: declared %r, not %r" % (got, want), file=sys.stderr)
        return False
    return True


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return 0 if self_test() else 1
    if len(argv) != 3:
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    include, library = argv[1], argv[2]
    names, headers = public_declarations(include)
    symbols = exported(library)
    problems = []
    for name, (header, marked) in sorted(names.items()):
        if not marked:
            problems.append("%s: '%s' is declared without BL_API" % (header, name))
        if name not in symbols:
            problems.append("%s: '%s' is declared but %s does not export it"
                            % (header, name, os.path.basename(library)))
    for name in sorted(symbols - set(names)):
        problems.append("%s exports '%s', which no public header declares"
                        % (os.path.basename(library), name))
    with open(os.path.join(include, "breachletter.h"), encoding="utf-8") as f:
        umbrella = set(re.findall(r'#include\s+"([\w.]+)"', f.read()))
    for h in headers:
        if h != "breachletter.h" and h not in umbrella:
            problems.append("breachletter.h does not include %s" % h)
    for p in problems:
        print(p)
    if not problems:
        print("%d public functions and variables in %d headers, exported and nothing else"
              % (len(names), len(headers)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
