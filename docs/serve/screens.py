#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Takes the pictures of the workbench's screens for the docs: docs/serve/editor.png, the editor
with its live preview and findings (the Medusind example, a fact typed and redrawn). Needs a
built breachletter, chromium and chromedriver.

    python3 docs/serve/screens.py build/breachletter
"""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
from serve_client import Server  # noqa: E402
from webdriver import Driver  # noqa: E402

LOADED = ("var i = document.getElementById('preview-img');"
          "return i && i.complete && i.naturalWidth > 500 && i.getAttribute('src') !== arguments[0]"
          " ? i.getAttribute('src') : null")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                             os.path.join(SRC, "build", "breachletter"))
    os.environ.setdefault("BREACHLETTER_TODAY", "2026-11-24")
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        os.makedirs(ws)
        shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
        sv = Server(binary, ws, stderr_path=os.path.join(tmp, "serve.log"))
        d = Driver(os.path.join(tmp, "chromium"), width=1700, height=1100)
        try:
            d.go(sv.url)
            d.go(sv.base + "/edit?file=m%2Fincident.xml&jurisdiction=MA")
            first = d.wait_for(LOADED, 60, "")
            d.keys(d.find("#f-org-name"), " Billing")
            d.wait_for(LOADED, 60, first)
            d.wait_for("return document.getElementById('preview-status').textContent", 30)
            d.js("document.activeElement.blur(); window.scrollTo(0, 0);"
                 "document.querySelector('.preview').scrollTop = 0")
            d.screenshot(os.path.join(HERE, "editor.png"), width=1700)
        finally:
            d.quit()
            sv.stop()
    print("wrote %s" % os.path.join(HERE, "editor.png"))


if __name__ == "__main__":
    main()
