// The cross-impact grids of graph --view influence, virtualised: the data is one JSON block, and each grid
// draws only the rows and columns in view (plus a margin) again on scroll. ARIA grid pattern: one tab stop
// (roving tabindex), the arrow keys, Home/End, Ctrl+Home/End and Page Up/Down reach every cell (the grid
// scrolls to it and draws it first); aria-rowcount/colcount and each row's and cell's index tell a screen
// reader where it is. Labels go into the DOM as textContent and title only.
(function () {
  "use strict";
  // Sizes in CSS pixels; influence_grid.css gives the cells the same.
  var ROW_H = 28, HEAD_H = 60, ROW_HEAD_W = 220, TOTAL_W = 168, COL_W = 128, MARGIN_ROWS = 8, MARGIN_COLS = 3;
  var source = document.getElementById("sa-grid-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var words = data.words;

  function number(n) {
    var digits = String(Math.abs(n)), out = "";
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += data.thousands;
      out += digits.charAt(i);
    }
    return (n < 0 ? "-" : "") + out;
  }
  function signed(n) { return (n > 0 ? "+" : "") + number(n); }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  }
  function el(tag, className, role) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (role) node.setAttribute("role", role);
    return node;
  }
  function pad(width) {
    var node = el("div", "sa-grid-pad");
    node.style.width = width + "px";
    return node;
  }

  function Grid(root, grid) {
    var self = this, pending = false;
    this.root = root;
    this.grid = grid;
    this.sizer = el("div", "sa-grid-sizer");
    root.appendChild(this.sizer);
    root.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; self.render(false); });
    });
    root.addEventListener("keydown", function (event) { self.key(event); });
    root.addEventListener("focusin", function (event) {
      var node = event.target.closest("[data-r]");
      if (node) { self.active = [Number(node.getAttribute("data-r")), Number(node.getAttribute("data-c"))]; self.roving(); }
    });
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button.sa-sort");
      if (button) self.sort(Number(button.getAttribute("data-sort")));
    });
    window.addEventListener("resize", function () { self.render(true); });
    this.setLevel(0);
  }

  // Show one level (all elements; grouped by plan; the top ones): unsorted, scrolled to the start.
  Grid.prototype.setLevel = function (index) {
    var level = this.grid.levels[index], C = level.cols.length;
    this.level = level;
    this.R = level.rows.length;
    this.C = C;
    this.grouped = level.rowsGrouped || level.colsGrouped;
    this.cellAt = new Int32Array(this.R * C).fill(-1);
    for (var k = 0; k < level.cells.length; k++) this.cellAt[level.cells[k][0] * C + level.cells[k][1]] = k;
    this.order = [];
    for (var r = 0; r < this.R; r++) this.order.push(r);
    this.sorted = null;
    this.active = this.R && C ? [1, 2] : [0, 0];
    this.width = ROW_HEAD_W + TOTAL_W + C * COL_W;
    this.root.setAttribute("aria-rowcount", String(this.R + 1));
    this.root.setAttribute("aria-colcount", String(C + 2));
    this.sizer.style.width = this.width + "px";
    this.sizer.style.height = HEAD_H + this.R * ROW_H + "px";
    this.root.scrollTop = 0;
    this.root.scrollLeft = 0;
    this.range = null;
    this.render(true);
    this.root.setAttribute("data-ready", "1");
  };

  // The rows [r0, r1) and columns [c0, c1) in view, with a margin.
  Grid.prototype.bounds = function () {
    var root = this.root, top = root.scrollTop, left = root.scrollLeft;
    var h = Math.max(0, root.clientHeight - HEAD_H), w = Math.max(0, root.clientWidth - ROW_HEAD_W - TOTAL_W);
    return [
      Math.max(0, Math.floor(top / ROW_H) - MARGIN_ROWS),
      Math.min(this.R, Math.ceil((top + h) / ROW_H) + MARGIN_ROWS),
      Math.max(0, Math.floor(left / COL_W) - MARGIN_COLS),
      Math.min(this.C, Math.ceil((left + w) / COL_W) + MARGIN_COLS),
    ];
  };

  Grid.prototype.lineLabel = function (line, grouped) {
    return grouped ? line[0] + " (" + fill(words.matrix_group_size, { n: number(line[4]) }) + ")" : line[0];
  };

  // A cell's text: the strength's number and word (elements), or the sums and the count (groups).
  Grid.prototype.fillCell = function (node, pos, neg, count, total) {
    var value = pos + neg;
    node.setAttribute("data-value", String(value));
    if (!this.grouped) {
      if (total) { node.textContent = number(value); return; }
      node.textContent = data.strengths[value + 3];
      node.style.background = data.colors[value + 3];
      return;
    }
    var full = fill(words.matrix_sums, { pos: signed(pos), neg: number(neg), count: number(count) });
    var shown = el("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = signed(pos) + " / " + number(neg) + " (" + number(count) + ")";
    var spoken = el("span", "sa-sr");
    spoken.textContent = full;
    node.appendChild(shown);
    node.appendChild(spoken);
    node.title = full;
    if (!total) node.style.background = data.colors[Math.max(-3, Math.min(3, Math.round(value / count))) + 3];
  };

  Grid.prototype.mark = function (node, r, c) {
    node.setAttribute("data-r", String(r));
    node.setAttribute("data-c", String(c));
    node.tabIndex = -1;
    return node;
  };

  Grid.prototype.header = function (j, label, c) {
    var th = el("div", j < 0 ? "sa-grid-total" : "", "columnheader");
    th.setAttribute("aria-colindex", String(c + 1));
    var sorted = this.sorted && this.sorted.column === j;
    th.setAttribute("aria-sort", sorted ? (this.sorted.descending ? "descending" : "ascending") : "none");
    var button = this.mark(el("button", "sa-sort"), 0, c);
    button.type = "button";
    button.textContent = label;
    button.title = label;
    button.setAttribute("data-sort", String(j));
    th.appendChild(button);
    return th;
  };

  Grid.prototype.headRow = function (b) {
    var row = el("div", "sa-grid-head", "row");
    row.setAttribute("aria-rowindex", "1");
    row.style.width = this.width + "px";
    var corner = this.mark(el("div", "sa-grid-corner", "columnheader"), 0, 0);
    corner.setAttribute("aria-colindex", "1");
    corner.textContent = words.matrix_corner;
    row.appendChild(corner);
    row.appendChild(this.header(-1, words.matrix_total, 1));
    row.appendChild(pad(b[2] * COL_W));
    for (var j = b[2]; j < b[3]; j++) row.appendChild(this.header(j, this.lineLabel(this.level.cols[j], this.level.colsGrouped), j + 2));
    return row;
  };

  Grid.prototype.bodyRow = function (k, b) {
    var r = this.order[k], line = this.level.rows[r], C = this.C;
    var row = el("div", "", "row");
    row.setAttribute("aria-rowindex", String(k + 2));
    row.style.width = this.width + "px";
    var head = this.mark(el("div", "", "rowheader"), k + 1, 0);
    head.setAttribute("aria-colindex", "1");
    head.textContent = this.lineLabel(line, this.level.rowsGrouped);
    head.title = head.textContent;
    row.appendChild(head);
    var total = this.mark(el("div", "sa-grid-total", "gridcell"), k + 1, 1);
    total.setAttribute("aria-colindex", "2");
    this.fillCell(total, line[1], line[2], line[3], true);
    row.appendChild(total);
    row.appendChild(pad(b[2] * COL_W));
    for (var j = b[2]; j < b[3]; j++) {
      var cell = this.mark(el("div", "", "gridcell"), k + 1, j + 2), at = this.cellAt[r * C + j];
      cell.setAttribute("aria-colindex", String(j + 3));
      if (at < 0) {
        cell.className = "sa-blank";
        var blank = el("span", "sa-sr");
        blank.textContent = words.matrix_unscored;
        cell.appendChild(blank);
      } else {
        var v = this.level.cells[at];
        this.fillCell(cell, v[2], v[3], v[4], false);
      }
      row.appendChild(cell);
    }
    return row;
  };

  // Keep the active cell among the drawn ones (a scroll by mouse moves it along).
  Grid.prototype.clamp = function (b) {
    var r = this.active[0], c = this.active[1];
    if (r > 0) r = Math.max(b[0] + 1, Math.min(b[1], r));
    if (c > 1) c = Math.max(b[2] + 2, Math.min(b[3] + 1, c));
    this.active = [r, c];
  };

  Grid.prototype.render = function (force) {
    var b = this.bounds();
    if (!force && this.range && b.join() === this.range.join()) return;
    this.range = b;
    var focused = this.root.contains(document.activeElement);
    this.clamp(b);
    var fragment = document.createDocumentFragment();
    fragment.appendChild(this.headRow(b));
    var above = el("div", "sa-grid-pad");
    above.style.height = b[0] * ROW_H + "px";
    fragment.appendChild(above);
    for (var k = b[0]; k < b[1]; k++) fragment.appendChild(this.bodyRow(k, b));
    this.sizer.textContent = "";
    this.sizer.appendChild(fragment);
    this.roving();
    var target = this.target();
    if (focused && target) target.focus({ preventScroll: true });
  };

  Grid.prototype.target = function () {
    return this.sizer.querySelector('[data-r="' + this.active[0] + '"][data-c="' + this.active[1] + '"]');
  };

  Grid.prototype.roving = function () {
    var current = this.sizer.querySelectorAll('[tabindex="0"]');
    for (var i = 0; i < current.length; i++) current[i].tabIndex = -1;
    var target = this.target();
    if (target) target.tabIndex = 0;
  };

  Grid.prototype.key = function (event) {
    var r = this.active[0], c = this.active[1], last = this.C + 1;
    var page = Math.max(1, Math.floor((this.root.clientHeight - HEAD_H) / ROW_H) - 1);
    switch (event.key) {
      case "ArrowRight": c = Math.min(last, c + 1); break;
      case "ArrowLeft": c = Math.max(0, c - 1); break;
      case "ArrowDown": r = Math.min(this.R, r + 1); break;
      case "ArrowUp": r = Math.max(0, r - 1); break;
      case "PageDown": r = Math.min(this.R, r + page); break;
      case "PageUp": r = Math.max(0, r - page); break;
      case "Home": c = 0; if (event.ctrlKey) r = 0; break;
      case "End": c = last; if (event.ctrlKey) r = this.R; break;
      default: return;
    }
    event.preventDefault();
    this.moveTo(r, c);
  };

  // Scroll the cell (r, c) into view past the sticky headers, draw, and focus it.
  Grid.prototype.moveTo = function (r, c) {
    var root = this.root;
    this.active = [r, c];
    if (r > 0) {
      var y = (r - 1) * ROW_H, h = root.clientHeight - HEAD_H;
      if (y < root.scrollTop) root.scrollTop = y;
      else if (y + ROW_H > root.scrollTop + h) root.scrollTop = y + ROW_H - h;
    }
    if (c > 1) {
      var x = (c - 2) * COL_W, w = root.clientWidth - ROW_HEAD_W - TOTAL_W;
      if (x < root.scrollLeft) root.scrollLeft = x;
      else if (x + COL_W > root.scrollLeft + w) root.scrollLeft = x + COL_W - w;
    }
    this.render(false); // redrawn only when the rows or columns in view change
    this.roving();
    var target = this.target();
    if (target) target.focus({ preventScroll: true });
  };

  // Sort the rows by a column (-1: the total): strongest first, again for weakest first; unscored last, ties stable.
  Grid.prototype.sort = function (j) {
    var descending = !(this.sorted && this.sorted.column === j && this.sorted.descending);
    this.sorted = { column: j, descending: descending };
    var values = [];
    for (var r = 0; r < this.R; r++) {
      if (j < 0) { values.push(this.level.rows[r][1] + this.level.rows[r][2]); continue; }
      var at = this.cellAt[r * this.C + j];
      values.push(at < 0 ? null : this.level.cells[at][2] + this.level.cells[at][3]);
    }
    this.order.sort(function (a, b) {
      var x = values[a], y = values[b];
      if (x === null && y === null) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      return descending ? y - x : x - y;
    });
    this.render(true);
  };

  var grids = [];
  document.querySelectorAll(".sa-grid[data-grid]").forEach(function (root) {
    var grid = new Grid(root, data.grids[Number(root.getAttribute("data-grid"))]);
    grids.push(grid);
    var section = root.closest("section");
    section.querySelectorAll("button.sa-level").forEach(function (button) {
      button.addEventListener("click", function () {
        var index = Number(button.getAttribute("data-level"));
        section.querySelectorAll("button.sa-level").forEach(function (b) { b.setAttribute("aria-pressed", b === button ? "true" : "false"); });
        section.querySelector(".sa-matrix-note").textContent = grid.grid.levels[index].note;
        grid.setLevel(index);
      });
    });
  });
  window.stratalignGrids = grids;
  window.stratalignGridsDrawn = window.performance.now(); // ms from navigation to the first drawing (benchmarks)
})();
