# SPDX-License-Identifier: MIT
"""What the end-to-end cases written in Python share, as lib.sh is for those in shell.

tests/e2e/run-case.sh exports OUT (a scratch folder of the case's own), BIN (the breachletter
binary) and SRC (the source tree); a case puts tests/support on its path and takes what it needs:

    sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
    from e2e import BIN, OUT, SRC, check, finish  # noqa: E402

    check(p.returncode == 0, "the exit status: %d" % p.returncode)
    ...
    finish()

check() records a failure and goes on, so one run lists everything that is wrong; finish() ends
the case with exit status 1 when a check failed, and returns when every check held."""
import glob
import os
import re
import subprocess
import sys

OUT, BIN, SRC = os.environ["OUT"], os.environ["BIN"], os.environ["SRC"]
FAILS = []  # what each failed check said, in order
PNG = b"\x89PNG\r\n\x1a\n"  # the signature a PNG file starts with


def check(cond, what):
    """Records what as a failure, printed "FAIL: what" on stderr, when cond is false."""
    if not cond:
        FAILS.append(what)
        print("FAIL: " + what, file=sys.stderr)


def finish():
    """Exits with status 1 when a check failed; returns otherwise."""
    if FAILS:
        sys.exit(1)


def pages_of(html):
    """The addresses of the workbench's preview pictures in html, in page order."""
    found = re.findall(r'<img[^>]* src="(/preview/page\.png[^"]*)"', html)
    return [u.replace("&amp;", "&") for u in found]


def letters_text(outdir):
    """Each letter's text (pdftotext -layout), by its PDF's path in the output folder outdir."""
    texts = {}
    for pdf in sorted(glob.glob(os.path.join(outdir, "**", "*.pdf"), recursive=True)):
        texts[os.path.relpath(pdf, outdir)] = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-layout", pdf, "-"], capture_output=True,
            text=True).stdout
    return texts
