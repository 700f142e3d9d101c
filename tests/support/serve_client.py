# SPDX-License-Identifier: MIT
"""A client of `breachletter serve` for the end-to-end tests: starts the server on a workspace,
waits for the address it prints (never a sleep), and talks HTTP with urllib as a browser would
(the cookie kept, the Origin of the page sent with each POST), or as an attacker would."""
import atexit
import html.parser
import http.cookiejar
import os
import signal
import subprocess
import urllib.error
import urllib.parse
import urllib.request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Server:
    def __init__(self, binary, workspace, *args, stderr_path=None):
        self.stderr_path = stderr_path or os.path.join(workspace, "..", "serve.log")
        self.log = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([binary, "serve", workspace, *args], stdout=subprocess.PIPE,
                                     stderr=self.log, stdin=subprocess.DEVNULL)
        # a test that ends by an exception leaves no server behind
        atexit.register(self._end)
        self.url = self.proc.stdout.readline().decode().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError("no address printed: %r" % self.url)
        parts = urllib.parse.urlsplit(self.url)
        self.base = "%s://%s" % (parts.scheme, parts.netloc)
        self.token = urllib.parse.parse_qs(parts.query)["token"][0]
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect)

    def request(self, method, path, data=None, headers=None, cookies=True):
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers=headers or {})
        opener = self.opener if cookies else urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=60) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def login(self):
        """Opens the printed address: the token becomes the session's cookie."""
        r = self.request("GET", "/?" + urllib.parse.urlsplit(self.url).query)
        assert r.status == 303, r.status
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def _origin(self, h, origin, headers):
        """origin: True for the server's own, a string for another, False for none."""
        if origin is True:
            h["Origin"] = self.base
        elif origin:
            h["Origin"] = origin
        h.update(headers or {})
        return h

    def post_form(self, path, fields, origin=True, headers=None, cookies=True):
        """POSTs fields (a dict or a list of pairs) as a browser's form does."""
        h = self._origin({"Content-Type": "application/x-www-form-urlencoded"}, origin, headers)
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(), h,
                            cookies=cookies)

    def post_raw_form(self, path, body, origin=True):
        """POSTs body (bytes, already urlencoded) as a form."""
        h = self._origin({"Content-Type": "application/x-www-form-urlencoded"}, origin, None)
        return self.request("POST", path, body, h)

    def post_file(self, path, name, data, csrf, origin=True, headers=None, cookies=True):
        """POSTs a file upload as the home page's form does; csrf None leaves the token out."""
        boundary = "----bl-e2e-boundary"
        body = b""
        if csrf is not None:
            body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                    % (boundary, csrf)).encode()
        body += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n"
                 % (boundary, name)).encode() + data + ("\r\n--%s--\r\n" % boundary).encode()
        h = self._origin({"Content-Type": "multipart/form-data; boundary=" + boundary}, origin,
                         headers)
        return self.request("POST", path, body, h, cookies=cookies)

    def stop(self, sig=signal.SIGTERM):
        """Signals the server; returns its exit status."""
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.log.close()
        return rc

    def _end(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_text(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            return f.read()


class Form(html.parser.HTMLParser):
    """The values a browser would send for the page's form with action (checkboxes ticked only,
    the selected option, textareas' text), and the ids of fields marked invalid."""

    def __init__(self, page, action="/save"):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.values, self.invalid = action, False, [], []
        self._textarea = self._select = None
        self._option = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if a.get("aria-invalid") == "true":
            self.invalid.append(a.get("name"))
        if tag == "input" and a.get("type") != "file":
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.values.append([a["name"], a.get("value", "")])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.values.append(self._textarea)
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            if selected:
                self.values.append([self._select, value if value is not None else text])
            self._option = None
        elif tag == "select":
            self._select = None

    def get(self, name):
        for k, v in self.values:
            if k == name:
                return v
        return None

    def set(self, name, value):
        for pair in self.values:
            if pair[0] == name:
                pair[1] = value
                return
        self.values.append([name, value])

    def fields(self):
        return [tuple(p) for p in self.values]
