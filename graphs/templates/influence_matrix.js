// Sort a matrix's rows by the column whose header button was pressed: strongest first, again for weakest first.
// Unscored cells always go last; ties keep the order they had (Array.prototype.sort is stable).
(function () {
  document.querySelectorAll("table.sa-matrix-table").forEach(function (table) {
    table.querySelectorAll("button.sa-sort").forEach(function (button) {
      button.addEventListener("click", function () {
        var column = Number(button.getAttribute("data-column"));
        var th = button.parentElement;
        var descending = th.getAttribute("aria-sort") !== "descending";
        table.querySelectorAll("thead th").forEach(function (h) { if (h.hasAttribute("aria-sort")) h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var value = function (row) {
          var text = row.cells[column].getAttribute("data-value");
          return text === "" || text === null ? null : Number(text);
        };
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          return descending ? y - x : x - y;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
