// The agenda editor: every edit (up, down, remove, minutes, swap, add, even out) redraws the
// list of blocks with htmx. The redrawn list says in a hidden #agenda-change element which
// control gets the keyboard focus (data-focus: the moved block's same button, or the other one
// once the block reached the top or the end; the minutes field; the heading of a new block)
// and what changed (data-announce), which goes to the page's #agenda-status region. The
// controls keep their ids across a redraw, so htmx itself already puts the focus back on the
// same control; this only settles where it cannot (a button that is now disabled, a block
// that is gone). Without JavaScript the forms post and the page is drawn again.
(function () {
  "use strict";

  function announce(text) {
    var status = document.getElementById("agenda-status");
    if (!status || !text) { return; }
    // Emptied first, so the same sentence twice in a row is still read out.
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function focusable(element) {
    return element && element.isConnected && !element.disabled && !element.hidden;
  }

  function lost() {
    var active = document.activeElement;
    return !active || active === document.body || !focusable(active);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var editor = document.getElementById("agenda-editor");
    if (!editor || event.target !== editor) { return; }
    var change = document.getElementById("agenda-change");
    if (change) {
      var target = document.getElementById(change.dataset.focus);
      if (focusable(target)) { target.focus(); }
      announce(change.dataset.announce);
      change.remove();
      return;
    }
    // An edit that was refused: the reason is read out (role="alert"); the focus stays on
    // the control that was used, or goes to the reason when that control is gone.
    if (lost()) {
      var reason = document.getElementById("agenda-fout");
      if (reason) { reason.focus(); }
    }
  });
})();
