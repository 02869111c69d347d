// Live screens.
// 1. Countdowns: an element with data-countdown="<seconds left>" counts down each second
//    (m:ss, with a minus sign once time is up; with data-countdown-words "Nog 12:30" and
//    "1:05 over tijd"). Without JavaScript the page shows the time left when it was drawn,
//    and it is redrawn on every change anyway.
// 2. Freshness: a panel says which event it shows (data-seq). An update it already shows is
//    not fetched again (nor while the panel's own request is under way), and a panel that
//    arrives older than the newest update seen (because answers came in while it was on its
//    way) is fetched once more. So a panel is drawn once per change and never shows old news.
//    A redraw never lands in a panel that a button's answer has already replaced.
// 3. Focus and announcements: buttons keep their id across a redraw, so htmx puts the focus
//    back on the same control; when that control is gone (or disabled), the focus goes to the
//    panel's [data-focus-fallback] heading instead of the page's start. A panel's
//    data-announce text goes to the #live-status region when it changes.
// 4. The end: once a panel shows the session has ended (data-ended), its event stream is
//    closed and not reconnected.
// 5. The projector: the type shrinks step by step (classes dt-fit-1 … dt-fit-N, no inline
//    styles, which the Content-Security-Policy refuses) until the screen fits without
//    scrolling; a full-screen button; and, for the facilitator who owns the session
//    (data-control), keyboard shortcuts: → / space / PageDown next, ← / PageUp back,
//    O open or close voting, R show or hide the outcome, F full screen, B black screen.
(function () {
  "use strict";
  var newestSeen = 0;
  var FIT_STEPS = 14;

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    seconds = Math.abs(seconds);
    var rest = seconds % 60;
    return sign + Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function countdownText(node, left) {
    if (!node.dataset.countdownWords) { return format(left); }
    return left < 0 ? format(-left) + " over tijd" : "Nog " + format(left);
  }

  function startCountdowns() {
    document.querySelectorAll("[data-countdown]").forEach(function (node) {
      if (node.dataset.started) { return; }
      node.dataset.started = "1";
      var ends = Date.now() + Number(node.dataset.countdown) * 1000;
      var tick = function () {
        if (!node.isConnected) { return; }
        var left = Math.round((ends - Date.now()) / 1000);
        node.textContent = countdownText(node, left);
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
      if (panel.dataset.ended) { return; }
      if (Number(panel.dataset.seq) < newestSeen) { htmx.trigger(panel, "dt:stale"); }
    });
  }

  // --- the end: no more streams ----------------------------------------------------------
  var sources = [];

  function stopStreamsOnceEnded() {
    if (!document.querySelector("[data-ended]")) { return; }
    document.querySelectorAll("[sse-connect]").forEach(function (node) {
      node.removeAttribute("sse-connect"); // the sse extension reconnects only while it is set
    });
    sources.forEach(function (source) { source.close(); });
    sources = [];
  }

  document.addEventListener("htmx:sseMessage", function (event) {
    newestSeen = Math.max(newestSeen, eventId(event));
  });
  // An update can arrive while its panel is being replaced: it then lands in the old panel
  // and no swap in the page tells us. So every update is also counted straight from the
  // stream, and panels are checked once the swap has settled. Phones connecting
  // ("connected", often thirty at once) only go this way: one redraw after the burst.
  var checkSoon = null;
  document.addEventListener("htmx:sseOpen", function (event) {
    var source = event.detail && event.detail.source;
    if (!source || source.dtCounted) { return; }
    source.dtCounted = true;
    sources.push(source);
    ["count", "state", "joined", "connected", "einde"].forEach(function (name) {
      source.addEventListener(name, function (message) {
        newestSeen = Math.max(newestSeen, Number(message.lastEventId) || 0);
        clearTimeout(checkSoon);
        checkSoon = setTimeout(refreshStalePanels, 250);
      });
    });
  });
  // A stream the server closed for good (204: the session ended while this page was away):
  // redraw the panels, which then show the end and stop the stream.
  document.addEventListener("htmx:sseError", function (event) {
    var source = event.detail && event.detail.source;
    if (source && source.readyState === EventSource.CLOSED) {
      document.querySelectorAll("[data-seq]").forEach(function (panel) {
        if (!panel.dataset.ended) { htmx.trigger(panel, "dt:stale"); }
      });
    }
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

  // Two requests can be under way for one panel: a redraw the stream asked for and a button
  // pressed meanwhile. The answer that comes second would be swapped into the old panel,
  // which has left the page by then; htmx does that without complaint, and on the
  // facilitator's view it first moves the agreements field (hx-preserve) out of the page
  // and cannot put it back: the field is gone. So while a button's request for a panel is
  // under way, a redraw of it is not swapped in (the button's answer redraws it), and a
  // button's answer cancels a redraw still on its way. A button's request is never
  // cancelled: it changes something. The panel that settles is checked against the newest
  // update anyway (refreshStalePanels).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var panel = event.detail.target;
    if (!panel || !panel.dataset || !panel.dataset.seq) { return; }
    var swapping = event.detail.requestConfig && event.detail.requestConfig.elt;
    var buttonsBusy = Array.prototype.some.call(
      panel.querySelectorAll(".htmx-request"),
      function (elt) { return elt !== swapping && elt.getAttribute("hx-target") === "#" + panel.id; }
    );
    if (swapping === panel) {
      if (buttonsBusy) { event.detail.shouldSwap = false; }
    } else if (panel.classList.contains("htmx-request")) {
      htmx.trigger(panel, "htmx:abort"); // the panel's own redraw
    }
  });

  // --- focus and announcements --------------------------------------------------------------
  // Panel id -> redraws of it under way that must keep the keyboard focus in it. Counted, so
  // that a redraw settling first does not use up what a second one, already swapping, needs.
  var keepFocusIn = {};
  var lastControl = null; // the id of the control the keyboard was last on, in any panel

  document.addEventListener("focusin", function (event) {
    if (event.target.id && event.target.closest("[data-announce]")) {
      lastControl = event.target.id;
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (!event.detail.shouldSwap) { return; }
    var target = event.detail.target;
    var active = document.activeElement;
    var inside = target && active && active !== document.body && target.contains(active);
    // Two redraws can follow each other closely (the answer to a button and an update from
    // the stream); when the first one already lost the focus, the last control still counts.
    var keep = inside || (target && lastControl && document.getElementById(lastControl)
      && target.contains(document.getElementById(lastControl)));
    if (keep && target.id) { keepFocusIn[target.id] = (keepFocusIn[target.id] || 0) + 1; }
  });

  function keepFocus(target) {
    var id = target && target.id;
    if (!id || !keepFocusIn[id]) { return; }
    keepFocusIn[id] -= 1;
    if (!keepFocusIn[id]) { delete keepFocusIn[id]; }
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected || active.disabled;
    var panel = document.getElementById(id);
    if (!lost || !panel) { return; }
    var same = lastControl && document.getElementById(lastControl);
    if (same && panel.contains(same) && !same.disabled) { same.focus(); return; }
    var fallback = panel.querySelector("[data-focus-fallback]") || panel;
    fallback.focus();
  }

  function announce() {
    var status = document.getElementById("live-status");
    var panel = document.querySelector("[data-announce]");
    if (!status || !panel) { return; }
    var text = panel.dataset.announce.trim();
    if (text && status.dataset.said !== text) {
      status.dataset.said = text;
      status.textContent = text;
    }
  }

  // --- the projector ------------------------------------------------------------------------
  // Nothing scrolls and no part spills over into the next one.
  function fits() {
    var root = document.documentElement;
    if (root.scrollHeight > window.innerHeight || root.scrollWidth > window.innerWidth) { return false; }
    var parts = document.querySelectorAll(".dt-screen__main, .dt-screen__join");
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].scrollHeight > parts[i].clientHeight + 1) { return false; }
    }
    return true;
  }

  function setFit(screen, step) {
    for (var other = 1; other <= FIT_STEPS; other += 1) {
      screen.classList.toggle("dt-fit-" + other, other === step);
    }
  }

  // The largest type that fits: a binary search over the steps (smaller type, less height).
  function fitScreen() {
    var screen = document.querySelector(".dt-screen");
    if (!screen) { return; }
    var low = 0, high = FIT_STEPS;
    setFit(screen, 0);
    if (fits()) { return; }
    while (low < high) {
      var middle = Math.floor((low + high) / 2);
      setFit(screen, middle);
      if (fits()) { high = middle; } else { low = middle + 1; }
    }
    setFit(screen, low);
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }

  function showFullScreenButtons() {
    var can = Boolean(document.fullscreenEnabled);
    document.querySelectorAll("[data-fullscreen]").forEach(function (button) {
      button.hidden = !can || Boolean(document.fullscreenElement);
    });
  }

  function toggleBlackout() {
    var cover = document.querySelector("[data-blackout]");
    if (!cover) { return; }
    cover.hidden = !cover.hidden;
    document.body.classList.toggle("dt-blacked-out", !cover.hidden);
    var status = document.getElementById("live-status");
    if (status) { status.textContent = cover.hidden ? "Het beeld is terug." : "Het scherm is zwart."; }
  }

  function csrfHeaders() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}"); } catch (e) { return {}; }
  }

  function control(action) {
    var frame = document.querySelector("[data-control]");
    if (!frame) { return; }
    var headers = csrfHeaders();
    headers["HX-Request"] = "true";
    fetch(frame.dataset.control + "/" + action, {
      method: "POST", headers: headers, credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) { return; }
      return response.text().then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var error = page.querySelector(".dt-error p");
        var status = document.getElementById("live-status");
        if (status) { status.textContent = error ? error.textContent : "Dat kan nu niet."; }
      });
    });
  }

  function shortcut(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "f") { toggleFullScreen(); event.preventDefault(); return; }
    if (key === "b" || key === ".") { toggleBlackout(); event.preventDefault(); return; }
    if (!document.querySelector("[data-control]")) { return; }
    var screen = document.querySelector(".dt-screen");
    var stage = screen ? screen.dataset.stage : "";
    var action = {
      ArrowRight: "volgende", PageDown: "volgende", " ": "volgende",
      ArrowLeft: "vorige", PageUp: "vorige",
      o: stage === "voting" ? "sluiten" : "openen",
      r: stage === "outcome" ? "verbergen" : "tonen",
    }[key];
    if (!action || (target && target.tagName === "BUTTON" && key === " ")) { return; }
    event.preventDefault();
    control(action);
  }

  function onProjector() { return document.body.classList.contains("dt-projector"); }

  // --- wiring -------------------------------------------------------------------------------
  function settled(target) {
    startCountdowns();
    if (onProjector()) { fitScreen(); showFullScreenButtons(); }
    keepFocus(target);
    announce();
    stopStreamsOnceEnded();
  }

  document.addEventListener("DOMContentLoaded", function () {
    startCountdowns();
    stopStreamsOnceEnded();
    var status = document.getElementById("live-status");
    var panel = document.querySelector("[data-announce]");
    if (status && panel) { status.dataset.said = panel.dataset.announce.trim(); }
    if (onProjector()) {
      fitScreen();
      showFullScreenButtons();
      window.addEventListener("resize", fitScreen);
      document.addEventListener("fullscreenchange", function () { fitScreen(); showFullScreenButtons(); });
      document.addEventListener("keydown", shortcut);
      document.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("[data-fullscreen]")) { toggleFullScreen(); }
      });
    }
    // "Presenteren": the projector in a window of its own, to drag to the beamer.
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-second-window]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      var opened = window.open(link.href, "dilemmatafel-scherm", "popup,width=1280,height=720");
      if (opened) { event.preventDefault(); opened.focus(); }
    });
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    settled(event.detail.target);
    refreshStalePanels();
  });
})();
