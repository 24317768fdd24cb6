/* programtheory interactive view.
 *
 * Runs after pyvis's drawGraph(): uses its globals `network`, `nodes`, `edges` (vis DataSets).
 * Every text that comes from the data is put in the page with textContent or as a text node;
 * this file never assigns innerHTML, outerHTML or insertAdjacentHTML and never builds markup
 * from strings. The data come from a <script type="application/json"> element read with
 * JSON.parse, never evaluated.
 */
(function () {
  "use strict";
  var timing = window.ptTiming = window.ptTiming || {};
  timing.script = performance.now();
  var DATA = JSON.parse(document.getElementById("pt-data").textContent);
  var UI = DATA.ui;
  var net = window.network;
  var nodeSet = window.nodes;
  var edgeSet = window.edges;
  window.ptView = { network: net, nodes: nodeSet, edges: edgeSet, data: DATA };

  // ------------------------------------------------------------------ DOM helpers (text only)
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null && text !== "") { node.textContent = String(text); }
    return node;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      if (arguments[i]) { parent.appendChild(arguments[i]); }
    }
    return parent;
  }
  // an element's id goes only into a tooltip and a data attribute, never into the text
  function tagged(node, id) {
    node.title = id;
    node.setAttribute("data-id", id);
    return node;
  }
  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }
  function defs(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === "" ||
          (Array.isArray(pair[1]) && pair[1].length === 0)) { return; }
      var value = Array.isArray(pair[1]) ? pair[1].join(", ") : pair[1];
      var dd = el("dd", "", value);
      if (pair[2]) { dd.title = pair[2]; }  // e.g. the lines of the source text, for researchers
      add(dl, el("dt", "", pair[0]), dd);
    });
    return dl;
  }
  function linkButton(text, onClick) {
    var b = el("button", "pt-link", text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // ------------------------------------------------------------------ the panel
  var panel = document.getElementById("pt-panel");

  function stanceCounts(st) {
    var box = el("p", "pt-counts");
    ["supports", "contradicts", "nuances"].forEach(function (k) {
      add(box, el("span", "", UI.stance[k] + ": " + ((st && st[k]) || 0)));
    });
    return box;
  }

  function evidenceItem(id) {
    var ev = DATA.evidence[id];
    var box = el("div", "pt-ev");
    box.setAttribute("data-evidence", id);  // the id stays out of the visible text
    box.title = id;
    if (!ev) { return add(box, el("p", "pt-meta", UI.unknownEvidence)); }
    box.className = "pt-ev pt-" + ev.stance;
    add(box, el("div", "pt-meta", [UI.evkind[ev.kind] || ev.kind, UI.stance[ev.stance] || ev.stance,
      ev.work_package].filter(Boolean).join(" · ")));
    add(box, el("blockquote", "", ev.text));
    var facts = [];
    if (ev.role) { facts.push([UI.role, ev.role]); }
    if (ev.n !== null && ev.n !== undefined && !(ev.figures || []).length) {
      facts.push(["n", String(ev.n)]);
    }
    (ev.figures || []).forEach(function (pair) { facts.push(pair); });  // label, value unit (n)
    if (ev.citation) { facts.push([UI.literature, ev.citation]); }
    if (ev.report && ev.report.length) {
      facts.push([UI.report, ev.report, (ev.report_lines || []).join("; ")]);
    }
    if (facts.length) { add(box, defs(facts)); }
    return box;
  }

  function evidenceSection(ids, stances, isGroup) {
    var frag = document.createDocumentFragment();
    add(frag, el("h3", "", UI.evidence + " (" + ids.length + ")"));
    add(frag, stanceCounts(stances));
    if (!ids.length) { add(frag, el("p", "pt-meta", isGroup ? UI.noOwnEvidence : UI.noEvidence)); }
    ids.forEach(function (id) { add(frag, evidenceItem(id)); });
    return frag;
  }

  // a group's members' evidence: each item says whose it is
  function memberEvidenceSection(pairs, heading) {
    var frag = document.createDocumentFragment();
    add(frag, el(heading || "h3", "", UI.memberEvidence + " (" + pairs.length + ")"));
    pairs.forEach(function (pair) {
      var item = evidenceItem(pair[1]);
      item.className += " pt-member-ev";
      item.insertBefore(el("div", "pt-meta pt-via", UI.ofMember + ": " + nodeName(pair[0])),
                        item.firstChild);
      add(frag, item);
    });
    return frag;
  }

  function nodeName(id) {
    var n = DATA.nodes[id];
    return n ? n.label : id;
  }

  function showNode(id) {
    var n = DATA.nodes[id];
    if (!n) { return; }
    clear(panel);
    add(panel, tagged(el("h2", "", n.label), n.id));
    if (n.gloss) { add(panel, el("p", "pt-gloss", n.gloss)); }
    add(panel, defs([
      [UI.kind, n.kind_label], [UI.level, n.levels], [UI.term, n.term],
      [UI.condition, n.condition], [UI.polarity, n.polarity],
      [UI.figure, n.in_figure ? "" : UI.notInFigure],
      [UI.report, n.report, (n.report_lines || []).join("; ")],
      [UI.literature, n.citations]]));
    if (n.description) { add(panel, el("p", "", n.description)); }
    if (n.note) { add(panel, el("h3", "", UI.note), el("p", "pt-note", n.note)); }
    if (n.members && n.members.length) {
      add(panel, el("h3", "", UI.members));
      var ul = el("ul");
      n.members.forEach(function (m) {
        add(ul, add(el("li"), linkButton(nodeName(m), function () { select(m); })));
      });
      add(panel, ul);
    }
    add(panel, evidenceSection(n.evidence, n.stances, n.members && n.members.length > 0));
    if (n.member_evidence && n.member_evidence.length) {
      add(panel, memberEvidenceSection(n.member_evidence));
    }
    var links = el("ul");
    Object.keys(DATA.edges).forEach(function (eid) {
      var e = DATA.edges[eid];
      if (e.from !== id && e.to !== id) { return; }
      var other = e.from === id ? e.to : e.from;
      var text = (e.from === id ? "→ " : "← ") + nodeName(other) + " (" + e.kind_label + ")";
      add(links, add(el("li"), linkButton(text, function () { showEdge(eid); })));
    });
    if (links.firstChild) { add(panel, el("h3", "", UI.links), links); }
  }

  function showEdge(eid) {
    var e = DATA.edges[eid];
    if (!e) { return; }
    clear(panel);
    add(panel, tagged(el("h2", "", UI.link + ": " + e.kind_label), e.id));
    var route = el("p");
    add(route, linkButton(nodeName(e.from), function () { select(e.from); }),
        document.createTextNode(" → "),
        linkButton(nodeName(e.to), function () { select(e.to); }));
    add(panel, route);
    add(panel, defs([[UI.status, e.status_label], [UI.effect, e.effect],
      [UI.relation, e.relation_label], [UI.report, e.report, (e.report_lines || []).join("; ")],
      [UI.literature, e.citations]]));
    if (e.sentence) { add(panel, el("h3", "", UI.sentence), el("blockquote", "", e.sentence)); }
    add(panel, evidenceSection(e.evidence, e.stances));
  }

  function overview() {
    clear(panel);
    add(panel, el("h2", "", DATA.title));
    add(panel, el("p", "", UI.help));
    add(panel, el("p", "", UI.keyHelp));
    add(panel, defs([[UI.nodes, String(DATA.counts.nodes)], [UI.linksCount, String(DATA.counts.edges)],
      [UI.evidence, String(DATA.counts.evidence)]]));
    if (DATA.note) { add(panel, el("p", "pt-meta", DATA.note)); }
  }

  function select(id) {
    if (!DATA.nodes[id]) { return; }
    net.selectNodes([id]);
    net.focus(id, { scale: Math.max(net.getScale(), 0.9), animation: false });
    showNode(id);
  }
  window.ptView.showNode = showNode;
  window.ptView.showEdge = showEdge;
  window.ptView.select = select;

  net.on("click", function (params) {
    if (params.nodes && params.nodes.length) { showNode(String(params.nodes[0])); }
    else if (params.edges && params.edges.length) { showEdge(String(params.edges[0])); }
    else { overview(); }
  });

  // ------------------------------------------------------------------ search
  function norm(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var searchText = {};
  Object.keys(DATA.nodes).forEach(function (id) {
    var n = DATA.nodes[id];
    searchText[id] = norm([n.id, n.label, n.gloss, n.description].join(" "));
  });
  var search = document.getElementById("pt-search");
  function runSearch(show) {
    var q = norm(search.value.trim());
    if (!q) { net.unselectAll(); overview(); return []; }
    var hits = Object.keys(DATA.nodes).filter(function (id) {
      return searchText[id].indexOf(q) >= 0 && !hiddenNodes[id];
    });
    net.selectNodes(hits);
    if (show) {
      clear(panel);
      add(panel, el("h2", "", UI.results + " (" + hits.length + ")"));
      var ul = el("ul");
      hits.slice(0, 200).forEach(function (id) {
        add(ul, add(el("li"), linkButton(nodeName(id), function () { select(id); })));
      });
      add(panel, ul);
    }
    return hits;
  }
  search.addEventListener("input", function () { runSearch(true); });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = runSearch(true);
      if (hits.length) { select(hits[0]); }
    }
  });
  function fitAll() {
    var box = document.getElementById("mynetwork");
    var w = DATA.bounds[2] || 1, h = DATA.bounds[3] || 1;
    var scale = Math.min(box.clientWidth / (w + 24), box.clientHeight / (h + 24));
    if (!(scale > 0)) { scale = 1; }
    net.moveTo({ position: { x: w / 2, y: h / 2 }, scale: Math.min(scale, 2), animation: false });
  }
  window.ptView.fit = fitAll;
  document.getElementById("pt-fit").addEventListener("click", fitAll);

  // ------------------------------------------------------------------ filters
  var hiddenNodes = {};
  var form = document.getElementById("pt-filter-form");
  function checkboxes(container, name, values, labels) {
    values.forEach(function (v) {
      var label = el("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = name; box.value = v; box.checked = true;
      add(label, box, document.createTextNode(" " + (labels[v] || v)));
      add(container, label);
    });
  }
  checkboxes(document.getElementById("pt-f-kind"), "kind", DATA.facets.kinds, UI.kinds);
  checkboxes(document.getElementById("pt-f-level"), "level", DATA.facets.levels, UI.levels);
  checkboxes(document.getElementById("pt-f-condition"), "condition", DATA.facets.conditions,
             UI.conditions);
  function checked(name) {
    var out = {};
    form.querySelectorAll("input[name='" + name + "']").forEach(function (b) {
      out[b.value] = b.checked;
    });
    return out;
  }
  function applyFilters() {
    var kinds = checked("kind"), levels = checked("level"), conds = checked("condition");
    var onlyEv = document.getElementById("pt-f-evidence").checked;
    var show = {};
    Object.keys(DATA.nodes).forEach(function (id) {
      var n = DATA.nodes[id];
      if (n.members && n.members.length) { return; }
      var levelOk = !n.level_keys.length || n.level_keys.some(function (l) { return levels[l]; });
      var condKey = n.condition_key || "none";
      show[id] = kinds[n.kind] !== false && levelOk && conds[condKey] !== false &&
        (!onlyEv || n.evidence.length > 0);
    });
    Object.keys(DATA.nodes).forEach(function (id) {
      var n = DATA.nodes[id];
      if (n.members && n.members.length) {
        show[id] = n.members.some(function (m) { return show[m]; }) ||
          (kinds[n.kind] !== false && (!onlyEv || n.evidence.length > 0) &&
           n.members.every(function (m) { return !(m in show); }));
      }
    });
    var nodeUpdates = [], edgeUpdates = [];
    Object.keys(DATA.nodes).forEach(function (id) {
      hiddenNodes[id] = !show[id];
      nodeUpdates.push({ id: id, hidden: !show[id] });
    });
    Object.keys(DATA.edges).forEach(function (eid) {
      var e = DATA.edges[eid];
      edgeUpdates.push({ id: eid, hidden: !(show[e.from] && show[e.to]) });
    });
    nodeSet.update(nodeUpdates);
    edgeSet.update(edgeUpdates);
    (keyButtons || []).forEach(function (b) {
      b.parentNode.hidden = hiddenNodes[b.getAttribute("data-node")];
    });
    var shown = nodeUpdates.filter(function (u) { return !u.hidden; }).length;
    document.getElementById("pt-filter-count").textContent =
      UI.shown + ": " + shown + " / " + nodeUpdates.length;
  }
  form.addEventListener("change", applyFilters);
  document.getElementById("pt-f-reset").addEventListener("click", function () {
    form.querySelectorAll("input[type=checkbox]").forEach(function (b) {
      b.checked = b.name !== "evidence";
    });
    applyFilters();
  });
  window.ptView.applyFilters = applyFilters;

  // ------------------------------------------------------------------ keyboard
  // One button per element, in reading order (column by column): Tab goes through them and
  // selects the element in the figure; Enter (or a click) opens it in the panel.
  var keyList = document.getElementById("pt-keys-list");
  var keyButtons = [];
  var order = DATA.order || Object.keys(DATA.nodes);
  order.forEach(function (id) {
    var n = DATA.nodes[id];
    if (!n) { return; }
    var b = el("button", "pt-key", n.label + " (" + n.kind_label + ")");
    b.type = "button";
    b.setAttribute("data-node", id);
    b.addEventListener("focus", function () {
      net.selectNodes([id]);
      net.focus(id, { scale: Math.max(net.getScale(), 0.8), animation: false });
    });
    b.addEventListener("click", function () { select(id); });
    keyButtons.push(b);
    add(keyList, add(el("li"), b));
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && panel.contains(document.activeElement) === false) {
      net.unselectAll();
      overview();
    }
  });

  // ------------------------------------------------------------------ text version
  var textBox = document.getElementById("pt-text");
  var textBody = document.getElementById("pt-text-body");
  function linkLines(id) {
    var ul = el("ul");
    Object.keys(DATA.edges).forEach(function (eid) {
      var e = DATA.edges[eid];
      if (e.from === id) {
        add(ul, el("li", "", "→ " + nodeName(e.to) + " (" + e.kind_label + ", " + e.status_label + ")"));
      } else if (e.to === id) {
        add(ul, el("li", "", "← " + nodeName(e.from) + " (" + e.kind_label + ", " + e.status_label + ")"));
      }
    });
    return ul;
  }
  function textItem(id) {
    var n = DATA.nodes[id];
    var sec = el("section", "pt-text-item");
    add(sec, el("h3", "", n.label),
        el("p", "pt-meta", [n.kind_label, n.condition, n.polarity].filter(Boolean).join(" · ")));
    if (n.description) { add(sec, el("p", "", n.description)); }
    if (n.note) { add(sec, el("p", "pt-note", UI.note + ": " + n.note)); }
    if (n.members && n.members.length) {
      add(sec, el("p", "", UI.members + ": " + n.members.map(nodeName).join("; ")));
    }
    var links = linkLines(id);
    if (links.firstChild) { add(sec, el("h4", "", UI.links), links); }
    add(sec, el("h4", "", UI.evidence + " (" + n.evidence.length + ")"));
    if (!n.evidence.length) {
      add(sec, el("p", "pt-meta", n.members.length ? UI.noOwnEvidence : UI.noEvidence));
    }
    n.evidence.forEach(function (ev) { add(sec, evidenceItem(ev)); });
    if (n.member_evidence && n.member_evidence.length) {
      add(sec, memberEvidenceSection(n.member_evidence, "h4"));
    }
    return sec;
  }
  function buildTextVersion() {
    if (textBody.firstChild) { return; }
    order.forEach(function (id) { if (DATA.nodes[id]) { add(textBody, textItem(id)); } });
  }
  textBox.addEventListener("toggle", function () { if (textBox.open) { buildTextVersion(); } });
  window.ptView.buildTextVersion = buildTextVersion;
  overview();
  fitAll();
  timing.ready = performance.now();
})();
