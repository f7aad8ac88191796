/* Pages that save parts of a form as they are typed (htmx) and also post whole forms: the
 * appraisal and the explanation pages. Each htmx save hands back the report's new version
 * token; a form posted while such a save is still on its way would carry the token from
 * before it and be refused as stale. So a post waits for the saves in flight, then the
 * button that was pressed is pressed again (found by its id: the save may have replaced it)
 * and posts with the token the saves handed back. */
(function () {
  "use strict";
  var inFlight = 0;
  var waiting = null;

  function resume() {
    if (inFlight || !waiting) { return; }
    var button = document.getElementById(waiting);
    waiting = null;
    if (button && !button.disabled) { button.click(); }
  }

  document.addEventListener("htmx:beforeRequest", function () { inFlight += 1; });
  document.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    // Later: a save queued behind this one starts first, and is waited for too.
    if (!inFlight && waiting) { window.setTimeout(resume, 0); }
  });

  // Captured before app.js's double-submit guard, which would otherwise mark the form sent.
  document.addEventListener("submit", function (event) {
    var pressed = event.submitter;
    if (!inFlight || !pressed || !pressed.id) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    waiting = pressed.id;
  }, true);
})();
