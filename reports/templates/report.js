/* stratalign report: sortable tables and the findings filter. Only textContent is read or written. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  function cellKey(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return String(a).localeCompare(String(b), lang, { numeric: true, sensitivity: "base" });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.r-sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, column) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellKey(r1, column), cellKey(r2, column));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var group = document.getElementById("filter-group");
  var severity = document.getElementById("filter-severity");
  var text = document.getElementById("filter-text");
  var count = document.getElementById("findings-count");
  var template = count.getAttribute("data-template");

  function apply() {
    var g = group.value, s = severity.value, q = text.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var ok = (!g || row.getAttribute("data-group") === g) &&
        (!s || row.getAttribute("data-severity") === s) &&
        (!q || row.textContent.toLowerCase().indexOf(q) !== -1);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = template.replace("{n}", String(shown)).replace("{total}", String(rows.length));
  }

  group.addEventListener("change", apply);
  severity.addEventListener("change", apply);
  text.addEventListener("input", apply);
})();
