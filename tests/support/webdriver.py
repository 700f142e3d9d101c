# SPDX-License-Identifier: MIT
"""A WebDriver client for the end-to-end tests: Debian's chromium, headless, driven through
chromedriver's W3C WebDriver API with python3's urllib (no client library). Every wait is for a
condition, bounded by a limit."""
import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C web element key
ENTER = "\ue007"  # the Enter key, in WebDriver's key codes


class Driver:
    """A chromedriver of its own on a port it chooses, read from its first lines."""

    def __init__(self, profile, width=1200, height=900):
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
                         "--disable-dev-shm-usage", "--window-size=%d,%d" % (width, height), "--hide-scrollbars",
                         "--user-data-dir=" + profile]}}}}
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

    def _element(self, using, value):
        found = self.s("POST", "/element", {"using": using, "value": value})
        if not isinstance(found, dict) or ELEMENT not in found:
            raise RuntimeError("no element %s: %r" % (value, found))
        return found[ELEMENT]

    def find(self, css):
        return self._element("css selector", css)

    def xpath(self, xp):
        return self._element("xpath", xp)

    def click(self, el):
        # WebDriver scrolls an element to the bottom edge, under the editor's sticky save bar
        self.js("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: el})
        self.s("POST", "/element/%s/click" % el, {})

    def submit(self, el, limit=120):
        """Clicks el and waits for the page it leads to (limit: as for after)."""
        self.after(lambda: self.click(el), limit)

    def after(self, action, limit=120):
        """Does action (a click, a key) and waits for the page it leads to: the old document is
        marked, and the wait ends when a document without the mark has loaded (a condition, not
        a time). limit is a safety limit in seconds, as for wait_for."""
        self.js("window.blOldPage = true")
        action()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                if self.js("return !window.blOldPage && document.readyState === 'complete'"):
                    return
            except RuntimeError:
                pass  # the document changing under the script
            time.sleep(0.05)
        raise RuntimeError("no page after the action within %s s" % limit)

    def until(self, condition):
        """Waits until the script condition holds (say, every picture of the page loaded, so
        that nothing moves under a click)."""
        self.wait_for("return !!(%s)" % condition, limit=120)

    def keys(self, el, text):
        """Types text (with WebDriver's key codes: ENTER) at the end of the element el's value,
        key by key, as a person does."""
        self.js("arguments[0].scrollIntoView({block: 'center'})", {ELEMENT: el})
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def clear(self, el):
        self.s("POST", "/element/%s/clear" % el, {})

    def type(self, css, text):
        el = self.find(css)
        self.s("POST", "/element/%s/clear" % el, {})
        self.s("POST", "/element/%s/value" % el, {"text": text})

    def choose(self, select_id, option):
        self.click(self.xpath("//select[@id='%s']/option[text()='%s']" % (select_id, option)))

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def js_async(self, script, *args):
        """Runs script with a callback as its last argument; returns what it is called with."""
        return self.s("POST", "/execute/async", {"script": script, "args": list(args)})

    def wait_for(self, script, limit=600, *args):
        """Waits until script (given args) returns a true value, read every 50 ms; its value.
        limit is a safety limit in seconds, not a timing."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                value = self.js(script, *args)
                if value:
                    return value
            except RuntimeError:
                pass  # the document changing under the script
            time.sleep(0.05)
        raise RuntimeError("waited in vain for: " + script)

    def screenshot(self, path, width=1200, height=None):
        """The page as a PNG at path: the window height tall, or as tall as the document."""
        if height is None:
            self.s("POST", "/window/rect", {"width": width, "height": 600})
            height = self.js("return Math.ceil(document.documentElement.scrollHeight)")
            height = max(int(height), 300) + 160
        self.s("POST", "/window/rect", {"width": width, "height": height})
        data = base64.b64decode(self.s("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(data)
        return data


