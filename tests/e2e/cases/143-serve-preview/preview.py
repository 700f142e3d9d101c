# SPDX-License-Identifier: MIT
"""The workbench's preview of page 1, before and after an edit."""
import os
import shutil
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, SRC, check, finish  # noqa: E402
from serve_client import Form, Server  # noqa: E402


def png_size(data):
    """Width and height of a PNG picture, or None when data is not one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
url = "/preview.png?file=m%2Fincident.xml&jurisdiction=MA&variant=minor"
check(sv.get(url).status == 403, "the preview without the token")
sv.login()

page = sv.get("/edit?file=m%2Fincident.xml&jurisdiction=MA&variant=minor")
check('<img id="preview-img" src="/preview/page.png?id=' in page.text and
      'id="p-jurisdiction" name="jurisdiction" maxlength="2" pattern="[A-Z]{2}" value="MA"'
      in page.text and "<option selected>minor</option>" in page.text,
      "the editor shows the preview of the state and variant chosen")
check('alt="Page 1 of the minor letter to a resident of MA' in page.text, "the picture's text")
before = sv.get(url)
check(before.status == 200, "the preview: %d %s" % (before.status, before.text[:200]))
check(before.headers.get("Content-Type") == "image/png", "a PNG picture")
size = png_size(before.body)
check(size is not None and size[1] > size[0] > 500, "a page, upright: %s" % (size,))
again = sv.get(url)
check(again.body == before.body, "the same incident draws the same picture")
other = sv.get("/preview.png?file=m%2Fincident.xml&jurisdiction=MA&variant=deceased")
check(other.status == 200 and other.body != before.body, "another variant, another page")

# an edit, saved: the next preview is redrawn from it
form = Form(page.text)
form.set("org.name", "Medusind Billing Inc.")
start = time.monotonic()
r = sv.post_form("/save", form.fields())
check(r.status == 303, "the save: %d" % r.status)
after = sv.get(url)
took = time.monotonic() - start
check(after.status == 200 and after.body != before.body, "the preview follows the edit")
print("from the save to the redrawn page: %.2f s" % took, file=sys.stderr)
check(took < 10, "the preview took %.1f s" % took)

# a letter that cannot be made: its review page, which says why
form.set("org.name", "Medusind Billing Services Incorporated of Greater Miami-Dade County")
sv.post_form("/save", form.fields())
review = sv.get(url)
check(review.status == 200 and png_size(review.body) is not None, "the review page's picture")
check(review.body != after.body, "the review page, not the last letter")

for bad in ["/preview.png?file=..%2Fx.xml", "/preview.png?file=m%2Fincident.xml&jurisdiction=ma",
            "/preview.png?file=m%2Fincident.xml&variant=child",
            "/preview.png?file=m%2Fincident.xml&jurisdiction=M%27A"]:
    r = sv.get(bad)
    check(r.status == 400, "%s: %d" % (bad, r.status))
check(sv.stop() == 0, "the server's exit status")
finish()
