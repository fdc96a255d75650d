/* stratalign graph view: filters, search, levels of detail and layouts over vis-network.
 *
 * Labels are untrusted. They reach the DOM only through textContent, the canvas
 * draws them as text, and vis-network 9 shows string tooltips with innerText.
 * Positions come precomputed; physics runs only when the user picks the force
 * layout, and stops once the graph is stable.
 *
 * The data is compact (a national model has 70,000 elements): styles, link
 * styles, finding messages and names are shared tables, and a tooltip is
 * written only for a node that is drawn.
 */
(function () {
  "use strict";

  var SX = 175, SY = 130; // top-down: pixels per slot and per level (as in views.py)
  var LX = 330, LY = 64; // left-right
  var PLAN_KINDS = { vision: 1, strategy: 1, plan: 1 };
  var SHORT = 60; // label length on the canvas above READABLE nodes (as _short in views.py did)
  // Labels at the initial fit: at least MIN_PX on screen. The font grows in canvas units as the
  // fit shrinks (13 px at scale 1, 42 px at scale 0.3), each label is wrapped to the room of its
  // slot and shortened with "…" when the slot is full; zooming in gives back the whole label.
  // Up to READABLE drawn nodes; above, the first view is an overview and labels come with zoom.
  var MIN_PX = 12.5, BASE_FONT = 13, READABLE = 400, EM = 0.56; // EM: average glyph width / font size
  // Links whose kind is written on them, and links summed up between collapsed groups.
  var LABELLED = { hinders: 1, conflictsWith: 1, conflict: 1 };
  var SUM_LABELS = 150, SUM_DRAWN = 400;
  var SUMMED = { shared: 1, duplicate: 1, conflict: 1, hinders: 1, conflictsWith: 1, delegatedTo: 1 };
  // coverage share of a plan, from none over half to all (Okabe–Ito vermillion, yellow, bluish green);
  // the share is written on the plan as well ("40 %"), so colour is never the only signal
  var FILL = [[246, 196, 165], [249, 240, 163], [153, 216, 199]];
  var EDGE = [[213, 94, 0], [184, 164, 0], [0, 158, 115]];

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Labels and messages come as they are (line breaks too); shown, they go on one line.
  function oneLine(text) {
    return String(text).replace(/\s+/g, " ").trim();
  }

  function short(text) {
    text = oneLine(text);
    return text.length <= SHORT ? text : text.slice(0, SHORT - 1).replace(/\s+$/, "") + "\u2026";
  }

  // Word-wrap text into at most `lines` lines of `width` characters; what does not fit ends in "…".
  function wrap(text, width, lines) {
    var words = oneLine(text).split(" "), out = [], line = "";
    width = Math.max(4, width);
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      while (word.length > width) { // a word longer than the line is split, not left to run over
        if (line) { out.push(line); line = ""; }
        out.push(word.slice(0, width - 1) + "-");
        word = word.slice(width - 1);
      }
      if (!line) { line = word; } else if (line.length + 1 + word.length <= width) { line += " " + word; } else { out.push(line); line = word; }
    }
    if (line) { out.push(line); }
    if (out.length > lines) {
      // the last line takes as much of the rest as fits, cut at a space when one is near the end
      var used = out.slice(0, lines - 1), rest = out.slice(lines - 1).join(" ").replace(/- /g, "");
      var cut = rest.slice(0, width - 1), space = cut.lastIndexOf(" ");
      if (space > width * 0.6) { cut = cut.slice(0, space); }
      out = used.concat([cut.replace(/\s+$/, "") + "\u2026"]);
    }
    return out.join("\n");
  }

  function blend(scale, share) {
    var x = Math.max(0, Math.min(1, share)) * 2, i = Math.min(1, Math.floor(x)), t = x - i;
    var rgb = [0, 1, 2].map(function (c) { return Math.round(scale[i][c] + (scale[i + 1][c] - scale[i][c]) * t); });
    return "rgb(" + rgb.join(",") + ")";
  }

  function mount(root, data) {
    var w = data.words;
    var role = function (name) { return root.querySelector('[data-role="' + name + '"]'); };
    var container = role("network");
    var byId = {};
    var members = {};
    var anchor = {}; // group → the element it hangs under (its plan, in the overlap view)
    data.edges.forEach(function (e) { if (e.agg) { anchor[e.to] = e.from; } });
    data.nodes.forEach(function (n) {
      byId[n.id] = n;
      n._fold = fold(oneLine(n.full || ""));
      if (n.g !== undefined) { (members[n.g] = members[n.g] || []).push(n); }
    });
    var state = {
      kinds: {}, plans: {}, allPlans: true, query: "", matches: [], cursor: -1,
      layout: data.orientation || "td", mode: "full", showAll: false, rendered: {}, groups: {},
      text: {}, suffix: {}, font: null, adapted: null, lit: false, summed: { total: 0, drawn: 0 }
    };
    data.kinds.forEach(function (k) { state.kinds[k.id] = true; });
    data.plans.forEach(function (p, i) { state.plans[i] = true; });

    var nodeSet = new vis.DataSet([]);
    var edgeSet = new vis.DataSet([]);
    var network = new vis.Network(container, { nodes: nodeSet, edges: edgeSet }, {
      autoResize: true,
      physics: { enabled: false, stabilization: { enabled: false } },
      layout: { improvedLayout: false, randomSeed: 1 },
      interaction: { hover: true, tooltipDelay: 120, navigationButtons: false, keyboard: false, multiselect: false },
      nodes: { font: { size: BASE_FONT, face: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif" }, widthConstraint: { maximum: 170 } },
      edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5, font: { size: BASE_FONT, align: "horizontal", color: "#212529", strokeWidth: 4, strokeColor: "#ffffff" } }
    });

    function countPlans() {
      state.allPlans = true;
      for (var i = 0; i < data.plans.length; i++) { if (!state.plans[i]) { state.allPlans = false; return; } }
    }

    function passes(n) {
      if (n.agg || !state.kinds[n.kind]) { return false; }
      if (state.allPlans) { return true; }
      for (var i = 0; i < n.plans.length; i++) { if (state.plans[n.plans[i]]) { return true; } }
      return false;
    }

    // The level of detail: everything, groups, plans and goals, plans. The first that fits the limit wins.
    function choose() {
      var visible = data.nodes.filter(passes);
      var limit = state.showAll ? Infinity : data.limit;
      if (visible.length <= limit) { return { mode: "full", nodes: visible, total: visible.length, groups: {} }; }
      var kept = [], groups = {};
      visible.forEach(function (n) {
        if (n.g !== undefined) { (groups[n.g] = groups[n.g] || []).push(n); } else { kept.push(n); }
      });
      var grouped = kept.concat(Object.keys(groups).map(function (g) { return byId[g]; }));
      if (grouped.length <= limit) { return { mode: "grouped", nodes: grouped, total: visible.length, groups: groups }; }
      var goals = kept.filter(function (n) { return PLAN_KINDS[n.kind] || n.kind === "goal"; });
      if (goals.length <= limit) { return { mode: "goals", nodes: goals, total: visible.length, groups: {} }; }
      var plans = kept.filter(function (n) { return PLAN_KINDS[n.kind]; }).slice(0, limit);
      return { mode: "plans", nodes: plans, total: visible.length, groups: {} };
    }

    function position(n, mode) {
      var s, d;
      if (mode === "full") { s = n.s; d = n.d; } else if (mode === "plans" && n.ps !== undefined) { s = n.ps; d = n.pd; } else { s = n.as; d = n.ad; }
      return state.layout === "lr" ? { x: d * LX, y: s * LY } : { x: s * SX, y: d * SY };
    }

    function groupLabel(g, list) {
      var kinds = {};
      list.forEach(function (n) { kinds[n.kind] = true; });
      var names = Object.keys(kinds);
      if (names.length === 1) { return fmt(w.group_label, { n: list.length, kind: data.kindPlurals[names[0]] || names[0] }); }
      return fmt(w.group_mixed, { n: list.length });
    }

    // A finding's [severity, message]: from our own table, or from the page that embeds us (the report).
    function message(i) {
      if (!data.messageFunction) { return data.messages[i]; }
      var lookup = window[data.messageFunction];
      return typeof lookup === "function" ? lookup(i) : null;
    }

    function names(ids) { return ids.map(function (i) { return oneLine(data.names[i]); }).join("; "); }

    function planCoverage(n) {
      var cov = n.pi !== undefined ? data.plans[n.pi].cov : null;
      return cov && cov[0] + cov[1] + cov[2] > 0 ? cov : null;
    }

    // A goal's targets, each its latest observation against the target, in words (numbers come written).
    function measures(n) {
      var pw = data.progressWords;
      var out = n.ms.map(function (m) {
        var values = { latest: m[0] || pw.no_measure, target: m[1] || pw.no_value, status: pw[m[2]] || m[2], indicator: oneLine(data.names[m[3]]) };
        return fmt(n.ms.length > 1 ? pw.measure_of : pw.measure, values);
      });
      if (n.nms) { out.push(fmt(pw.measures_more, { n: n.nms - n.ms.length })); }
      return out;
    }

    // The tooltip (plain text): label, kind, plans, owner, status, coverage, progress, the findings and the IRI.
    function tooltip(n) {
      if (n.agg) { return groupLabel(n.id, state.groups[n.id] || members[n.id] || []) + "\n" + w.group_hint + "\n" + w.group_expand; }
      var kind = data.kindWords[n.kind] ? n.kind : "other";
      var lines = [oneLine(n.full), w.kind + ": " + data.kindWords[kind][0]];
      if (!PLAN_KINDS[n.kind] && (n.plans.length || n.xplans)) {
        var plans = n.plans.map(function (i) { return data.plans[i].label; });
        if (n.xplans) { plans = plans.concat(n.xplans.map(function (i) { return oneLine(data.names[i]); })); }
        lines.push(w.in_plans + ": " + plans.join("; "));
      }
      var cov = planCoverage(n);
      if (cov) { lines.push(fmt(w.plan_goals, { n: cov[0] + cov[1] + cov[2], covered: cov[0], delegated: cov[1], uncovered: cov[2] })); }
      if (n.own) { lines.push(w.owner + ": " + names(n.own)); }
      if (n.stat) { lines.push(w.status + ": " + n.stat); }
      if (n.kind === "goal" && n.state) {
        lines.push(w.coverage + ": " + data.stateWords[n.state]);
        lines.push(w.reaching + ": " + (n.ini || 0));
      }
      if (n.dlg) { lines.push(w.delegated_to + ": " + names(n.dlg)); }
      if (n.pg) { lines.push(data.progressWords.progress + ": " + data.progressWords[n.pg]); }
      if (n.ms) { measures(n).forEach(function (line) { lines.push(line); }); }
      if (n.ev !== undefined) { lines.push(w.evidence + ": " + (n.ev >= 0 ? oneLine(data.quotes[n.ev]) : "(" + w.no_evidence + ")")); }
      if (n.nf) {
        lines.push(w.findings + " (" + n.nf + "):");
        n.f.forEach(function (i) {
          var m = message(i);
          if (m) { lines.push("\u2022 [" + data.severityWords[m[0]] + "] " + oneLine(m[1])); }
        });
        if (n.nf > n.f.length) { lines.push(fmt(w.more, { n: n.nf - n.f.length })); }
      }
      if (n.iri) { lines.push(n.iri); }
      return lines.join("\n");
    }

    // The words on a link: its kind (a conflict found by the analysis: the kinds of finding), or a count between groups.
    function edgeLabel(e) {
      if (e.n) { return fmt(w.links_between, { n: e.n, what: w["edge_" + e.kind] || data.edgeWords[e.kind] || e.kind }); }
      if (!LABELLED[e.kind]) { return undefined; }
      if (e.fk && e.fk.length) { return e.fk.map(function (k) { return w["edge_" + k] || w.edge_conflict; }).join(" · "); }
      return w["edge_" + e.kind];
    }

    function edgeTitle(e) {
      if (e.n) { return edgeLabel(e); }
      if (e.agg) { return data.edgeWords.group; }
      var title = oneLine(byId[e.from].full) + " \u2192 " + (data.edgeWords[e.kind] || e.kind) + " \u2192 " + oneLine(byId[e.to].full);
      if (e.msg) { title += "\n" + e.msg; }
      if (e.scoreText !== undefined) { title += "\n(" + e.scoreText + ")"; }
      return title;
    }

    function baseOpacity(n) { return data.emphasis && n.em === 0 ? 0.3 : 1; }

    function visNode(n, choice) {
      var p = position(n, choice.mode);
      var style = data.styles[n.st];
      var out = { id: n.id, label: n.agg ? " " : short(n.full), title: tooltip(n), x: p.x, y: p.y, opacity: baseOpacity(n) };
      Object.keys(style).forEach(function (key) { out[key] = style[key]; });
      state.text[n.id] = n.agg ? groupLabel(n.id, choice.groups[n.id] || []) : n.full;
      if (n.agg) { out.label = state.text[n.id]; }
      if (n.pg) {
        // coloured by progress: the status as a marker and word under the label, so colour is never alone
        var mark = data.progressStates.filter(function (s) { return s.id === n.pg; })[0];
        state.suffix[n.id] = (mark ? mark.mark + " " : "") + data.progressWords[n.pg];
        out.label = short(n.full) + "\n" + state.suffix[n.id];
      }
      var cov = choice.mode === "plans" && !n.pg ? planCoverage(n) : null;
      if (cov) {
        // the coarsest level shows each plan's coverage by colour, since its goals are not drawn
        var share = cov[0] / (cov[0] + cov[1] + cov[2]);
        var fill = blend(FILL, share), edge = blend(EDGE, share);
        out.color = { background: fill, border: edge, highlight: { background: fill, border: "#000000" }, hover: { background: fill, border: "#000000" } };
        out.font = { color: "#212529" };
        out.borderWidth = 3;
        // half a percent up, as the other outputs round (12.5 % is 13 %); toFixed first: 0.145 * 100 is 14.4999…
        var whole = Math.round(+(share * 100).toFixed(9)) + " %";
        out.label = short(n.full) + "\n" + whole;
        state.suffix[n.id] = whole;
      }
      return out;
    }

    // The room each drawn label has, in canvas units: across to the nearest node in its row, down to
    // the nearest node in its column (a label sits under its dot, inside its box). A node alone in its
    // row may take up to 1.6 slots (a box 2.2); the outermost nodes keep to one slot, which fitAll leaves
    // free at the border, and the bottom row to the two lines it leaves below.
    function rooms(pts) {
      var rows = {}, cols = {}, out = {};
      var minX = Infinity, maxX = -Infinity, maxY = -Infinity;
      pts.forEach(function (p) {
        (rows[Math.round(p.y)] = rows[Math.round(p.y)] || []).push(p);
        (cols[Math.round(p.x)] = cols[Math.round(p.x)] || []).push(p);
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); maxY = Math.max(maxY, p.y);
        out[p.id] = { side: Infinity, below: Infinity, edge: false, bottom: false };
      });
      Object.keys(rows).forEach(function (k) {
        var row = rows[k].sort(function (a, b) { return a.x - b.x; });
        for (var i = 1; i < row.length; i++) {
          var gap = row[i].x - row[i - 1].x;
          out[row[i].id].side = Math.min(out[row[i].id].side, gap);
          out[row[i - 1].id].side = Math.min(out[row[i - 1].id].side, gap);
        }
      });
      Object.keys(cols).forEach(function (k) {
        var col = cols[k].sort(function (a, b) { return a.y - b.y; });
        for (var i = 0; i + 1 < col.length; i++) { out[col[i].id].below = col[i + 1].y - col[i].y; }
      });
      pts.forEach(function (p) {
        var r = out[p.id];
        r.edge = p.x - minX < SX || maxX - p.x < SX;
        r.bottom = maxY - p.y < 1 || r.below === Infinity;
      });
      return out;
    }

    // Font size and text of every drawn label for the scale the network is shown at (see MIN_PX).
    // The label changes for the points {id, x, y} at this scale, or null when the font stays as it is.
    function labels(pts, scale) {
      var adapt = pts.length <= READABLE;
      var font = adapt ? Math.max(BASE_FONT, MIN_PX / Math.max(scale, 1e-3)) : BASE_FONT;
      font = Math.ceil(font * 10) / 10;
      if (font === state.font && adapt === state.adapted) { return null; }
      state.font = font;
      state.adapted = adapt;
      var space = adapt ? rooms(pts) : null;
      return pts.map(function (p) {
        var id = p.id, n = byId[id], style = data.styles[n.st];
        var color = style.font && style.font.color ? style.font.color : "#212529";
        if (!adapt) { return { id: id, font: { size: font, color: color } }; }
        var shape = style.shape, r = space[id], size = style.size || 12, box = shape === "box";
        var width = Math.min(0.92 * r.side, (box ? 2.2 : 1.6) * SX);
        if (r.edge) { width = Math.min(width, 0.92 * SX); }
        var perLine = Math.floor(width / (font * EM));
        var lines = box ? Math.floor((0.8 * Math.min(r.below, SY) - 16) / (font * 1.2)) : Math.floor((r.below - 2 * size - 6) / (font * 1.2));
        lines = Math.max(1, Math.min(r.bottom ? 2 : 3, lines));
        var suffix = state.suffix[id];
        if (suffix) { lines = Math.max(1, lines - 1); }
        var text = wrap(state.text[id], perLine, lines) + (suffix ? "\n" + suffix : "");
        return { id: id, label: text, font: { size: font, color: color }, widthConstraint: false };
      });
    }

    // Size the drawn labels for the scale the network is shown at (after a zoom, a layout change).
    function relabel(scale) {
      var changes = labels(nodeSet.get({ fields: ["id", "x", "y"] }), scale);
      if (!changes) { return; }
      nodeSet.update(changes);
      var labelled = edgeSet.get({ filter: function (e) { return e.label !== undefined; } });
      if (labelled.length) { edgeSet.update(labelled.map(function (e) { return { id: e.id, font: { size: state.font } }; })); }
    }

    function visEdge(e, i) {
      var faded = data.emphasis && (byId[e.from].em === 0 || byId[e.to].em === 0) && !byId[e.from].agg && !byId[e.to].agg;
      var style = data.edgeStyles[e.kind] || data.edgeStyles.group;
      var out = {
        id: i, from: e.from, to: e.to, title: edgeTitle(e), width: style.width, arrows: style.arrows,
        color: { color: style.color.color, highlight: style.color.highlight, hover: style.color.hover, opacity: faded ? 0.25 : 1 }
      };
      if (style.dashes) { out.dashes = true; }
      if (style.smooth) { out.smooth = style.smooth; }
      var label = edgeLabel(e);
      if (label !== undefined) { out.label = label; }
      if (e.n) {
        out.width = Math.min(9, style.width + Math.log(e.n) / Math.LN2); // thicker the more links it stands for
        out.smooth = false; // thousands of curves are what made the overlap of a large corpus slow
        out.arrows = { to: { enabled: false } };
      }
      return out;
    }

    // In the grouped level, links into collapsed elements are drawn once between the groups, with their number.
    function summedEdges(choice, start) {
      var sums = {}, order = [];
      function end(id) {
        if (state.rendered[id]) { return id; }
        var g = byId[id].g;
        if (g === undefined || !state.rendered[g]) { return null; }
        // overlap: a group of one plan's elements hands its links to the plan, so each pair of plans has one link per kind
        return data.view === "overlap" && anchor[g] !== undefined && state.rendered[anchor[g]] ? anchor[g] : g;
      }
      data.edges.forEach(function (e) {
        if (!SUMMED[e.kind] || e.agg || (state.rendered[e.from] && state.rendered[e.to])) { return; }
        var from = end(e.from), to = end(e.to);
        if (from === null || to === null || from === to) { return; }
        var key = (from < to ? from + ":" + to : to + ":" + from) + ":" + e.kind;
        if (!sums[key]) { sums[key] = { from: from, to: to, kind: e.kind, n: 0 }; order.push(key); }
        sums[key].n += 1;
      });
      // The SUM_DRAWN heaviest links are drawn (the notice says how many there are), the count written
      // on the SUM_LABELS heaviest (each has it in its tooltip): 8 synthetic municipalities have 6,081
      // summed links, and drawing and labelling all of them took most of 19 s.
      var ranked = order.slice().sort(function (a, b) { return sums[b].n - sums[a].n || (a < b ? -1 : 1); });
      state.summed = { total: ranked.length, drawn: Math.min(ranked.length, SUM_DRAWN) };
      return ranked.slice(0, SUM_DRAWN).map(function (key, i) {
        var edge = visEdge(sums[key], start + i);
        edge.n = sums[key].n;
        if (i >= SUM_LABELS) { delete edge.label; }
        return edge;
      });
    }

    // The initial view frames the laid-out positions with room for the labels at the edges (half a
    // slot to each side, two lines of MIN_PX below the last row), so no label is cut off at the
    // border; then sizes the labels for that scale. The force layout has no slots: vis-network's fit.
    function frame(pts) {
      var box = container.getBoundingClientRect();
      if (state.layout === "force" || !pts.length || !box.width || !box.height) { return null; }
      var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      pts.forEach(function (p) { // the laid-out positions (not physics')
        minX = Math.min(minX, p.x); maxX = Math.max(maxX, p.x); minY = Math.min(minY, p.y); maxY = Math.max(maxY, p.y);
      });
      var lr = state.layout === "lr";
      var slotW = lr ? 0.8 * LX : SX, top = 36, bottom = 2 * MIN_PX * 1.25 + 34, side = 8;
      var sx = (box.width - 2 * side) / (maxX - minX + slotW);
      var sy = (box.height - top - bottom) / Math.max(maxY - minY, 1);
      var scale = Math.max(0.02, Math.min(sx, sy, 1.5));
      return { position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + (bottom - top) / 2 / scale }, scale: scale, animation: false };
    }

    function fitAll() {
      var view = frame(nodeSet.get({ fields: ["x", "y"] }));
      if (!view) {
        network.fit({ animation: false });
        network.moveTo({ scale: network.getScale() * 0.9, animation: false });
        relabel(network.getScale());
        return;
      }
      network.moveTo(view);
      relabel(view.scale);
    }

    function setText(name, text) { var el = role(name); if (el) { el.textContent = text; } }

    function render() {
      countPlans();
      var choice = choose();
      state.mode = choice.mode;
      state.groups = choice.groups;
      state.rendered = {};
      state.text = {};
      state.suffix = {};
      state.font = null;
      state.summed = { total: 0, drawn: 0 };
      state.lit = false; // the nodes are drawn afresh
      var nodes = choice.nodes.map(function (n) { state.rendered[n.id] = true; return visNode(n, choice); });
      var edges = [];
      data.edges.forEach(function (e, i) {
        if (e.agg && choice.mode !== "grouped") { return; }
        if (state.rendered[e.from] && state.rendered[e.to]) { edges.push(visEdge(e, i)); }
      });
      if (choice.mode === "grouped") { edges = edges.concat(summedEdges(choice, data.edges.length)); }
      // sized before vis-network sees them: one pass over the nodes instead of an update after the fit
      var view = frame(nodes);
      var changes = view ? labels(nodes, view.scale) : null;
      if (changes) {
        changes.forEach(function (change, i) { Object.keys(change).forEach(function (key) { nodes[i][key] = change[key]; }); });
        edges.forEach(function (e) { if (e.label !== undefined) { e.font = { size: state.font }; } });
      }
      nodeSet = new vis.DataSet(nodes);
      edgeSet = new vis.DataSet(edges);
      var big = nodes.length > 400;
      network.setOptions({ physics: { enabled: false }, interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big } });
      network.setData({ nodes: nodeSet, edges: edgeSet });
      var real = choice.nodes.filter(function (n) { return !n.agg; }).length;
      setText("status", fmt(w.shown, { shown: real, total: data.total }));
      var notice = role("notice");
      if (choice.mode === "full") {
        notice.hidden = true;
      } else {
        notice.hidden = false;
        var text = choice.mode === "grouped"
          ? fmt(w.aggregated, { n: choice.total, limit: data.limit })
          : fmt(w.too_many, { n: choice.total, limit: data.limit, what: choice.mode === "goals" ? w.too_many_goals : w.too_many_plans });
        if (choice.mode === "plans") { text += " " + w.plans_coloured; }
        if (choice.mode === "grouped" && state.summed.total > state.summed.drawn) {
          text += " " + fmt(w.links_heaviest, { shown: state.summed.drawn, total: state.summed.total });
        }
        setText("notice-text", text + " " + w.focus_hint);
      }
      if (state.layout === "force") { runPhysics(); } else if (view) { network.moveTo(view); } else { fitAll(); }
      highlight(false);
    }

    function relayout() {
      state.font = null; // the room of a label depends on the layout
      if (state.layout === "force") { runPhysics(); return; }
      network.setOptions({ physics: { enabled: false } });
      var mode = state.mode;
      nodeSet.update(nodeSet.getIds().map(function (id) {
        var p = position(byId[id], mode);
        return { id: id, x: p.x, y: p.y };
      }));
      fitAll();
    }

    function runPhysics() {
      setText("status", w.physics_running);
      network.setOptions({
        physics: {
          enabled: true, solver: "forceAtlas2Based",
          forceAtlas2Based: { gravitationalConstant: -80, springLength: 110, avoidOverlap: 0.2 },
          stabilization: { enabled: true, iterations: 400, updateInterval: 50, fit: true }
        }
      });
      network.stabilize(400);
    }

    network.on("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } }); // stop "restless nodes" once stable
      fitAll();
      var real = Object.keys(state.rendered).filter(function (id) { return !byId[id].agg; }).length;
      setText("status", fmt(w.shown, { shown: real, total: data.total }));
    });

    // Search: matches stay at full strength (a collapsed match lights up its group), the rest fade.
    function highlight(move) {
      var query = state.query;
      state.matches = [];
      var lit = {};
      if (query) {
        data.nodes.forEach(function (n) {
          if (!n.agg && passes(n) && n._fold.indexOf(query) !== -1) {
            state.matches.push(n);
            if (state.rendered[n.id]) { lit[n.id] = true; } else if (n.g !== undefined && state.rendered[n.g]) { lit[n.g] = true; }
          }
        });
      }
      if (query || state.lit) { // with no search now and none shown before, every node is as drawn
        nodeSet.update(nodeSet.getIds().map(function (id) {
          var n = byId[id];
          var width = data.styles[n.st].borderWidth;
          if (!query) { return { id: id, opacity: baseOpacity(n), borderWidth: state.mode === "plans" && !n.pg && planCoverage(n) ? 3 : width }; }
          return lit[id] ? { id: id, opacity: 1, borderWidth: 4 } : { id: id, opacity: 0.12, borderWidth: width };
        }));
      }
      state.lit = !!query;
      setText("matches", query ? (state.matches.length ? fmt(w.matches, { n: state.matches.length }) : w.no_matches) : "");
      var litIds = Object.keys(lit);
      if (move && litIds.length) {
        state.cursor = (state.cursor + 1) % litIds.length;
        var id = Number(litIds[state.cursor]);
        network.selectNodes([id]);
        network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
        relabel(network.getScale());
        showDetails(id);
      }
      return litIds.length;
    }

    function showDetails(id) {
      var n = byId[id];
      if (n) { setText("details", tooltip(n)); }
    }

    // Double-click: only the element's plans (a plan: itself and the plans that realise it).
    function focusOn(id) {
      var n = byId[id];
      if (!n) { return; }
      var keep = {};
      (n.pi !== undefined ? data.plans[n.pi].family : n.plans).forEach(function (i) { keep[i] = true; });
      if (!Object.keys(keep).length) { return; }
      Array.prototype.forEach.call(planBoxes, function (box) {
        var i = Number(box.getAttribute("data-plan"));
        box.checked = !!keep[i];
        state.plans[i] = !!keep[i];
      });
      state.showAll = false;
      render();
    }

    var timer = null;
    var search = role("search");
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.query = fold(search.value.trim()); state.cursor = -1; highlight(false); }, 120);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        state.query = fold(search.value.trim());
        highlight(true);
      }
    });
    role("layout").addEventListener("change", function (event) { state.layout = event.target.value; relayout(); });
    role("fit").addEventListener("click", function () { fitAll(); });
    Array.prototype.forEach.call(root.querySelectorAll("input[data-kind]"), function (box) {
      box.addEventListener("change", function () { state.kinds[box.getAttribute("data-kind")] = box.checked; render(); });
    });
    var planBoxes = root.querySelectorAll("input[data-plan]");
    Array.prototype.forEach.call(planBoxes, function (box) {
      box.addEventListener("change", function () { state.plans[Number(box.getAttribute("data-plan"))] = box.checked; render(); });
    });
    function setPlans(value) {
      Array.prototype.forEach.call(planBoxes, function (box) { box.checked = value; state.plans[Number(box.getAttribute("data-plan"))] = value; });
      render();
    }
    role("plans-all").addEventListener("click", function () { setPlans(true); });
    role("plans-none").addEventListener("click", function () { setPlans(false); });
    role("show-all").addEventListener("click", function () { state.showAll = true; render(); });
    network.on("click", function (params) { if (params.nodes.length) { showDetails(params.nodes[0]); } });
    network.on("doubleClick", function (params) { if (params.nodes.length) { focusOn(params.nodes[0]); } });
    var zoomTimer = null; // zooming in gives labels back their length; sized once the wheel rests
    network.on("zoom", function () { clearTimeout(zoomTimer); zoomTimer = setTimeout(function () { relabel(network.getScale()); }, 120); });
    network.once("afterDrawing", function () {
      // labels are measured on the first drawing: fit again so none is cut off at the edge
      if (state.layout !== "force") { fitAll(); }
      root.setAttribute("data-ready", "1");
    });

    render();

    var api = {
      network: network,
      data: data,
      state: state,
      render: render,
      mode: function () { return state.mode; },
      renderedIds: function () { return nodeSet.getIds(); },
      renderedCount: function () { return nodeSet.length; },
      litCount: function () { return highlight(false); },
      relabel: function () { relabel(network.getScale()); return state.font; },
      tooltip: function (id) { return byId[id] ? tooltip(byId[id]) : null; },
      edgeTitles: function () { return edgeSet.get().map(function (e) { return e.title; }); },
      focus: function (id) { focusOn(id); return state.mode; },
      search: function (text) { search.value = text; state.query = fold(String(text).trim()); return highlight(false); }
    };
    root.stratalign = api;
    window.stratalignViews = (window.stratalignViews || []).concat([api]);
    return api;
  }

  window.StratalignView = { mount: mount };
})();
