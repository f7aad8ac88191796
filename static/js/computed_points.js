// Self-assessment form: the reason box beside points computed from data shows only while
// the typed score differs from them (the server asks for a reason in that case).
(function () {
  "use strict";
  document.querySelectorAll(".computed-points[data-computed]").forEach(function (box) {
    var reason = box.querySelector(".override-reason");
    var row = box.closest("tr");
    var input = row && row.querySelector("input.score-input");
    if (!reason || !input) return;
    var computed = parseFloat(box.dataset.computed);
    function toggle() {
      var value = parseFloat(input.value.trim().replace(",", "."));
      var differs = !isNaN(value) && Math.abs(value - computed) > 0.001;
      reason.hidden = !differs && !reason.querySelector("textarea").value.trim();
    }
    input.addEventListener("input", toggle);
    toggle();
  });
})();
