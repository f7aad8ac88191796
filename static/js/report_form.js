// Self-assessment form: running progress (filled/total, self total) as the reporter types,
// and a guard so unsaved scores are not lost by an evidence upload or by leaving the page.
(function () {
  "use strict";
  var form = document.getElementById("self-report-form");
  if (!form) return;
  var filled = document.getElementById("progress-filled");
  var total = document.getElementById("progress-total");
  // The total in the page's language, as the server formats numbers: 32,00 / 32.00.
  var locale = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
  var fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var dirty = false;

  function update() {
    var rows = form.querySelectorAll("tr.score-row");
    var count = 0, sum = 0;
    rows.forEach(function (row) {
      var input = row.querySelector("input.score-input");
      var na = row.querySelector("input[type=checkbox]");
      if (na && na.checked) { count += 1; return; }
      var value = parseFloat((input && input.value || "").replace(",", "."));
      if (!isNaN(value)) { count += 1; sum += value; }
    });
    if (filled) filled.textContent = count + "/" + rows.length;
    if (total) total.textContent = fmt.format(sum);
  }

  function markDirty(event) {
    // File inputs belong to the separate upload forms, not to the scores.
    if (event.target.type !== "file") dirty = true;
    update();
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () { dirty = false; });

  document.querySelectorAll("form[id^='up-'], form[id^='del-']").forEach(function (other) {
    other.addEventListener("submit", function (event) {
      if (dirty && !window.confirm(form.dataset.unsaved)) {
        event.preventDefault();
      } else {
        dirty = false;
      }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
