/* stratalign report: sortable tables, and the big tables drawn a page at a time from the embedded data.
 *
 * Only textContent is read or written. The findings, goals, conflicts and
 * pairs of plans come as compact rows (numbers into label lists) in
 * <script type="application/json" id="report-data">; each such table sorts
 * and filters over all its rows and draws one page of them, so a report with
 * 100,000 findings opens in seconds. The first page is also in the HTML, for
 * print and for reading without JavaScript.
 */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) { return x - y; }
    return collator.compare(String(a), String(b));
  }

  // Counts in the page's language: 112.013 in Danish, 112,013 in English (as the HTML around them).
  var numbers = new Intl.NumberFormat(lang === "da" ? "da-DK" : "en-GB");
  function show(value) { return typeof value === "number" ? numbers.format(value) : String(value); }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? show(values[key]) : match;
    });
  }

  // Small tables that are all in the HTML (coverage per plan): sort the rows in place.
  function cellKey(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim();
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.r-sortable:not([data-source])"), function (table) {
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

  var source = document.getElementById("report-data");
  if (!source) { return; }
  var D = JSON.parse(source.textContent);
  var w = D.words;

  function labels(ids) { return ids.map(function (i) { return D.labels[i]; }).join("; "); }

  // The embedded coverage view shows a node's findings by number: it asks here.
  window[D.messageFunction] = function (i) {
    var f = D.findings[i];
    return f ? [D.severities[f[0]], f[3]] : null;
  };

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }

  // the evidence under a finding (f[5], only in a model with evidence): [quote, where, PDF link or null], or 0
  function evidence(f) {
    if (f.length < 6) { return null; }
    if (!f[5]) { return element("span", "r-evidence r-muted", "(" + D.words.no_evidence + ")"); }
    var span = element("span", "r-evidence", "\u00ab" + f[5][0] + "\u00bb (");
    if (f[5][2]) {
      var a = element("a", "", f[5][1]);
      a.setAttribute("href", f[5][2]);  // a PDF path or http(s) URL, vetted (pdf_link) and percent-encoded (link_target)
      span.appendChild(a);
    } else {
      span.appendChild(document.createTextNode(f[5][1]));
    }
    span.appendChild(document.createTextNode(")"));
    return span;
  }

  function badge(className, text) {
    var td = element("td");
    td.appendChild(element("span", "r-badge " + className, text));
    return td;
  }

  function number(value) { return element("td", "r-n", show(value)); }

  // Each table: its rows, a sort key and a cell per column, the text a search looks in, and its filters.
  var finding = {
    severity: function (f) { return f[0]; },
    kind: function (f) { return D.kindLabels[f[2]]; },
    message: function (f) { return f[3]; },
    plans: function (f) { return labels(f[4]); }
  };
  // The findings table: one row per element or pair of elements, each listing its findings (most severe first).
  function rowFindings(r) { return r[1].map(function (i) { return D.findings[i]; }); }
  function findingText(f) { return finding.kind(f) + ": " + f[3]; }
  function anyFinding(r, test) { return r[1].some(function (i) { return test(D.findings[i]); }); }
  var findingRow = {
    severity: function (r) { return r[0]; },
    elements: function (r) { return r[2].map(function (i) { return D.labels[i]; }).join(" \u2194 "); },
    findings: function (r) { return rowFindings(r).map(findingText).join("; "); },
    plans: function (r) { return labels(r[3]); }
  };
  var SOURCES = {
    findings: {
      rows: function () { return D.findingRows; },
      keys: [findingRow.severity, findingRow.elements, findingRow.findings, findingRow.plans],
      row: function (r) {
        var tr = element("tr");
        tr.setAttribute("data-severity", D.severities[r[0]]);
        tr.appendChild(badge("r-sev-" + D.severities[r[0]], D.severityLabels[r[0]]));
        tr.appendChild(element("td", "", findingRow.elements(r)));
        var td = element("td"), list = element("ul", "r-row-findings");
        rowFindings(r).forEach(function (f) {
          var li = element("li");
          if (r[1].length > 1) {
            li.appendChild(element("span", "r-badge r-sev-" + D.severities[f[0]], D.severityLabels[f[0]]));
            li.appendChild(document.createTextNode(" "));
          }
          li.appendChild(element("strong", "", finding.kind(f)));
          li.appendChild(document.createTextNode(": " + f[3]));
          var shown = evidence(f);
          if (shown) { li.appendChild(shown); }
          list.appendChild(li);
        });
        td.appendChild(list);
        tr.appendChild(td);
        if (D.multiPlan) { tr.appendChild(element("td", "", findingRow.plans(r))); }
        return tr;
      },
      text: function (r) {
        var severities = rowFindings(r).map(function (f) { return D.severityLabels[f[0]]; });
        return [severities.join(" "), findingRow.elements(r), findingRow.findings(r), findingRow.plans(r)].join(" ");
      },
      // a row passes a filter when one of its findings does
      filters: {
        group: function (r, value) { return anyFinding(r, function (f) { return D.groups[f[1]] === value; }); },
        severity: function (r, value) { return anyFinding(r, function (f) { return D.severities[f[0]] === value; }); },
        kind: function (r, value) { return anyFinding(r, function (f) { return D.kinds[f[2]] === value; }); }
      }
    },
    conflicts: {
      rows: function () { return D.conflicts.map(function (i) { return D.findings[i]; }); },
      keys: [finding.severity, finding.kind, finding.message, finding.plans],
      row: function (f) {
        var tr = element("tr");
        tr.appendChild(badge("r-sev-" + D.severities[f[0]], D.severityLabels[f[0]]));
        tr.appendChild(element("td", "", finding.kind(f)));
        var message = element("td", "", f[3]), shown = evidence(f);
        if (shown) { message.appendChild(shown); }
        tr.appendChild(message);
        if (D.multiPlan) { tr.appendChild(element("td", "", finding.plans(f))); }
        return tr;
      },
      text: function (f) { return [D.severityLabels[f[0]], finding.kind(f), f[3], finding.plans(f)].join(" "); },
      filters: {}
    },
    goals: {
      rows: function () { return D.goals.map(function (g, i) { return g.concat([i]); }); },
      // the coverage column sorts in the report's order: uncovered, delegated, covered
      keys: [
        function (g) { return D.labels[g[0]]; }, function (g) { return labels(g[1]); },
        function (g) { return g[4]; }, function (g) { return g[3]; }
      ],
      row: function (g) {
        var tr = element("tr");
        tr.appendChild(element("td", "", D.labels[g[0]]));
        if (D.multiPlan) { tr.appendChild(element("td", "", labels(g[1]))); }
        tr.appendChild(badge("r-state-" + D.states[g[2]], D.stateLabels[g[2]]));
        tr.appendChild(number(g[3]));
        return tr;
      },
      text: function (g) { return D.labels[g[0]] + " " + labels(g[1]); },
      filters: { state: function (g, value) { return String(g[2]) === value; } }
    },
    pairs: {
      rows: function () { return D.pairs.map(function (p) { return p.concat([p[2] + p[3] + p[4] + p[5]]); }); },
      keys: [
        function (p) { return D.labels[p[0]]; }, function (p) { return D.labels[p[1]]; },
        function (p) { return p[6]; }, function (p) { return p[2]; }, function (p) { return p[3]; },
        function (p) { return p[4]; }, function (p) { return p[5]; }
      ],
      initial: { column: 2, ascending: false }, // most overlap first
      row: function (p) {
        var tr = element("tr");
        tr.appendChild(element("td", "", D.labels[p[0]]));
        tr.appendChild(element("td", "", D.labels[p[1]]));
        [6, 2, 3, 4, 5].forEach(function (i) { tr.appendChild(number(p[i])); });
        return tr;
      },
      text: function (p) { return D.labels[p[0]] + " " + D.labels[p[1]]; },
      filters: {}
    }
  };

  function DataTable(table) {
    var spec = SOURCES[table.getAttribute("data-source")];
    var all = spec.rows();
    var haystack = null; // lower-cased search texts, made on the first search
    var count = document.getElementById(table.getAttribute("data-count") || "");
    var pager = table.parentNode.querySelector(".r-pager[data-for='" + table.id + "']") || nextPager(table);
    var state = { filters: {}, query: "", column: -1, ascending: true, page: 0, size: D.page, shown: all.map(function (r, i) { return i; }) };
    var headers = table.tHead.rows[0].cells;

    function nextPager(el) {
      // a wide table sits in a horizontally scrolling box (.r-scroll): its pager follows the box
      var from = el.parentNode.classList.contains("r-scroll") ? el.parentNode : el;
      for (var node = from.nextElementSibling; node; node = node.nextElementSibling) {
        if (node.classList.contains("r-pager")) { node.setAttribute("data-for", el.id); return node; }
      }
      return null;
    }

    function apply() {
      var q = state.query, names = Object.keys(state.filters);
      if (q && !haystack) { haystack = all.map(function (r) { return spec.text(r).toLowerCase(); }); }
      var shown = [];
      for (var i = 0; i < all.length; i++) {
        var ok = true;
        for (var k = 0; k < names.length && ok; k++) { ok = spec.filters[names[k]](all[i], state.filters[names[k]]); }
        if (ok && q) { ok = haystack[i].indexOf(q) !== -1; }
        if (ok) { shown.push(i); }
      }
      state.shown = shown;
      sort();
    }

    function sort() {
      if (state.column >= 0) {
        var key = spec.keys[state.column];
        var keys = new Array(all.length);
        state.shown.forEach(function (i) { keys[i] = key(all[i]); });
        var sign = state.ascending ? 1 : -1;
        state.shown.sort(function (a, b) { return sign * compare(keys[a], keys[b]) || a - b; });
      }
      state.page = 0;
      draw();
    }

    function draw() {
      var pages = Math.max(1, Math.ceil(state.shown.length / state.size));
      state.page = Math.min(state.page, pages - 1);
      var start = state.page * state.size, end = Math.min(start + state.size, state.shown.length);
      var body = document.createElement("tbody");
      for (var i = start; i < end; i++) { body.appendChild(spec.row(all[state.shown[i]])); }
      if (!state.shown.length) {
        var tr = element("tr"), td = element("td", "r-muted", w.no_rows);
        td.colSpan = headers.length;
        tr.appendChild(td);
        body.appendChild(tr);
      }
      table.replaceChild(body, table.tBodies[0]);
      if (count) { count.textContent = fmt(count.getAttribute("data-template"), { n: state.shown.length, total: all.length }); }
      drawPager(pages, start, end);
    }

    function button(label, page, disabled) {
      var b = element("button", "", label);
      b.type = "button";
      b.disabled = disabled;
      b.addEventListener("click", function () { state.page = page; draw(); });
      return b;
    }

    function drawPager(pages, start, end) {
      if (!pager) { return; }
      pager.hidden = all.length <= D.page; // one page: no pager needed
      if (pager.hidden) { return; }
      pager.textContent = "";
      var last = pages - 1, page = state.page;
      pager.appendChild(button("\u00ab " + w.first, 0, page === 0));
      pager.appendChild(button("\u2039 " + w.previous, page - 1, page === 0));
      pager.appendChild(element("span", "r-pages", fmt(w.rows, { start: state.shown.length ? start + 1 : 0, end: end, total: state.shown.length })));
      pager.appendChild(button(w.next + " \u203a", page + 1, page >= last));
      pager.appendChild(button(w.last + " \u00bb", last, page >= last));
      var label = element("label", "r-size", w.page_size + " ");
      var select = element("select");
      [25, 100, 500, 1000].forEach(function (n) {
        var option = element("option", "", String(n));
        option.value = String(n);
        option.selected = n === state.size;
        select.appendChild(option);
      });
      select.addEventListener("change", function () { state.size = Number(select.value); state.page = 0; draw(); });
      label.appendChild(select);
      pager.appendChild(label);
    }

    Array.prototype.forEach.call(headers, function (th, column) {
      var b = th.querySelector("button");
      if (!b) { return; }
      b.addEventListener("click", function () {
        var ascending = !(state.column === column && state.ascending);
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        state.column = column;
        state.ascending = ascending;
        sort();
      });
    });

    var timer = null;
    Array.prototype.forEach.call(document.querySelectorAll("[data-table='" + table.id + "']"), function (control) {
      var name = control.getAttribute("data-filter");
      var update = function () {
        if (name === "text") {
          state.query = control.value.trim().toLowerCase();
        } else if (control.value) {
          state.filters[name] = control.value;
        } else {
          delete state.filters[name];
        }
        apply();
      };
      if (name === "text") {
        // a keystroke over 100,000 rows: wait for a pause in typing on big tables
        control.addEventListener("input", function () {
          clearTimeout(timer);
          if (all.length <= 5000) { update(); } else { timer = setTimeout(update, 200); }
        });
      } else {
        control.addEventListener("change", update);
      }
    });

    if (spec.initial) {
      state.column = spec.initial.column;
      state.ascending = spec.initial.ascending;
      headers[state.column].setAttribute("aria-sort", state.ascending ? "ascending" : "descending");
    }
    apply();
    table.stratalign = state;
  }

  // One plan: no plan column (the keys follow the columns that are there).
  if (!D.multiPlan) {
    SOURCES.findings.keys.pop();
    SOURCES.conflicts.keys.pop();
    SOURCES.goals.keys.splice(1, 1);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-source]"), DataTable);

  // A link on the decision page opens the issue card it points to (cards start folded).
  function openTarget() {
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Printing from the browser: every fold open, so the printout has every section.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
    // the static graph travels as data (its labels XML-escaped) and becomes an SVG only for print
    var figure = document.getElementById("print-graph");
    if (figure && D.printGraph && !figure.firstChild) {
      var svg = new DOMParser().parseFromString(D.printGraph, "image/svg+xml").documentElement;
      if (svg && svg.nodeName === "svg") { figure.appendChild(document.importNode(svg, true)); }
    }
  });

  // "Findings by kind": a kind's button sets the kind filter of the findings table.
  var kindFilter = document.getElementById("filter-kind");
  Array.prototype.forEach.call(document.querySelectorAll("button.r-kind"), function (b) {
    b.addEventListener("click", function () {
      if (!kindFilter) { return; }
      kindFilter.value = b.getAttribute("data-kind");
      kindFilter.dispatchEvent(new Event("change"));
      var table = document.getElementById("findings-table");
      if (table && table.scrollIntoView) { table.scrollIntoView({ block: "start" }); }
    });
  });
})();
