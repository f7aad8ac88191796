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
  var waitingHref = null;

  function resume() {
    if (inFlight) { return; }
    if (waitingHref) {  // a link followed while a save was on its way: after it
      var href = waitingHref;
      waitingHref = null;
      window.location.assign(href);
      return;
    }
    if (!waiting) { return; }
    var button = document.getElementById(waiting);
    waiting = null;
    if (button && !button.disabled) { button.click(); }
  }

  document.addEventListener("htmx:beforeRequest", function () { inFlight += 1; });
  document.addEventListener("htmx:afterRequest", function () {
    inFlight = Math.max(0, inFlight - 1);
    // Later: a save queued behind this one starts first, and is waited for too.
    if (!inFlight && (waiting || waitingHref)) { window.setTimeout(resume, 0); }
  });

  // Leaving the page would cut a save short: a plain click on a link waits for it too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!inFlight || !link || link.target || event.button !== 0 ||
        event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    waitingHref = link.href;
  }, true);

  // Captured before app.js's double-submit guard, which would otherwise mark the form sent.
  document.addEventListener("submit", function (event) {
    var pressed = event.submitter;
    if (!inFlight || !pressed || !pressed.id) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    waiting = pressed.id;
  }, true);
})();
