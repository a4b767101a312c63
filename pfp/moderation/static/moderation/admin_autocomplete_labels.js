"use strict";
// Django's autocomplete fields (select2) have two accessibility faults, mended here as soon as
// select2 renders (on page load, and whenever it renders again):
// - the search box in multiple selects has no label: screen readers announce an unnamed text
//   box. Each is named after its field's label.
// - with items chosen, select2 puts its "remove all" button (a span) straight inside the <ul>
//   of chosen items, which makes an invalid list. The button is moved into a list item.
{
    const labelSearchFields = function(root) {
        root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function(input) {
            const container = input.closest(".select2-container");
            const select = container && container.previousElementSibling;
            if (!select || !select.id) {
                return;
            }
            const label = document.querySelector('label[for="' + select.id + '"]');
            if (label) {
                input.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
            }
        });
    };
    const mendChoiceLists = function(root) {
        root.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear").forEach(
            function(clear) {
                const item = document.createElement("li");
                item.className = "select2-selection__clear-item";
                clear.parentNode.insertBefore(item, clear);
                item.appendChild(clear);
            }
        );
    };
    const mend = function() {
        observer.disconnect();
        labelSearchFields(document);
        mendChoiceLists(document);
        observer.observe(document.body, {childList: true, subtree: true});
    };
    const observer = new MutationObserver(mend);
    document.addEventListener("DOMContentLoaded", mend);
}
