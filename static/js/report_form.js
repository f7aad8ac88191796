// Running progress of the self-assessment form: filled/total and the self total, as typed.
(function () {
  "use strict";
  var form = document.getElementById("self-report-form");
  if (!form) return;
  var filled = document.getElementById("progress-filled");
  var total = document.getElementById("progress-total");
  var fmt = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

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
  form.addEventListener("input", update);
  form.addEventListener("change", update);
})();
