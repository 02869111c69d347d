// Live screens.
// 1. Countdowns: an element with data-countdown="<seconds left>" counts down each second
//    (m:ss, with a minus sign once time is up). Without JavaScript the page shows the time
//    left when it was drawn, and it is redrawn on every change anyway.
// 2. Freshness: a panel says which event it shows (data-seq). An update it already shows is
//    not fetched again (nor while the panel's own request is under way), and a panel that
//    arrives older than the newest update seen (because answers came in while it was on its
//    way) is fetched once more. So a panel is drawn once per change and never shows old news.
(function () {
  "use strict";
  var newestSeen = 0;

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(seconds);
    var rest = seconds % 60;
    return sign + Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function startCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (node) {
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

  function eventId(event) {
    var message = event && event.detail;
    return message && message.lastEventId ? Number(message.lastEventId) : 0;
  }

  function refreshStalePanels() {
    document.querySelectorAll("[data-seq]").forEach(function (panel) {
      if (Number(panel.dataset.seq) < newestSeen) { htmx.trigger(panel, "dt:stale"); }
    });
  }

  document.addEventListener("htmx:sseMessage", function (event) {
    newestSeen = Math.max(newestSeen, eventId(event));
  });
  // An update can arrive while its panel is being replaced: it then lands in the old panel
  // and no swap in the page tells us. So every update is also counted straight from the
  // stream, and panels are checked once the swap has settled.
  var checkSoon = null;
  document.addEventListener("htmx:sseOpen", function (event) {
    var source = event.detail && event.detail.source;
    if (!source || source.dtCounted) { return; }
    source.dtCounted = true;
    ["count", "state", "joined", "einde"].forEach(function (name) {
      source.addEventListener(name, function (message) {
        newestSeen = Math.max(newestSeen, Number(message.lastEventId) || 0);
        clearTimeout(checkSoon);
        checkSoon = setTimeout(refreshStalePanels, 250);
      });
    });
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
    var panel = event.detail.elt;
    if (!trigger || !panel || !panel.dataset || !panel.dataset.seq) { return; }
    var id = eventId(trigger);
    if (!id) { return; }
    newestSeen = Math.max(newestSeen, id);
    // Already shown, or the panel's own request (a button just pressed) is on its way and
    // will be checked against newestSeen when it arrives.
    if (id <= Number(panel.dataset.seq) || panel.querySelector(".htmx-request")) {
      event.preventDefault();
    }
  });
  document.addEventListener("DOMContentLoaded", startCountdowns);
  document.addEventListener("htmx:afterSettle", function () {
    startCountdowns();
    refreshStalePanels();
  });
})();
