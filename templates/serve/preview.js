// SPDX-License-Identifier: MIT
// The editor's live preview: after a short pause in typing, the form's unsaved fields and the
// person chosen are sent (POST /preview/draft, with the form's csrf field); the server draws the
// letter from them without saving, and its answer (the pages, the facts missing, the findings)
// replaces the panel's drawing. A polite live region says that it was redrawn. Without this
// script the page still works: Save redraws the preview, Show (a POST, so that no person's id
// goes into an address) chooses another person.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var editor = document.querySelector("form.editor");
  var choice = document.getElementById("preview-choice");
  var live = document.getElementById("preview-live");
  var status = document.getElementById("preview-status");
  if (!editor || !choice || !live || !window.fetch) {
    return;
  }
  var timer = null;
  var busy = false;
  var again = false;

  function body() {
    var params = new URLSearchParams();
    new FormData(editor).forEach(function (value, key) { params.append(key, value); });
    new FormData(choice).forEach(function (value, key) {
      if (key !== "file" && key !== "csrf") {
        params.append(key, value);
      }
    });
    return params;
  }

  function say(text) {
    status.textContent = text;
  }

  function redraw() {
    if (busy) {
      again = true;  // one more redraw when this one is done, with the newest fields
      return;
    }
    busy = true;
    again = false;
    live.setAttribute("aria-busy", "true");
    fetch("/preview/draft", { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (response) {
        return response.text().then(function (text) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          live.innerHTML = text;
          var summary = live.querySelector("[data-announce]");
          say(summary ? summary.getAttribute("data-announce") : "Preview updated.");
        });
      })
      .catch(function () {
        say("The preview could not be redrawn: save to see it.");
      })
      .finally(function () {
        busy = false;
        live.removeAttribute("aria-busy");
        if (again) {
          redraw();
        }
      });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(redraw, 300);
  }

  editor.addEventListener("input", soon);
  editor.addEventListener("change", soon);
  choice.addEventListener("change", soon);
  choice.addEventListener("input", soon);
  choice.addEventListener("submit", function (event) {
    // the person chosen is drawn in place, from the fields as they are now
    event.preventDefault();
    clearTimeout(timer);
    redraw();
  });
});
