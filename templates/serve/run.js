// SPDX-License-Identifier: MIT
// The mass run's page: while a run goes on, its progress is read from /run/status about once a
// second and shown in the progress bar and the numbers (a live region, read out politely); when
// the run ends the page is loaded again, and the server shows the manifest's summary. Without
// the script the page still works: loading it again shows where the run is.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var section = document.querySelector("section.run");
  var bar = document.getElementById("run-progress");
  var numbers = document.getElementById("run-numbers");
  if (!section || !bar || !numbers || section.getAttribute("data-state") !== "running") {
    return;
  }
  function duration(secs) {
    var s = Math.round(secs), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var ss = ("0" + (s % 60)).slice(-2);
    return h > 0 ? h + ":" + ("0" + m).slice(-2) + ":" + ss : m + ":" + ss;
  }
  var lastText = "";
  function show(p) {
    bar.max = Math.max(p.rows_todo, 1);
    bar.value = p.rows_done;
    var text = p.rows_done + " of " + p.rows_todo + " rows · " + p.letters + " letters · " +
      p.errors + " without a letter · " + Math.round(p.rate) + " rows/s";
    if (!p.end && p.rate > 0) {
      text += " · about " + duration(p.seconds_left) + " left";
    }
    // the live region changes only when the words do, so a screen reader is not flooded
    if (text !== lastText) {
      numbers.textContent = text;
      lastText = text;
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
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
});
