/* Behaviour every page shares: a panel whose request fails says so instead of "Đang tải…"
 * for ever, and a form doing long work shows it is busy and cannot be posted twice. */
(function () {
  "use strict";

  // The texts come translated from base.html (<body data-msg-…>), in the page's language.
  var TEXT = document.body.dataset;
  var MESSAGES = { 403: TEXT.msgForbidden, 404: TEXT.msgNotFound };

  function failed(target, text) {
    if (!target) { return; }
    var box = document.createElement("p");
    box.className = "small htmx-error mb-0";
    box.setAttribute("role", "alert");
    box.textContent = text;
    // Keep the panel's heading; replace the "Đang tải…" line (or the content) with the message.
    var heading = target.querySelector("h2, h3");
    target.textContent = "";
    if (heading) { target.appendChild(heading); }
    target.appendChild(box);
    target.removeAttribute("hx-trigger");
    target.setAttribute("data-load-failed", "");
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    failed(event.detail.target, MESSAGES[status] ||
      (TEXT.msgFailed || "").replace("{status}", status));
  });
  document.addEventListener("htmx:sendError", function (event) {
    failed(event.detail.target, TEXT.msgOffline);
  });
  document.addEventListener("htmx:timeout", function (event) {
    failed(event.detail.target, TEXT.msgTimeout);
  });

  // <form data-busy="Đang ghi 5.616 dòng…">: on submit, every submit button is disabled and
  // the one pressed shows the text with a spinner; a second submit is dropped.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-busy]")) { return; }
    if (form.dataset.submitted) { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    var pressed = event.submitter || form.querySelector("[type=submit]");
    // Disabled after the event, so the pressed button's name still goes with the post.
    window.setTimeout(function () {
      form.querySelectorAll("[type=submit]").forEach(function (b) { b.disabled = true; });
      if (pressed) {
        var spinner = document.createElement("span");
        spinner.className = "busy-spinner";
        spinner.setAttribute("aria-hidden", "true");
        pressed.textContent = form.dataset.busy;
        pressed.prepend(spinner);
      }
      var status = form.querySelector("[data-busy-status]");
      if (status) { status.hidden = false; }
    }, 0);
  });
  // Back from the next page (bfcache): the form is usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("form[data-busy][data-submitted]")) {
      window.location.reload();
    }
  });
})();
