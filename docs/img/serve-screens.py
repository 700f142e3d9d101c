#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Takes the pictures of every screen of the workbench for the docs, in docs/img/serve-*.png,
with Debian's chromium driven through chromedriver (tests/support/webdriver.py), on a workspace
holding a copy of the Medusind example:

  home      the workspace
  new       a new incident's empty form
  problems  a draft saved with facts missing: each problem beside its field
  editor    the Medusind incident in the editor, a fact typed and the live preview redrawn, with
            the facts missing and the check's findings, deadlines and notices beside it
  signoff   the sign-off page of the Medusind list: each variant once, with its approval form
  person    one person's letter, found by name, compared with the run that sent it
  run       a mass run started from the browser, at its end: counts and the rows without a letter

    python3 docs/img/serve-screens.py build/breachletter
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SRC, "tests", "support"))
from serve_client import Form, Server  # noqa: E402
from webdriver import Driver  # noqa: E402

LOADED = ("var i = document.getElementById('preview-img');"
          "return i && i.complete && i.naturalWidth > 500 && i.getAttribute('src') !== arguments[0]"
          " ? i.getAttribute('src') : null")
READY = "return document.readyState === 'complete' && !!document.querySelector('h1')"
IMAGES = "Array.from(document.images).every(function (i) { return i.complete; })"


def shot(d, name, width=1200, height=None):
    """The page as docs/img/serve-NAME.png: the window's part (height given) or all of it."""
    d.until(IMAGES)
    d.js("document.activeElement.blur(); window.scrollTo(0, 0);"
         "var p = document.querySelector('aside.preview'); if (p) { p.scrollTop = 0; }")
    path = os.path.join(HERE, "serve-%s.png" % name)
    d.screenshot(path, width=width, height=height)
    print("wrote " + os.path.relpath(path, SRC))


def save_draft(sv):
    """A new incident saved through the form with its address and discovery date left out."""
    page = sv.get("/new")
    form = Form(page.text)
    for name, value in {
            "file": "draft.xml", "incident.id": "acme-2026", "org.name": "Acme Dental Group",
            "org.address.city": "Springfield", "org.phone": "1-800-555-0100",
            "org.signatory.name": "Pat Doe", "incident.occurred_from": "2026-01-02",
            "incident.notice": "2026-02-01", "incident.vector": "theft",
            "incident.access": "not-confirmed",
            "incident.narrative": "A laptop was stolen from a locked office.",
            "incident.categories": "ssn",
            "incident.actions": "We reported the theft to the police.",
            "monitoring.none": "true"}.items():
        form.set(name, value)
    r = sv.post_form("/save", form.fields())
    if r.status != 303:
        raise RuntimeError("the draft was not saved: %d" % r.status)


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                             os.path.join(SRC, "build", "breachletter"))
    os.environ.setdefault("BREACHLETTER_TODAY", "2026-11-24")
    with tempfile.TemporaryDirectory() as tmp:
        ws = os.path.join(tmp, "ws")
        os.makedirs(ws)
        shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
        # the letters as they were sent, which one person's letter is compared with
        subprocess.run([binary, "render", "m/incident.xml", "--recipients", "m/recipients.csv",
                        "-o", "sent", "--quiet"], cwd=ws, check=False)
        sv = Server(binary, ws, stderr_path=os.path.join(tmp, "serve.log"))
        sv.login()
        save_draft(sv)
        d = Driver(os.path.join(tmp, "chromium"), width=1200, height=900)
        try:
            d.go(sv.url)
            d.wait_for(READY, 60)
            shot(d, "home")
            d.go(sv.base + "/new")
            d.wait_for(READY, 60)
            shot(d, "new")
            d.go(sv.base + "/edit?file=draft.xml&saved=1")
            d.wait_for(READY, 60)
            shot(d, "problems")

            d.s("POST", "/window/rect", {"width": 1700, "height": 1100})
            d.go(sv.base + "/edit?file=m%2Fincident.xml&jurisdiction=MA")
            first = d.wait_for(LOADED, 60, "")
            d.keys(d.find("#f-org-name"), " Billing")
            d.wait_for(LOADED, 60, first)
            d.wait_for("return document.getElementById('preview-status').textContent", 30)
            shot(d, "editor", width=1700, height=1100)

            d.go(sv.base + "/signoff?file=m%2Fincident.xml&list=m%2Frecipients.csv")
            d.wait_for(READY, 120)
            shot(d, "signoff", height=1800)

            d.go(sv.base + "/")
            d.wait_for(READY, 60)
            d.submit(d.find("a[href='/person']"))
            d.choose("p-file", "m/incident.xml")
            d.choose("p-list", "m/recipients.csv")
            d.submit(d.xpath("//button[text()='Open the list']"))
            d.type("#q", "núñez")
            d.submit(d.xpath("//button[text()='Find']"))
            d.submit(d.xpath("//tr[td[text()='MDS-000131']]//button"))
            shot(d, "person")

            d.go(sv.base + "/")
            d.wait_for(READY, 60)
            d.submit(d.find("a[href='/run']"))
            d.choose("r-file", "m/incident.xml")
            d.choose("r-list", "m/recipients.csv")
            d.type("#r-out", "letters-web")
            d.submit(d.xpath("//button[text()='Start the run']"))
            d.wait_for("var s = document.querySelector('section.run');"
                       "return s && s.getAttribute('data-state') !== 'running'", 600)
            d.wait_for(READY, 60)
            shot(d, "run")
        finally:
            d.quit()
            sv.stop()


if __name__ == "__main__":
    main()
