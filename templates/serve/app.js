// SPDX-License-Identifier: MIT
// The workbench's little script: the page works without it. It brings the problem summary into
// view and focus after a save, so a screen reader reads it first, and warns before leaving an
// editor with changes not saved.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var problems = document.getElementById("problems");
  if (problems) {
    problems.focus();
  }
  var editor = document.querySelector("form.editor");
  if (!editor) {
    return;
  }
  var changed = false;
  editor.addEventListener("input", function () { changed = true; });
  editor.addEventListener("submit", function () { changed = false; });
  window.addEventListener("beforeunload", function (event) {
    if (changed) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
