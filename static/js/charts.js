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

  // On a phone a legend above the plot wraps onto the title: move it under the x axis.
  var NARROW = 576;
  var LEGEND_ROOM = 72;

  function legendBelow(layout) {
    layout.legend = Object.assign({}, layout.legend, {
      x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container"
    });
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.b = (layout.margin.b || 48) + LEGEND_ROOM;
    layout.height = (layout.height || 360) + LEGEND_ROOM;
  }

  function render(root) {
    if (!window.Plotly) { return; }
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var source = document.getElementById(el.dataset.figure);
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      var layout = figure.layout || {};
      if (el.clientWidth < NARROW && layout.showlegend !== false) { legendBelow(layout); }
      window.Plotly.newPlot(el, figure.data || [], layout, CONFIG);
      el.dataset.rendered = "1";
    });
  }

  // A4 portrait minus print.css margins, in CSS pixels (186 mm at 96 dpi).
  var PRINT_WIDTH = 700;
  var printing = false;

  function fitForPrint() {
    if (!window.Plotly || printing) { return; }
    printing = true;
    document.querySelectorAll(".js-plotly-plot").forEach(function (el) {
      window.Plotly.relayout(el, { width: Math.min(el.clientWidth || PRINT_WIDTH, PRINT_WIDTH) });
    });
  }

  function fitForScreen() {
    if (!window.Plotly || !printing) { return; }
    printing = false;
    document.querySelectorAll(".js-plotly-plot").forEach(function (el) {
      window.Plotly.relayout(el, { width: null, autosize: true });
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
  // Charts are drawn at screen width; refit them to the A4 page and back.
  window.addEventListener("beforeprint", fitForPrint);
  window.addEventListener("afterprint", fitForScreen);
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (query) {
      if (query.matches) { fitForPrint(); } else { fitForScreen(); }
    });
  }
})();
