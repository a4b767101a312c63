// The pickers of the workspace forms: each long list of checkboxes (countries, organizations,
// SDG targets, GCM objectives, practices) becomes one combobox that filters the list as one
// types, with a listbox of the matches and the selected values as removable chips.
//
// The WAI-ARIA combobox pattern with a multi-select listbox: the text box is the picker's one
// tab stop and keeps the focus; Down and Up move through the matches (aria-activedescendant),
// Space or Enter selects or unselects the one reached, Escape closes the list (a second Escape
// clears the text). The chips are buttons out of the tab order, reached with Left arrow from
// the start of the text box; Left and Right move between them, Delete, Backspace, Enter or
// Space removes one, Escape or Right arrow past the last goes back to the text box. Every
// change is announced in a live region ("3 selected: Ghana, Kenya, Senegal").
//
// Progressive enhancement: the checkboxes stay the values the form posts. Without JavaScript
// the picker, rendered `hidden` (templates/workspace/_filter_box.html), stays hidden and the
// plain checkboxes are the picker. Loaded as a file, by each picker's include and by the page:
// it runs once. The Content Security Policy allows no inline script.
(function () {
  "use strict";

  if (window.pfpPickers) {
    return;
  }
  window.pfpPickers = true;

  function fold(text) {
    // "Côte d'Ivoire" is found by "cote": accents and case do not matter.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function squash(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  // How well an item matches the typed words: 0 when its label starts with them ("Gha":
  // Ghana), 1 when one of its words does ("king": United Kingdom), 2 when it merely holds
  // each of them (Afghanistan); -1 when it does not match.
  function rank(item, typed, words) {
    if (item.label.indexOf(typed) === 0) {
      return 0;
    }
    if (!words.every(function (word) { return item.text.indexOf(word) !== -1; })) {
      return -1;
    }
    return (" " + item.label).indexOf(" " + typed) !== -1 ? 1 : 2;
  }

  var pickers = 0;

  function enhance(shell) {
    var list = document.getElementById(shell.getAttribute("data-picker-for"));
    var input = shell.querySelector("[role=combobox]");
    var listbox = shell.querySelector("[role=listbox]");
    var chips = shell.querySelector(".picker-chips");
    var status = shell.querySelector("[aria-live]");
    if (!list || !input || !listbox || !chips) {
      return;
    }
    pickers += 1;
    var field = shell.closest("fieldset");
    var items = Array.prototype.map.call(
      list.querySelectorAll("input[type=checkbox]"),
      function (checkbox, index) {
        var label = list.querySelector("label[for='" + checkbox.id + "']");
        var row = checkbox.closest("li");
        var group = checkbox.closest("[data-filter-group]");
        var legend = group ? group.querySelector("legend") : null;
        var name = squash(label ? label.textContent : checkbox.value);
        var option = document.createElement("li");
        option.id = "picker-" + pickers + "-" + index;
        option.setAttribute("role", "option");
        option.className = "picker-option";
        Array.prototype.forEach.call(label ? label.childNodes : [], function (node) {
          option.appendChild(node.cloneNode(true));
        });
        return {
          checkbox: checkbox,
          option: option,
          name: name,
          // A short label for the chip, when the list has one (an SDG target's).
          chip: checkbox.getAttribute("data-chip") || (row && row.getAttribute("data-chip")) || name,
          label: fold(name),
          // A target is also found by the name of its goal ("inequalities" finds 10.x).
          text: fold(name + " " + (legend ? legend.textContent : ""))
        };
      }
    );
    var shown = [];
    var active = -1;
    var announceTimer = null;

    function announce(text, later) {
      window.clearTimeout(announceTimer);
      if (!status) {
        return;
      }
      if (later) {
        // While typing, the count is read once the typing pauses.
        announceTimer = window.setTimeout(function () { status.textContent = text; }, 600);
      } else {
        status.textContent = text;
      }
    }

    function selected() {
      return items.filter(function (item) { return item.checkbox.checked; });
    }

    function selectionText() {
      var chosen = selected();
      if (!chosen.length) {
        return shell.getAttribute("data-none-selected");
      }
      return format(shell.getAttribute("data-selected"), {
        count: chosen.length,
        labels: chosen.map(function (item) { return item.chip; }).join(", ")
      });
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function setActive(index) {
      if (active >= 0 && shown[active]) {
        shown[active].option.classList.remove("picker-option-active");
      }
      active = index;
      if (active >= 0 && shown[active]) {
        var option = shown[active].option;
        option.classList.add("picker-option-active");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function filter() {
      var typed = squash(fold(input.value));
      var words = typed.split(" ").filter(Boolean);
      var ranked = [];
      items.forEach(function (item, index) {
        var score = typed ? rank(item, typed, words) : 0;
        if (score >= 0) {
          ranked.push({ item: item, score: score, index: index });
        }
      });
      ranked.sort(function (a, b) { return a.score - b.score || a.index - b.index; });
      shown = ranked.map(function (entry) { return entry.item; });
      var fragment = document.createDocumentFragment();
      shown.forEach(function (item) { fragment.appendChild(item.option); });
      listbox.replaceChildren(fragment);
      setActive(-1);
      return typed;
    }

    function open() {
      if (!isOpen()) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function renderChips() {
      var chosen = selected();
      var fragment = document.createDocumentFragment();
      chosen.forEach(function (item) {
        var entry = document.createElement("li");
        var button = document.createElement("button");
        var name = document.createElement("span");
        var cross = document.createElement("span");
        button.type = "button";
        button.className = "picker-chip";
        button.tabIndex = -1;
        button.setAttribute("aria-label", format(shell.getAttribute("data-remove"), { label: item.chip }));
        if (item.chip !== item.name) {
          button.title = item.name;
        }
        name.className = "picker-chip-label";
        name.textContent = item.chip;
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = "×";
        button.append(name, cross);
        button.pickerItem = item;
        entry.appendChild(button);
        fragment.appendChild(entry);
      });
      chips.replaceChildren(fragment);
      chips.hidden = !chosen.length;
      items.forEach(function (item) {
        item.option.setAttribute("aria-selected", item.checkbox.checked ? "true" : "false");
      });
    }

    function toggle(item) {
      item.checkbox.checked = !item.checkbox.checked;
      item.checkbox.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function chipButtons() {
      return Array.prototype.slice.call(chips.querySelectorAll("button"));
    }

    function focusChip(index) {
      var buttons = chipButtons();
      if (!buttons.length) {
        input.focus();
        return;
      }
      buttons[Math.max(0, Math.min(index, buttons.length - 1))].focus();
    }

    function remove(button) {
      var buttons = chipButtons();
      var index = buttons.indexOf(button);
      toggle(button.pickerItem);
      if (chipButtons().length) {
        focusChip(index);
      } else {
        input.focus();
      }
    }

    // A change of the checkboxes, from the picker or from anything else, shows everywhere.
    list.addEventListener("change", function () {
      renderChips();
      announce(selectionText());
    });

    input.addEventListener("input", function () {
      open();
      var typed = filter();
      if (!typed) {
        announce("");
      } else if (!shown.length) {
        announce(shell.getAttribute("data-no-match"), true);
      } else {
        announce(format(shell.getAttribute("data-matches"), { shown: shown.length, total: items.length }), true);
      }
    });

    input.addEventListener("keydown", function (event) {
      var key = event.key;
      if (key === "ArrowDown" || key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen()) {
          open();
          filter();
        }
        if (!shown.length) {
          return;
        }
        if (key === "ArrowDown") {
          setActive(active < 0 ? 0 : Math.min(active + 1, shown.length - 1));
        } else {
          setActive(active < 0 ? shown.length - 1 : Math.max(active - 1, 0));
        }
      } else if ((key === " " || key === "Enter") && isOpen() && active >= 0) {
        event.preventDefault();
        toggle(shown[active]);
      } else if (key === "Enter") {
        // Enter in a picker would submit the whole form.
        event.preventDefault();
      } else if ((key === "Home" || key === "End") && isOpen() && active >= 0) {
        event.preventDefault();
        setActive(key === "Home" ? 0 : shown.length - 1);
      } else if (key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          filter();
        }
      } else if (
        (key === "ArrowLeft" || (key === "Backspace" && !input.value)) &&
        input.selectionStart === 0 && input.selectionEnd === 0 && chipButtons().length
      ) {
        event.preventDefault();
        close();
        focusChip(chipButtons().length - 1);
      }
    });

    input.addEventListener("click", function () {
      if (!isOpen()) {
        open();
        filter();
      }
    });

    listbox.addEventListener("mousedown", function (event) {
      // The focus stays in the text box.
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      var item = option && shown.filter(function (entry) { return entry.option === option; })[0];
      if (item) {
        setActive(shown.indexOf(item));
        toggle(item);
      }
    });

    chips.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (button) {
        remove(button);
      }
    });
    chips.addEventListener("keydown", function (event) {
      var button = event.target.closest("button");
      var buttons = chipButtons();
      var index = buttons.indexOf(button);
      if (!button) {
        return;
      }
      if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
        event.preventDefault();
        focusChip(index - 1);
      } else if (event.key === "ArrowRight" || event.key === "ArrowDown") {
        event.preventDefault();
        if (index === buttons.length - 1) {
          input.focus();
        } else {
          focusChip(index + 1);
        }
      } else if (event.key === "Home" || event.key === "End") {
        event.preventDefault();
        focusChip(event.key === "Home" ? 0 : buttons.length - 1);
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        remove(button);
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
      }
    });

    shell.addEventListener("focusout", function (event) {
      if (!shell.contains(event.relatedTarget)) {
        close();
      }
    });

    if (field) {
      // A link of the error summary to the field brings the focus to its text box.
      field.tabIndex = -1;
      field.addEventListener("focus", function (event) {
        if (event.target === field) {
          input.focus({ preventScroll: true });
        }
      });
    }

    list.hidden = true;
    shell.hidden = false;
    renderChips();
  }

  document.querySelectorAll("[data-picker-for]").forEach(enhance);
})();
