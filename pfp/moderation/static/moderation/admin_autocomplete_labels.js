"use strict";
// Django's autocomplete fields (select2) put a search box in multiple selects that has no
// label: screen readers announce an unnamed text box. Name each after its field's label, as
// soon as select2 creates it (on page load, and whenever select2 renders it again).
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
    const observer = new MutationObserver(function() {
        labelSearchFields(document);
    });
    document.addEventListener("DOMContentLoaded", function() {
        labelSearchFields(document);
        observer.observe(document.body, {childList: true, subtree: true});
    });
}
