"use strict";
// Views and filters of the casefile audit page. Reads only data-* attributes
// and never writes HTML: every text on the page was escaped when it was made.
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var views = { person: $("by-person"), document: $("by-document"), identity: $("by-identity") };
  var current = "person";

  function dateMatches(date, from, to) {
    if (!from && !to) { return true; }
    if (!date) { return false; }
    if (from && date.slice(0, from.length) < from) { return false; }
    if (to && date.slice(0, to.length) > to) { return false; }
    return true;
  }

  function apply() {
    var type = $("f-type").value, person = $("f-person").value, review = $("f-review").value;
    var from = $("f-from").value.trim(), to = $("f-to").value.trim();
    var filtering = Boolean(type || person || review || from || to);
    var shown = 0;
    Object.keys(views).forEach(function (name) {
      var groups = views[name].querySelectorAll("section.group");
      Array.prototype.forEach.call(groups, function (group) {
        var visible = 0;
        Array.prototype.forEach.call(group.querySelectorAll("article.event"), function (ev) {
          var ok = (!type || ev.dataset.type === type) &&
                   (!person || ev.dataset.person === person) &&
                   (!review || ev.dataset.review === review) &&
                   dateMatches(ev.dataset.date, from, to);
          ev.hidden = !ok;
          if (ok) { visible += 1; }
        });
        group.hidden = filtering && visible === 0;
        if (name === current) { shown += visible; }
      });
    });
    $("shown-count").textContent = String(shown);
  }

  function show(name) {
    current = name;
    Object.keys(views).forEach(function (key) {
      views[key].hidden = key !== name;
      $("show-" + key).setAttribute("aria-pressed", String(key === name));
    });
    apply();
  }

  ["f-type", "f-person", "f-review"].forEach(function (id) { $(id).addEventListener("change", apply); });
  ["f-from", "f-to"].forEach(function (id) { $(id).addEventListener("input", apply); });
  $("show-person").addEventListener("click", function () { show("person"); });
  $("show-document").addEventListener("click", function () { show("document"); });
  $("show-identity").addEventListener("click", function () { show("identity"); });
  // A person's step links to its records, which live in the document view.
  Array.prototype.forEach.call(document.querySelectorAll("a.source-link"), function (a) {
    a.addEventListener("click", function () { show("document"); });
  });
  apply();
})();
