// The edit form: a search box over the grouped law articles. Without JavaScript the
// grouped checkboxes work as they are; this only hides the articles that do not match.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(picker) {
    var search = picker.querySelector(".dt-law-picker__search");
    var input = picker.querySelector("[data-law-filter]");
    var count = picker.querySelector("[data-law-count]");
    var terms = Array.prototype.slice.call(picker.querySelectorAll("[data-law-term]"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-law-group]"));
    if (!search || !input) return;
    search.hidden = false;

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      terms.forEach(function (term) {
        var group = term.closest("[data-law-group]");
        var text = fold(term.textContent + " " + group.querySelector("legend").textContent);
        // A ticked article stays visible, so a choice is never hidden from view.
        var match = term.querySelector("input").checked ||
          words.every(function (word) { return text.indexOf(word) !== -1; });
        term.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("[data-law-term]:not([hidden])");
      });
      count.textContent = words.length
        ? (shown === 1 ? "1 artikel gevonden" : shown + " artikelen gevonden")
        : "";
    }

    input.addEventListener("input", apply);
    // Enter in the search box filters; it must not submit the whole edit form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function init() {
    document.querySelectorAll("[data-law-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
