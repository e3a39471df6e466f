/* Pathwise: progressive enhancement only. Every page works without this file; with it,
   the main menu collapses on small screens, focus lands where the next action is, and the
   class grid's topics fold. No framework, no inline script (the CSP forbids them). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function menu() {
    var toggle = document.querySelector("[data-nav-toggle]");
    var target = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!target) return;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      target.classList.toggle("is-open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        target.classList.remove("is-open");
        toggle.focus();
      }
    });
  }

  function autofocus() {
    // The HTML autofocus attribute does the work in current browsers; this covers links and
    // browsers that ignore it on non-form elements. Never steals focus from a click.
    var el = document.querySelector("[data-autofocus]");
    if (el && document.activeElement === document.body) {
      el.focus({ preventScroll: false });
    }
  }

  function topicFolds() {
    // A topic header button hides or shows that topic's concept columns (class grid).
    var grid = document.querySelector("[data-grid]");
    if (!grid) return;
    grid.querySelectorAll("[data-topic-toggle]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var topic = button.getAttribute("data-topic-toggle");
        var folded = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", String(!folded));
        grid.querySelectorAll('[data-topic="' + topic + '"]').forEach(function (cell) {
          cell.classList.toggle("is-folded", folded);
        });
        var head = button.closest("th");
        if (head) {
          var span = Number(head.getAttribute("data-span"));
          head.colSpan = folded ? 1 : span;
          head.classList.toggle("is-folded-head", folded);
        }
        grid.querySelectorAll('[data-topic-summary="' + topic + '"]').forEach(function (cell) {
          cell.hidden = !folded;
        });
      });
    });
  }

  function scrollers() {
    // A table or chart wider than the screen scrolls in its own box; a keyboard user can
    // reach that box (Tab, then the arrow keys) only when it is focusable.
    document.querySelectorAll(".table-scroll, .chart-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
      }
    });
  }

  function start() {
    menu();
    autofocus();
    topicFolds();
    scrollers();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Dependent choices: a select with data-depends-on="FIELD" offers only the options whose
   data-parent matches FIELD's value in the same form (topic within subject). */
(function () {
  "use strict";
  function wire(select) {
    var form = select.form;
    var parent = form && form.elements.namedItem(select.getAttribute("data-depends-on"));
    if (!parent) return;
    function sync() {
      var chosen = parent.value;
      Array.prototype.forEach.call(select.options, function (option) {
        var owner = option.getAttribute("data-parent");
        var fits = !chosen || owner === null || owner === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) select.value = "";
      });
    }
    parent.addEventListener("change", sync);
    sync();
  }
  function start() {
    document.querySelectorAll("select[data-depends-on]").forEach(wire);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Dependent checkboxes: inputs with data-parent inside a group whose inputs carry
   data-depends-on show only when FIELD's value matches (topics of the chosen subject). */
(function () {
  "use strict";
  function wire(form, parentName) {
    var parent = form.elements.namedItem(parentName);
    if (!parent) return;
    var boxes = form.querySelectorAll('input[type=checkbox][data-depends-on="' + parentName + '"]');
    function sync() {
      Array.prototype.forEach.call(boxes, function (box) {
        var owner = box.getAttribute("data-parent");
        var fits = !parent.value || owner === null || owner === parent.value;
        var row = box.closest("div, li") || box;
        row.hidden = !fits;
        if (!fits) box.checked = false;
      });
    }
    parent.addEventListener("change", sync);
    sync();
  }
  function start() {
    var seen = [];
    document.querySelectorAll("input[type=checkbox][data-depends-on]").forEach(function (box) {
      var key = box.getAttribute("data-depends-on");
      if (box.form && seen.indexOf(box.form) === -1) {
        seen.push(box.form);
        wire(box.form, key);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
