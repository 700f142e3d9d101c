# SPDX-License-Identifier: MIT
"""The guards of breachletter serve, each asserted against a running server."""
import os
import re
import shutil
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.environ["SRC"], "tests", "support"))
from e2e import OUT, check, finish  # noqa: E402
from serve_client import Server  # noqa: E402

ws = os.path.join(OUT, "ws")
os.makedirs(ws)
shutil.copytree(os.path.join(os.environ["SRC"], "examples", "medusind-2023"),
                os.path.join(ws, "medusind"))
secret = os.path.join(OUT, "secret.txt")
with open(secret, "w") as f:
    f.write("outside the workspace\n")
os.symlink(secret, os.path.join(ws, "planted.txt"))           # a file link leading out
os.symlink(OUT, os.path.join(ws, "planted-dir"))               # a folder link leading out
os.mkfifo(os.path.join(ws, "fifo.xml"))                         # opened, it would block

# drafts' private files a killed server left: swept at start however deep, in hidden folders
# too (the editor opens incidents wherever a name leads), but not a young one (another server's
# at work), nor any other file
deep = os.path.join(ws, "a", "b", "c", "d", ".e", "f")
os.makedirs(deep)
an_hour_ago = time.time() - 3600
drafts = {os.path.join(deep, ".bl-draft-00.xml"): False,
          os.path.join(ws, ".bl-draft-01.xml"): False,
          os.path.join(ws, "a", ".bl-draft-02.xml"): True,
          os.path.join(deep, ".bl-draft-03.xml"): True,
          os.path.join(deep, "incident.xml"): True}
for path, young in drafts.items():
    with open(path, "w") as f:
        f.write("<incident/>")
    if not young:
        os.utime(path, (an_hour_ago, an_hour_ago))
sv = Server(os.environ["BIN"], ws, "--max-incident-size", "64", "--max-list-size", "1",
            stderr_path=os.path.join(OUT, "serve.log"))
for path, kept in drafts.items():
    check(os.path.exists(path) == kept, "%s %s at start" % (path, "kept" if kept else
                                                             "not swept"))
shutil.rmtree(os.path.join(ws, "a"))
check(sv.base.startswith("http://127.0.0.1:"), "listens on the loopback: " + sv.base)
check(len(sv.token) == 64, "the token is 32 random bytes")

# without the token: refused, on every page
for path in ["/", "/new", "/edit?file=medusind/incident.xml", "/static/app.js",
             "/file?path=medusind/recipients.csv", "/?token=" + "0" * 64]:
    r = sv.get(path)
    check(r.status == 403, "GET %s without the token: %d, not 403" % (path, r.status))
    check("Content-Security-Policy" in r.headers, "a refusal carries the CSP too")
r = sv.post_form("/save", {"file": "x.xml"})
check(r.status == 403, "POST without the token: %d" % r.status)

# the printed address: the token becomes an HttpOnly, SameSite=Strict cookie
r = sv.login()
cookie = r.headers.get("Set-Cookie", "")
check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie,
      "the cookie's flags: " + cookie)
check(r.headers.get("Location") == "/", "the token leaves the address bar")

r = sv.get("/edit?file=medusind%%2Fincident.xml&token=%s" % sv.token)
check(r.headers.get("Location") == "/edit?file=medusind%2Fincident.xml",
      "the printed address leads on to its page: %s" % r.headers.get("Location"))
r = sv.get("//evil.example/?token=%s" % sv.token)
check(r.headers.get("Location") == "/", "no redirect to another site: %s" % r.headers.get(
    "Location"))
home = sv.get("/")
check(home.status == 200, "the home page with the cookie: %d" % home.status)
h = home.headers
csp = h.get("Content-Security-Policy", "")
for part in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
             "object-src 'none'"]:
    check(part in csp, "the CSP has " + part)
check("unsafe-inline" not in csp, "no inline script or style allowed")
check(h.get("X-Content-Type-Options") == "nosniff", "nosniff")
check(h.get("Referrer-Policy") in ("no-referrer", "same-origin"), "a referrer policy")
check(h.get("X-Frame-Options") == "DENY", "no framing")
check("<script>" not in home.text and " style=" not in home.text and "onclick" not in home.text,
      "no inline script or style in the page")
check("medusind/incident.xml" in home.text, "the home page lists the incident")
check("medusind/recipients.csv" in home.text, "the home page lists the list")

# a request naming another host (DNS rebinding) is refused even with the cookie
r = sv.get("/", headers={"Host": "attacker.example:%s" % sv.base.rsplit(":", 1)[1]})
check(r.status == 403, "another Host: %d" % r.status)

