// Countdowns on the live screens: an element with data-countdown="<seconds left>" counts
// down each second (m:ss, with a minus sign once time is up). Without JavaScript the page
// shows the time left when it was loaded, and it is refreshed on every change anyway.
(function () {
  "use strict";
  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(seconds);
    var rest = seconds % 60;
    return sign + Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }
  function start(root) {
    var nodes = (root || document).querySelectorAll("[data-countdown]");
    nodes.forEach(function (node) {
      if (node.dataset.started) { return; }
      node.dataset.started = "1";
      var ends = Date.now() + Number(node.dataset.countdown) * 1000;
      var tick = function () {
        if (!node.isConnected) { return; }
        var left = Math.round((ends - Date.now()) / 1000);
        node.textContent = format(left);
        node.classList.toggle("dt-overtime", left < 0);
        setTimeout(tick, 1000);
      };
      tick();
    });
  }
  document.addEventListener("DOMContentLoaded", function () { start(document); });
  document.addEventListener("htmx:afterSettle", function () { start(document); });
})();
