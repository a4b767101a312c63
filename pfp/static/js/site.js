// Behaviour every page shares. Loaded with `defer` by base.html; the pages work without it.
(function () {
  "use strict";

  // The error summary (templates/_error_summary.html) takes focus when the page opens, so that
  // a screen reader announces it and the keyboard starts from it; its links move focus to the
  // field they name and bring its label into view, not just the input.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      var label = target.id && document.querySelector("label[for='" + target.id + "']");
      var legend = target.closest("fieldset") && target.closest("fieldset").querySelector("legend");
      (label || legend || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }
})();