# changes: the CSRF token and the workbench's own Origin, both needed
csrf = home.text.split('name="csrf" value="')[1].split('"')[0]
check(csrf != sv.token, "the CSRF token is not the access token")
form = {"csrf": csrf, "file": "new.xml", "org.name": "Acme"}
r = sv.post_form("/save", {k: v for k, v in form.items() if k != "csrf"})
check(r.status == 403, "POST without the CSRF token: %d" % r.status)
r = sv.post_form("/save", dict(form, csrf="0" * 64))
check(r.status == 403, "POST with a wrong CSRF token: %d" % r.status)
r = sv.post_form("/save", form, origin="http://evil.example")
check(r.status == 403, "POST from another Origin: %d" % r.status)
r = sv.post_form("/save", form, origin="null")
check(r.status == 403, "POST from an opaque origin: %d" % r.status)
r = sv.post_form("/save", form, origin=False)
check(r.status == 403, "POST with neither Origin nor Referer: %d" % r.status)
r = sv.post_form("/save", form, origin=False, headers={"Referer": "http://evil.example/x"})
check(r.status == 403, "POST with a foreign Referer: %d" % r.status)
check(not os.path.exists(os.path.join(ws, "new.xml")), "no refused POST wrote a file")

# every POST route, as the route tables in the source list them: refused without the form's
# token, from a foreign or opaque Origin, with neither Origin nor Referer, and without the cookie
routes = []
cli = os.path.join(os.environ["SRC"], "generator", "cli")
for source in sorted(os.listdir(cli)):
    if source.startswith("serve") and source.endswith(".c"):
        with open(os.path.join(cli, source), encoding="utf-8") as f:
            routes += re.findall(r'\{SERVE_POST_(FORM|RAW), "([^"]+)"', f.read())
paths = sorted(p for _, p in routes)
check({"/save", "/approve", "/preview/draft", "/run/start", "/run/stop", "/person/search",
       "/person/letter", "/person/download", "/upload/list", "/upload/incident"} <= set(paths),
      "the route tables list every POST route: %s" % paths)
before = sorted(os.listdir(ws))
fields = {"file": "medusind/incident.xml", "list": "medusind/recipients.csv", "org.name": "X",
          "name": "A", "id": "MDS-000001", "variant": "x", "reviewer": "R", "out": "o"}
for kind, path in routes:
    if kind == "RAW":
        cases = [("without the form's token", lambda o, c, h: sv.post_file(
                     path, "r.xml", b"<incident/>", None, origin=o, headers=h, cookies=c)),
                 ("", lambda o, c, h: sv.post_file(path, "r.xml", b"<incident/>", csrf, origin=o,
                                                   headers=h, cookies=c))]
    else:
        cases = [("without the form's token", lambda o, c, h: sv.post_form(
                     path, fields, origin=o, headers=h, cookies=c)),
                 ("", lambda o, c, h: sv.post_form(path, dict(fields, csrf=csrf), origin=o,
                                                   headers=h, cookies=c))]
    r = cases[0][1](True, True, None)
    check(r.status == 403, "POST %s %s: %d" % (path, cases[0][0], r.status))
    send = cases[1][1]
    for what, origin, headers, cookies in [
            ("from another Origin", "http://evil.example", None, True),
            ("from an opaque origin", "null", None, True),
            ("with neither Origin nor Referer", False, None, True),
            ("with a foreign Referer", False, {"Referer": "http://evil.example/x"}, True),
            ("without the cookie", True, None, False)]:
        r = send(origin, cookies, headers)
        check(r.status == 403, "POST %s %s: %d" % (path, what, r.status))
check(sorted(os.listdir(ws)) == before, "no refused POST changed the workspace")

# a NUL in a form's body is refused whole, as in the address (the decoded value would end there)
for body in [b"file=n%2Fx.xml%00.csv&csrf=" + csrf.encode(),
             b"csrf=" + csrf.encode() + b"&file=new.xml&org.name=a%00b",
             b"csrf=" + csrf.encode() + b"&file=new.xml\x00.csv"]:
    r = sv.post_raw_form("/save", body)
    check(r.status == 400 and "NUL" in r.text, "a form holding a NUL: %d" % r.status)
check(not os.path.exists(os.path.join(ws, "n")) and not os.path.exists(
    os.path.join(ws, "new.xml")), "a form holding a NUL wrote nothing")

# a name any part of which starts with '-' would be an option to a command: refused
for name in ["-x.xml", "medusind/--data-dir=q.xml"]:
    r = sv.post_form("/save", {"csrf": csrf, "file": name, "org.name": "X"})
    check(r.status == 400, "saved to %s: %d" % (name, r.status))
    check(not os.path.exists(os.path.join(ws, name)), "a save wrote %s" % name)
