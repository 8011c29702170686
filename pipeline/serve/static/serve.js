"use strict";
// Keyboard shortcuts of the casefile review app. Every action is a form or a
// link already on the page (so the buttons work without this file); this
// script only submits those forms and follows those links. It never writes
// HTML and never reads report text.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var sent = false;

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function submit(id) {
    var form = $(id);
    if (!form || sent) { return false; }
    sent = true;  // one decision per key press, even when a key repeats
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    return true;
  }

  function follow(id) {
    var link = $(id);
    if (!link || !link.href) { return false; }
    window.location.assign(link.href);
    return true;
  }

  function openEdit() {
    var box = $("edit");
    if (!box) { return false; }
    box.open = true;
    var first = box.querySelector("select, input:not([type=hidden])");
    if (first) { first.focus(); }
    return true;
  }

  var keys = {
    a: function () { return submit("form-accept"); },
    r: function () { return submit("form-reject"); },
    u: function () { return submit("form-undo"); },
    e: openEdit,
    j: function () { return follow("next"); },
    k: function () { return follow("prev"); }
  };

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && typing(ev.target)) {
      ev.target.blur();
      var box = $("edit");
      if (box && !document.querySelector("#edit .error")) { box.open = false; }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) { return; }
    var action = keys[ev.key];
    if (action && action()) { ev.preventDefault(); }
  });

  document.addEventListener("submit", function (ev) {
    if (ev.target && ev.target.method === "post" && ev.target.id !== "form-export") { sent = true; }
  });

  // Put the first field with an error under the reviewer's cursor.
  var error = document.querySelector("#edit fieldset .error");
  if (error) {
    var input = error.parentNode.querySelector("input, select");
    if (input) { input.focus(); }
  }
  document.documentElement.dataset.ready = "1";
})();
