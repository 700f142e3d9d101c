# SPDX-License-Identifier: MIT
"""A WebDriver client of chromedriver for the end-to-end tests and the screenshots of the docs:
headless chromium (Debian's), driven through the W3C WebDriver API with python3's urllib, no
client library. Waits are conditions polled with a safety limit, never fixed sleeps."""
import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element key


class Driver:
    """A chromedriver of its own on a port it chooses, read from its first lines; chromium's
    profile in profile_dir."""

    def __init__(self, profile_dir, width=1200, height=900):
        self.proc = subprocess.Popen(["chromedriver", "--port=0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        port = None
        for line in self.proc.stdout:
            line = line.decode()
            if "started successfully on port" in line:
                port = int(line.rsplit(" ", 1)[1].strip().rstrip("."))
                break
        if port is None:
            raise RuntimeError("chromedriver did not start")
        self.base = "http://127.0.0.1:%d" % port
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--window-size=%d,%d" % (width, height),
                         "--user-data-dir=" + profile_dir]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s: %s" % (method, path, e.read()[:700]))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def go(self, url):
        self.s("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        found = self.s("POST", "/element", {"using": "css selector", "value": css})
        if not isinstance(found, dict) or ELEMENT not in found:
            raise RuntimeError("no element %s: %r" % (css, found))
        return found[ELEMENT]

    def keys(self, css, text):
        """Types text at the end of the field's value, key by key, as a person does."""
        el = self.find(css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: el})
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def clear(self, css):
        self.s("POST", "/element/%s/clear" % self.find(css), {})

    def click(self, css):
        el = self.find(css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: el})
        self.s("POST", "/element/%s/click" % el, {})

    def wait(self, script, limit=60.0, *args):
        """Polls script (a condition, returning a value) until it is truthy; its value. Raises
        when limit seconds pass first: a safety limit, not a timing."""
        end = time.monotonic() + limit
        while True:
            value = self.js(script, *args)
            if value:
                return value
            if time.monotonic() > end:
                raise RuntimeError("still false after %.0f s: %s" % (limit, script))
            time.sleep(0.02)

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.s("GET", "/screenshot")))

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def have_chromium():
    return all(any(os.access(os.path.join(d, exe), os.X_OK)
                   for d in os.environ.get("PATH", "").split(os.pathsep))
               for exe in ("chromium", "chromedriver"))