r = sv.post_file("/upload/incident", "-x.xml", b"<incident/>", csrf)
check(r.status == 400, "an upload named -x.xml: %d" % r.status)
check(not os.path.exists(os.path.join(ws, "-x.xml")), "an upload wrote -x.xml")
r = sv.get("/file?path=-x.xml")
check(r.status == 400, "/file?path=-x.xml: %d" % r.status)
r = sv.post_file("/upload/list", "l.csv", b"id\n1\n", "0" * 64)
check(r.status == 403, "an upload without the CSRF token: %d" % r.status)
r = sv.post_form("/save", form, origin=False, headers={"Referer": sv.base + "/new"})
check(r.status == 303, "POST with the CSRF token and the own Referer: %d" % r.status)
r = sv.post_form("/save", form)
check(r.status == 303, "POST with the CSRF token and the own Origin: %d" % r.status)
check(os.path.isfile(os.path.join(ws, "new.xml")), "the accepted POST wrote new.xml")

# nothing outside the workspace
for name, want in [("../secret.txt", 400), ("/etc/passwd", 400), (secret, 400),
                   ("medusind/../../secret.txt", 400), ("medusind/%2e%2e/%2e%2e/secret.txt", 400),
                   ("medusind%2F..%2F..%2Fsecret.txt", 400), ("medusind/incident.xml%00.csv", 400),
                   ("planted.txt", 403), ("planted-dir/secret.txt", 403)]:
    r = sv.get("/file?path=" + name)
    check(r.status == want, "/file?path=%s: %d, not %d" % (name, r.status, want))
    check(b"outside the workspace" not in r.body, "%s leaked the file outside" % name)
for name in ["../secret.txt", "planted-dir/x.xml", "/tmp/x.xml", "medusind/../x.xml"]:
    r = sv.get("/edit?file=" + name)
    check(r.status == 404, "the editor opened %s: %d" % (name, r.status))
    r = sv.post_form("/save", {"csrf": csrf, "file": name, "org.name": "X"})
    check(r.status == 400, "saved to %s: %d" % (name, r.status))
check(not os.path.exists(os.path.join(OUT, "x.xml")), "a save left the workspace")
for path in ["/file?path=fifo.xml", "/edit?file=fifo.xml", "/"]:
    r = sv.get(path)
    check(r.status in (200, 404), "a FIFO in the workspace: %s %d" % (path, r.status))
r = sv.get("/file?path=medusind/recipients.csv")
check(r.status == 200 and b"Patient ID" in r.body[:16], "a workspace file is served")
check(r.headers.get("Content-Disposition") == "attachment", "as a download")
# a file over the size limit (1 MiB here) is too large, not missing
with open(os.path.join(ws, "large.pdf"), "wb") as f:
    f.write(b"%PDF" + b"x" * (1 << 20))
r = sv.get("/file?path=large.pdf")
check(r.status == 413 and "1048576 bytes" in r.text, "/file of a file over the limit: %d %s"
      % (r.status, r.text[-300:]))
r = sv.get("/static/../../CMakeLists.txt")
check(r.status in (400, 404), "a static name leading out: %d" % r.status)

# size limits: 64 KiB forms, 1 MiB lists here; 413 before the body is read
r = sv.post_form("/save", {"csrf": csrf, "file": "big.xml", "org.name": "x" * 70000})
check(r.status == 413, "a form over 64 KiB: %d" % r.status)
r = sv.post_file("/upload/list", "big.csv", b"x" * (1 << 20), csrf)
check(r.status == 413, "a list over 1 MiB: %d" % r.status)
r = sv.post_file("/upload/incident", "big.xml", b"x" * 70000, csrf)
check(r.status == 413, "an incident over 64 KiB: %d" % r.status)
check(not os.path.exists(os.path.join(ws, "big.csv")), "the large list was not stored")
r = sv.post_file("/upload/list", "small.csv", b"id\n1\n", csrf)
check(r.status == 303, "a list under the limit: %d" % r.status)
check(open(os.path.join(ws, "small.csv"), "rb").read() == b"id\n1\n", "stored as sent")
r = sv.post_file("/upload/list", "small.csv", b"other\n", csrf)
check(r.status == 409, "an upload does not replace a file: %d" % r.status)
r = sv.post_file("/upload/list", "../up.csv", b"id\n", csrf)
check(not os.path.exists(os.path.join(OUT, "up.csv")), "an upload named ../up.csv left")
check(r.status == 400 or os.path.exists(os.path.join(ws, "up.csv")),
      "an upload named ../up.csv is refused or kept inside: %d" % r.status)

# SIGTERM: a clean stop
rc = sv.stop(signal.SIGTERM)
check(rc == 0, "exit status after SIGTERM: %d" % rc)
log = sv.log_text()
check(sv.token not in log and csrf not in log, "the log holds no token")
check("?" not in log and "secret" not in log and "medusind" not in log.split("\n", 1)[1],
      "the log holds no query or file name")
check("GET / 403 " in log and "POST /save 413 " in log and "GET /file 403 " in log,
      "the log has method, path and status:\n" + log)
check(log.rstrip().endswith("breachletter serve: stopped"), "the log ends with the stop")
finish()
