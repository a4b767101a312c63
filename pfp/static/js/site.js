// Behaviour every page shares. Loaded with `defer` by base.html; the pages work without it.
(function () {
  "use strict";

  // A button that shows and hides a part of the page on narrow screens (the stylesheet hides
  // that part only once the container carries `enhancedClass`, so without this script the
  // whole page shows): the site menu, the filters of /practices/.
  function disclose(container, button, enhancedClass, openClass) {
    if (!container || !button) return;
    container.classList.add(enhancedClass);
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      container.classList.toggle(openClass, open);
    });
  }
  var header = document.querySelector("[data-site-header]");
  disclose(header, header && header.querySelector("[data-menu-button]"), "menu-enhanced", "menu-open");
  var layout = document.querySelector("[data-filters-layout]");
  disclose(
    layout, layout && layout.querySelector("[data-filters-button]"), "filters-enhanced", "filters-open"
  );

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
