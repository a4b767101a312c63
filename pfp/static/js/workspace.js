// The practice form: a filter box for each long list of checkboxes (countries, partner
// organizations, SDG targets grouped by goal, GCM objectives).
//
// Progressive enhancement: without JavaScript the lists are plain checkboxes and the filter
// boxes, rendered with `hidden`, stay hidden. Loaded as a file: the Content Security Policy
// allows no inline script.
(function () {
  "use strict";

  function fold(text) {
    // "Côte d'Ivoire" is found by "cote": accents and case do not matter.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function enhance(box) {
    var list = document.getElementById(box.getAttribute("data-filter-for"));
    var input = box.querySelector("input[type=search]");
    var status = box.querySelector("[data-filter-status]");
    if (!list || !input) {
      return;
    }
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-filter-group]"));
    items.forEach(function (item) {
      // A target is also found by the name of its goal ("inequalities" finds 10.x).
      var group = item.closest("[data-filter-group]");
      var legend = group ? group.querySelector("legend") : null;
      item.setAttribute("data-filter-text", fold(item.textContent + " " + (legend ? legend.textContent : "")));
    });

    function update() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.getAttribute("data-filter-text");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("li:not([hidden])");
      });
      if (status) {
        status.textContent = format(status.getAttribute("data-filter-status"), {
          shown: shown,
          total: items.length,
          selected: list.querySelectorAll("input:checked").length
        });
      }
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      // Enter in a filter box would submit the whole practice form.
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    list.addEventListener("change", update);
    box.hidden = false;
    update();
  }

  document.querySelectorAll("[data-filter-for]").forEach(enhance);
})();
