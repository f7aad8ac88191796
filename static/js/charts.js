/* Draws every Plotly figure of the page from its <script type="application/json"> block.
 * The Content-Security-Policy forbids inline scripts, so figures travel as JSON data
 * (built server-side in indicators/charts/*.py) and this file does the drawing. */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  function render(root) {
    if (!window.Plotly) { return; }
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var source = document.getElementById(el.dataset.figure);
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, figure.data || [], figure.layout || {}, CONFIG);
      el.dataset.rendered = "1";
    });
  }

  function resizeAll() {
    if (!window.Plotly) { return; }
    document.querySelectorAll(".js-plotly-plot").forEach(function (el) {
      window.Plotly.Plots.resize(el);
    });
  }

  function wire() {
    render(document);
    document.querySelectorAll("[data-action=print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    // Selectors apply on change; the submit button stays for keyboard and no-JS users.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
  // Fragments loaded by htmx (profile panels) may carry figures too.
  document.addEventListener("htmx:afterSettle", function (event) { render(event.target); });
  // Charts are sized for the screen; refit them to the A4 page and back.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
