// SPDX-License-Identifier: MIT
// The mass run's page: while a run goes on, its progress is read from /run/status about once a
// second and shown in the progress bar and the numbers (not a live region: they change every
// second). A screen reader is told of the progress through a separate polite live region, at
// most at every tenth of the rows or every 30 seconds, and when the run ends. When the run ends
// the page is loaded again (the server shows the manifest's summary) and the run's heading
// takes the focus, so that its outcome is read out. Without the script the page still works:
// loading it again shows where the run is.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var section = document.querySelector("section.run");
  var bar = document.getElementById("run-progress");
  var numbers = document.getElementById("run-numbers");
  var announce = document.getElementById("run-announce");
  var heading = document.getElementById("run-h");
  var ENDED = "breachletter-run-ended";
  if (section && heading && section.getAttribute("data-state") !== "running" &&
      window.sessionStorage && window.sessionStorage.getItem(ENDED)) {
    // the page was loaded again by this script at the run's end: its outcome is read out
    window.sessionStorage.removeItem(ENDED);
    heading.focus();
  }
  if (!section || !bar || !numbers || section.getAttribute("data-state") !== "running") {
    return;
  }
  function duration(secs) {
    var s = Math.round(secs), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var ss = ("0" + (s % 60)).slice(-2);
    return h > 0 ? h + ":" + ("0" + m).slice(-2) + ":" + ss : m + ":" + ss;
  }
  var lastTenth = -1, lastSaid = 0;
  function say(text) {
    if (announce) {
      announce.textContent = text;
    }
    lastSaid = Date.now();
  }
  function show(p) {
    bar.max = Math.max(p.rows_todo, 1);
    bar.value = p.rows_done;
    var text = p.rows_done + " of " + p.rows_todo + " rows · " + p.letters + " letters · " +
      p.errors + " without a letter · " + Math.round(p.rate) + " rows/s";
    if (!p.end && p.rate > 0) {
      text += " · about " + duration(p.seconds_left) + " left";
    }
    numbers.textContent = text;
    var tenth = Math.floor(10 * p.rows_done / Math.max(p.rows_todo, 1));
    if (p.end) {
      return;
    }
    if (lastTenth < 0) {
      lastTenth = tenth;  // the first reading: the page already says where the run is
      lastSaid = Date.now();
    } else if (tenth > lastTenth || Date.now() - lastSaid >= 30000) {
      lastTenth = tenth;
      say(Math.round(100 * p.rows_done / Math.max(p.rows_todo, 1)) + " percent: " + p.letters +
        " letters, " + p.errors + " without a letter.");
    }
  }
  function poll() {
    fetch("/run/status", { cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (st) {
        if (st.progress) {
          show(st.progress);
        }
        if (st.state === "running") {
          window.setTimeout(poll, 1000);
        } else {
          say("The run has ended.");
          if (window.sessionStorage) {
            window.sessionStorage.setItem(ENDED, "1");
          }
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
});
