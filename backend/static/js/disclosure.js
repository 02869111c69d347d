// A disclosure that htmx redraws (the "Filters (n)" button of a list) stays open when the
// visitor had opened it: ticking a filter redraws the list, and the filters must not fold
// away under the visitor's hands. Without JavaScript there are no redraws, so nothing to do.
(function () {
  "use strict";
  var open = [];

  document.addEventListener("htmx:beforeSwap", function () {
    open = Array.prototype.map.call(
      document.querySelectorAll("details[data-keep-open][open]"),
      function (details) { return details.id; }
    );
  });

  document.addEventListener("htmx:afterSwap", function () {
    open.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) { details.open = true; }
    });
  });
})();
