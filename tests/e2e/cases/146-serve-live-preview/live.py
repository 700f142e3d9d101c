# SPDX-License-Identifier: MIT
"""The workbench's live preview: drafts, languages, a person of a list, and the findings."""
import glob
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import BIN, OUT, PNG, SRC, check, finish, pages_of  # noqa: E402
from serve_client import Form, Server  # noqa: E402


def esc(text):
    """text as the server escapes it (g_markup_escape_text)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&apos;").replace('"', "&quot;"))


def cli_pages(*args):
    """The letter's pages as `breachletter preview --format png` draws them (page 1 of its
    output is the review page)."""
    out = os.path.join(OUT, "cli-%d" % len(glob.glob(os.path.join(OUT, "cli-*"))))
    os.makedirs(out)
    r = subprocess.run([BIN, "preview", *args, "--format", "png", "-o",
                        os.path.join(out, "p.png")], capture_output=True)
    check(r.returncode == 0, "preview %s: %s" % (args, r.stderr[-300:]))
    files = sorted(glob.glob(os.path.join(out, "p-*.png")),
                   key=lambda f: int(f.rsplit("-", 1)[1][:-4]))
    return [open(f, "rb").read() for f in files[1:]]


ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(SRC, "examples", "medusind-2023"), os.path.join(ws, "m"))
incident = os.path.join(ws, "m", "incident.xml")
listfile = os.path.join(ws, "m", "recipients.csv")
saved = open(incident, "rb").read()
saved_mtime = os.stat(incident).st_mtime_ns
# a draft's private file that a killed server left (an hour old) is swept when the next one
# starts; a link of that name is left alone, and what it points at is kept
with open(os.path.join(ws, "m", ".bl-draft-0000000000000000.xml"), "w") as f:
    f.write("<incident/>")
os.utime(os.path.join(ws, "m", ".bl-draft-0000000000000000.xml"), (time.time() - 3600,) * 2)
with open(os.path.join(OUT, "kept.txt"), "w") as f:
    f.write("kept")
os.symlink(os.path.join(OUT, "kept.txt"), os.path.join(ws, ".bl-draft-link.xml"))
sv = Server(BIN, ws, stderr_path=os.path.join(OUT, "serve.log"))
check(not os.path.exists(os.path.join(ws, "m", ".bl-draft-0000000000000000.xml")),
      "a draft's file left by a killed server is swept at start")
check(os.path.exists(os.path.join(OUT, "kept.txt")), "no link is followed by the sweep")
sv.login()

page = sv.get("/edit?file=m%2Fincident.xml&jurisdiction=MA")
check(page.status == 200, "the editor: %d" % page.status)
text = page.text
check('<script src="/static/preview.js" defer></script>' in text, "the panel's script, from a file")
check('role="status" aria-live="polite"' in text, "a polite live region")
for lang in ["en", "es", "zh"]:
    check("<option>%s</option>" % lang in text, "the template's language %s is offered" % lang)
check("<option selected>m/recipients.csv</option>" in text, "the incident's own list is chosen")
shown = pages_of(text)
check(len(shown) >= 2, "every page of the letter is shown: %d" % len(shown))
for i, url in enumerate(shown):
    r = sv.get(url)
    check(r.status == 200 and r.body.startswith(PNG), "page %d's picture" % (i + 1))
check(sv.get(shown[0].replace("page=1", "page=99")).status == 404, "no page 99")
js = sv.get("/static/preview.js")
check(js.status == 200 and "/preview/draft" in js.text, "the script is served")

# the findings beside the preview: each deadline of the list's states, with the law's link
report = json.loads(subprocess.run([BIN, "check", incident, "--recipients", listfile, "--json"],
                                   capture_output=True).stdout)
table = text[text.index('<table class="deadlines">'):]
table = table[:table.index("</table>")]
check(len(report["deadlines"]) > 3, "the list's states have deadlines")
for row in report["deadlines"]:
    check("<th scope=\"row\">%s</th><td>%s</td>" % (esc(row["name"]), row["due"] or "—") in table,
          "the deadline of %s" % row["name"])
    if row["href"]:
        check('<a href="%s" rel="noopener noreferrer" target="_blank">%s' %
              (esc(row["href"]), esc(row["cite"])) in table,
              "the law of %s as a link" % row["name"])
check("Compliance: %d findings" % len(report["findings"]) in text, "the findings are counted")
notices = text[text.index('<table class="notices">'):]
check("Secretary of HHS" in notices[:notices.index("</table>")], "the notice owed to HHS")

# a draft: refused without the forms' token, drawn with it
form = Form(text)
fields = form.fields() + [("jurisdiction", "MA"), ("variant", "adult"), ("language", ""),
                          ("list", "m/recipients.csv"), ("recipient", "")]
no_csrf = [f for f in fields if f[0] != "csrf"]
r = sv.post_form("/preview/draft", no_csrf)
check(r.status == 403, "a draft without the forms' token: %d" % r.status)
r = sv.post_form("/preview/draft", fields, origin="http://evil.example")
check(r.status == 403, "a draft from another origin: %d" % r.status)


def draft(name, **choice):
    sent = [(k, name if k == "org.name" else v) for k, v in fields if k not in choice]
    sent += list(choice.items())
    start = time.monotonic()
    r = sv.post_form("/preview/draft", sent)
    check(r.status == 200, "the draft: %d %s" % (r.status, r.text[:200]))
    urls = pages_of(r.text)
    first = sv.get(urls[0]) if urls else None
    return r.text, urls, first.body if first else b"", time.monotonic() - start


before_html, before_urls, before, _ = draft("Medusind Inc.")
after_html, after_urls, after, _ = draft("Medusind Billing Inc.")
check(before.startswith(PNG) and after.startswith(PNG), "the drafts are pictures")
check(after != before, "a changed fact redraws the letter")
check(after_urls[0] != before_urls[0], "a new drawing has a new address")
check('data-announce="Preview updated:' in after_html, "the summary the live region says")
check(open(incident, "rb").read() == saved and os.stat(incident).st_mtime_ns == saved_mtime,
      "a draft never writes the incident file")
check(sorted(os.listdir(os.path.join(ws, "m"))) == ["README.md", "incident.xml", "po",
                                                     "recipients.csv"],
      "no draft file is left: %s" % os.listdir(os.path.join(ws, "m")))

# a missing fact is listed with a link to its field
missing_html, _, _, _ = draft("Medusind Inc.", **{"org.phone": ""})
check('<a href="#f-org-phone">Organisation › Telephone for questions: fill this in</a>'
      in missing_html, "the missing telephone, in words, links its field")
check("Facts missing or wrong (1)" in missing_html, "told once, as the editor tells it")

# the draft of the saved fields draws what preview draws from the file
same_html, same_urls, _, _ = draft("Medusind Inc.", list="", language="es")
cli_es = cli_pages(incident, "--jurisdiction", "MA", "--language", "es")
got = [sv.get(u).body for u in same_urls]
check(got == cli_es, "the Spanish draft is preview's --language es, page for page")
check(got[0] != before, "Spanish is not English")
r = subprocess.run([BIN, "preview", incident, "--language", "es", "-o",
                    os.path.join(OUT, "es.pdf")], capture_output=True)
es_text = subprocess.run(["pdftotext", os.path.join(OUT, "es.pdf"), "-"],
                         capture_output=True, text=True).stdout
check("Aviso de violación de datos" in es_text, "preview --language es is in Spanish")
r = sv.get("/preview.png?file=m%2Fincident.xml&jurisdiction=MA&language=es&page=2")
check(r.status == 200 and r.body == cli_es[1], "page 2 of the saved file in Spanish")

# a person of the list
person_html, person_urls, _, _ = draft("Medusind Inc.", recipient="MDS-000142")
cli_person = cli_pages(incident, "--recipients", listfile, "--recipient", "MDS-000142")
check([sv.get(u).body for u in person_urls] == cli_person,
      "the person of the list is preview's --recipient, page for page")
check("the letter of recipient MDS-000142" in person_html, "the person is named")

# no person's id in an address: the GET routes refuse it, the panel's Show posts it
r = sv.get("/preview.png?file=m%2Fincident.xml&list=m%2Frecipients.csv&recipient=MDS-000142")
check(r.status == 400 and "not drawn from an address" in r.text,
      "the GET preview of a person of the list is refused: %d" % r.status)
r = sv.get("/edit?file=m%2Fincident.xml&list=m%2Frecipients.csv&recipient=MDS-000142")
check(r.status == 400 and "not drawn from an address" in r.text and "MDS-000142" not in r.text,
      "the editor's address does not choose a person: %d" % r.status)
choice = Form(text, action="/preview/show")
check('<form method="post" action="/preview/show"' in text and
      dict(choice.fields()).get("csrf") == dict(fields)["csrf"],
      "the panel's choice is a form posted with the forms' token")
sent = [(k, v) for k, v in choice.fields() if k not in ("list", "recipient", "jurisdiction")]
sent += [("list", "m/recipients.csv"), ("recipient", "MDS-000142"), ("jurisdiction", "")]
r = sv.post_form("/preview/show", [f for f in sent if f[0] != "csrf"])
check(r.status == 403, "Show without the forms' token: %d" % r.status)
r = sv.post_form("/preview/show", sent)
check(r.status == 200 and "the letter of recipient MDS-000142" in r.text,
      "Show chooses a person of the list: %d" % r.status)
check([sv.get(u).body for u in pages_of(r.text)] == cli_person,
      "the person Show chose is preview's --recipient, page for page")
check('name="recipient" maxlength="200" value="MDS-000142"' in r.text,
      "the person chosen stays in the form")

# the same incident in another folder without its catalogs (po/): each folder's Spanish letter
# is its own, whichever is asked for first
shutil.copytree(os.path.join(ws, "m"), os.path.join(ws, "n"),
                ignore=shutil.ignore_patterns("po"))
check(open(os.path.join(ws, "n", "incident.xml"), "rb").read() == saved, "the same bytes")


def spanish(folder, state):
    q = "file=%s%%2Fincident.xml&jurisdiction=%s&language=es" % (folder, state)
    picture = sv.get("/preview.png?" + q + "&page=1")
    editor = sv.get("/edit?" + q)
    return picture.body, "The letter cannot be made yet" in editor.text


def spanish_pages(folder, state):
    """Every page of the folder's Spanish letter, and the drawing's address."""
    q = "file=%s%%2Fincident.xml&jurisdiction=%s&language=es&list=" % (folder, state)
    urls = pages_of(sv.get("/edit?" + q).text)
    return [sv.get(u).body for u in urls], urls[0] if urls else ""


n_ma, n_ma_cannot = spanish("n", "MA")
m_ma, m_ma_cannot = spanish("m", "MA")
check(n_ma_cannot and not m_ma_cannot, "n then m: only m's Spanish letter can be made")
check(m_ma == cli_es[0] and n_ma != m_ma, "n then m: m's picture is its own")
m_tx, m_tx_cannot = spanish("m", "TX")
n_tx, n_tx_cannot = spanish("n", "TX")
check(n_tx_cannot and not m_tx_cannot, "m then n: only m's Spanish letter can be made")
check(n_tx != m_tx and n_tx.startswith(PNG), "m then n: n's picture is its own")
# a change to the folder's catalog redraws
m_pages, m_url = spanish_pages("m", "MA")
check(m_pages[0] == m_ma, "the editor's first page is the picture")
po = os.path.join(ws, "m", "po", "es.po")
catalog = open(po, encoding="utf-8").read()
changed = catalog.replace('msgstr "información del seguro médico, como números',
                          'msgstr "información del seguro médico, como los números')
check(changed != catalog, "the catalog holds the sentence changed")
with open(po, "w", encoding="utf-8") as f:
    f.write(changed)
m_pages2, m_url2 = spanish_pages("m", "MA")
check(m_url2 != m_url, "a changed catalog is a new drawing")
check(m_pages2 != m_pages, "a changed catalog changes the pictures")
with open(po, "w", encoding="utf-8") as f:
    f.write(catalog)
m_pages3, _ = spanish_pages("m", "MA")
check(m_pages3 == m_pages, "the catalog as it was draws as before")

# a large list (over 2 MiB) is not chosen by default; the panel says how to choose it
os.makedirs(os.path.join(ws, "big"))
shutil.copy(incident, os.path.join(ws, "big", "incident.xml"))
rows = open(listfile, encoding="utf-8-sig").read().splitlines()
with open(os.path.join(ws, "big", "recipients.csv"), "w", encoding="utf-8") as f:
    f.write(rows[0] + "\n")
    n = 0
    while f.tell() <= 2 * 1024 * 1024 + 1:
        for row in rows[1:]:
            n += 1
            f.write("BIG-%07d" % n + row[row.index(","):] + "\n")
start = time.monotonic()
r = sv.get("/edit?file=big%2Fincident.xml")
took_big = time.monotonic() - start
check(r.status == 200 and "<option selected>big/recipients.csv</option>" not in r.text,
      "a large list is not chosen by default")
check("The list big/recipients.csv is large" in r.text and
      "findings are over the sample person only" in r.text, "the panel says why and how")
check("Checked without a recipient list" in r.text, "the findings are the sample person's")
print("GET /edit beside a list of %d rows, not chosen: %.2f s" % (n, took_big), file=sys.stderr)

for bad in [dict(language="ES"), dict(jurisdiction="ma"), dict(recipient="X", list=""),
            dict(list="../x.csv"), dict(variant="child"), dict(file="../x.xml"),
            dict(file="m/none.xml")]:
    sent = [(k, v) for k, v in fields if k not in bad] + list(bad.items())
    r = sv.post_form("/preview/draft", sent)
    check(r.status == 400, "a draft with %s: %d" % (bad, r.status))

# edit to redrawn picture, as the page's script does it: POST the draft, GET its first page
took = []
for i in range(10):
    _, _, body, t = draft("Medusind Inc. %d" % i)
    check(body.startswith(PNG), "draft %d drawn" % i)
    took.append(t)
took.sort()
print("edit to redrawn page 1 (POST /preview/draft + GET the picture), 10 drafts: median "
      "%.2f s, min %.2f s, max %.2f s" % (took[5], took[0], took[-1]), file=sys.stderr)
check(sv.stop() == 0, "the server's exit status")
log = open(os.path.join(OUT, "serve.log"), encoding="utf-8").read()
check("/preview/show" in log and "MDS-" not in log, "the server's log holds no person's id")
finish()
