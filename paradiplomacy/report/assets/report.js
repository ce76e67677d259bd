// Filters by outcome, label and language: run in the page, no server. An item whose outcome or label is
// unticked loses its highlight (its text stays); a document whose language is unticked is hidden.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  function ticked(name) {
    var out = {};
    form.querySelectorAll('input[name="' + name + '"]').forEach(function (box) { out[box.value] = box.checked; });
    return out;
  }
  function apply() {
    var outcomes = ticked("outcome"), labels = ticked("label"), languages = ticked("language");
    var shown = 0;
    document.querySelectorAll("article.doc").forEach(function (doc) {
      var visible = languages[doc.getAttribute("data-language")] !== false;
      doc.classList.toggle("hidden", !visible);
      doc.querySelectorAll("mark.ent").forEach(function (mark) {
        var item = mark.getAttribute("data-item");
        var head = mark.hasAttribute("data-outcome") ? mark
          : doc.querySelector('mark.ent[data-item="' + item + '"][data-outcome]');
        if (!head) { return; }
        var label = head.getAttribute("data-label"), predicted = head.getAttribute("data-predicted-label");
        var on = outcomes[head.getAttribute("data-outcome")] !== false &&
          (labels[label] !== false || (predicted !== null && labels[predicted] !== false));
        mark.classList.toggle("dim", !on);
        if (on && visible && mark === head) { shown += 1; }
      });
    });
    document.querySelectorAll("tr[data-language]").forEach(function (row) {
      row.classList.toggle("hidden", languages[row.getAttribute("data-language")] === false);
    });
    var counter = document.getElementById("shown");
    if (counter) { counter.textContent = shown + " highlighted"; }
  }
  form.addEventListener("change", apply);
  form.querySelectorAll("button[data-all]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var name = button.getAttribute("data-all");
      var boxes = form.querySelectorAll('input[name="' + name + '"]');
      var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !all; });
      apply();
    });
  });
  apply();
})();
