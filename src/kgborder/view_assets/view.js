/* kgborder network view.
 *
 * Builds the page from the JSON in #kgborder-data with DOM methods only (createElement,
 * textContent, setAttribute): text from the data is never parsed as markup. Tooltips are
 * plain strings, which vis-network shows as text. The vis-network instance is window.network.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kgborder-data").textContent);
  var entities = data.entities;
  var statements = data.statements;
  var relationLabels = new Map(data.relations.map(function (r) { return [r.key, r.label]; }));
  var types = new Map(data.types.map(function (t) { return [t.key, t]; }));
  var SVG = "http://www.w3.org/2000/svg";

  // --- DOM helpers --------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function svgShape(name, attrs) {
    var shape = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { shape.setAttribute(k, String(attrs[k])); });
    return shape;
  }

  /* A small picture of a type's node: its shape in its colour. */
  function swatch(type) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("aria-hidden", "true");
    var shapes = {
      square: ["rect", { x: 2, y: 2, width: 10, height: 10, rx: 1 }],
      diamond: ["polygon", { points: "7,0.8 13.2,7 7,13.2 0.8,7" }],
      triangle: ["polygon", { points: "7,1.2 13.2,12.6 0.8,12.6" }],
      triangleDown: ["polygon", { points: "0.8,1.4 13.2,1.4 7,12.8" }],
      hexagon: ["polygon", { points: "7,0.8 12.4,3.9 12.4,10.1 7,13.2 1.6,10.1 1.6,3.9" }],
      dot: ["circle", { cx: 7, cy: 7, r: 5.6 }]
    };
    var spec = shapes[type && type.shape] || shapes.dot;
    var shape = svgShape(spec[0], spec[1]);
    shape.setAttribute("fill", (type && type.colour) || "#94a3b8");
    svg.appendChild(shape);
    return svg;
  }

  var namespaces = Object.keys(data.prefixes).map(function (p) { return [p, data.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });

  /* An IRI as a prefixed name where a prefix fits. */
  function shorten(iri) {
    if (iri.indexOf("_:") === 0) return iri;
    for (var i = 0; i < namespaces.length; i++) {
      if (iri.indexOf(namespaces[i][1]) === 0) return namespaces[i][0] + ":" + iri.slice(namespaces[i][1].length);
    }
    return "<" + iri + ">";
  }

  function typeOf(entity) {
    return types.get(entity.type) || { key: entity.type, label: entity.typeLabel, colour: "#94a3b8", shape: "dot" };
  }

  function linkButton(text, onClick, className) {
    var b = el("button", "link" + (className ? " " + className : ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function entityLink(key) {
    var e = entities[key];
    if (!e) return el("span", null, key);
    return linkButton(e.label, function () { goEntity(key); }, e.drawn ? "" : "off");
  }

  function statementLink(key) {
    var st = statements[key];
    if (!st) return el("span", null, key);
    return linkButton(st.label, function () { goStatement(key); });
  }

  // --- the network ----------------------------------------------------------------------

  var options = data.network.options;
  var nodes = new vis.DataSet(data.network.nodes);
  var edges = new vis.DataSet(data.network.edges);
  var network = new vis.Network(document.getElementById("graph"), {}, options);
  window.network = network;

  var firstFrame = true;
  network.on("afterDrawing", function () {
    if (firstFrame) {
      firstFrame = false;
      window.kgborderFirstFrame = performance.now();
    }
  });

  function ready() {
    window.kgborderReady = true;
    document.body.setAttribute("data-ready", "true");
  }

  var settling = options.physics && options.physics.enabled !== false && data.network.nodes.length > 0;
  if (settling) {
    // Settle once, then stop: nodes stay where they are unless dragged.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitWithMargin();
      ready();
    });
  }
  network.setData({ nodes: nodes, edges: edges });
  if (!settling) {
    fitWithMargin();
    ready();
  }

  /* Fit the whole graph, leaving room for the labels that vis-network's fit leaves out. */
  function fitWithMargin() {
    network.fit();
    network.moveTo({ scale: network.getScale() * 0.92, position: network.getViewPosition() });
  }

  // A large graph labels only the edges of the selected node: measuring thousands of
  // labels would delay the first frame.
  var labelled = [];
  function labelSelection() {
    if (data.edgeLabels) return;
    var ids = network.getSelectedNodes().length ? network.getSelectedEdges() : [];
    var changes = labelled.filter(function (id) { return ids.indexOf(id) < 0; })
      .map(function (id) { return { id: id, label: "" }; });
    ids.forEach(function (id) { changes.push({ id: id, label: relationLabels.get(edges.get(id).rel) }); });
    labelled = ids;
    if (changes.length) edges.update(changes);
  }
  network.on("select", labelSelection);

  network.on("click", function (params) {
    if (params.nodes.length) show({ kind: "entity", key: params.nodes[0] });
    else if (params.edges.length) show({ kind: "edge", key: params.edges[0] });
    else show({ kind: "overview" });
  });

  document.getElementById("fit").addEventListener("click", function () {
    fitWithMargin();
  });

  function goEntity(key) {
    var e = entities[key];
    if (e && e.drawn && nodes.get(key)) {
      revealType(e.type);
      network.selectNodes([key]);
      labelSelection();
      network.focus(key, { scale: Math.max(network.getScale(), 1),
                           animation: { duration: 450, easingFunction: "easeInOutQuad" } });
    }
    show({ kind: "entity", key: key });
  }

  function goStatement(key) {
    var st = statements[key];
    var edge = st && st.edge ? edges.get(st.edge) : null;
    if (edge && !edge.hidden) network.selectEdges([st.edge]);
    else network.unselectAll();
    labelSelection();
    show({ kind: "statement", key: key });
  }

  // --- filters: entity types and relations ------------------------------------------------

  var hiddenTypes = new Set();
  var hiddenRelations = new Set();
  var typeBoxes = new Map();

  function checks(list, items, hidden, withSwatch, boxes) {
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.addEventListener("change", function () {
        if (box.checked) hidden.delete(item.key); else hidden.add(item.key);
        applyFilters();
      });
      if (boxes) boxes.set(item.key, box);
      label.appendChild(box);
      if (withSwatch) label.appendChild(swatch(item));
      label.appendChild(el("span", "name", item.label));
      label.appendChild(el("span", "count", item.count.toLocaleString("en")));
      label.title = item.label;
      li.appendChild(label);
      list.appendChild(li);
    });
  }

  function applyFilters() {
    var hiddenNodes = new Set();
    var nodeChanges = [];
    nodes.forEach(function (n) {
      var hide = hiddenTypes.has(n.kind);
      if (hide) hiddenNodes.add(n.id);
      if (Boolean(n.hidden) !== hide) nodeChanges.push({ id: n.id, hidden: hide });
    });
    var edgeChanges = [];
    edges.forEach(function (e) {
      var hide = hiddenRelations.has(e.rel) || hiddenNodes.has(e.from) || hiddenNodes.has(e.to);
      if (Boolean(e.hidden) !== hide) edgeChanges.push({ id: e.id, hidden: hide });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  function revealType(type) {
    if (!hiddenTypes.has(type)) return;
    hiddenTypes.delete(type);
    if (typeBoxes.has(type)) typeBoxes.get(type).checked = true;
    applyFilters();
  }

  checks(document.getElementById("types"), data.types, hiddenTypes, true, typeBoxes);
  checks(document.getElementById("relations"), data.relations, hiddenRelations, false, null);

  // --- search -------------------------------------------------------------------------------

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var index = data.network.nodes.map(function (n) {
    var e = entities[n.id] || { label: n.label, aliases: [] };
    var names = [e.label].concat(e.aliases || []);
    return { key: n.id, entity: e, names: names, folded: names.map(fold) };
  });

  function matches(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var found = [];
    index.forEach(function (item) {
      var best = -1;
      var via = null;
      item.folded.forEach(function (name, i) {
        var at = name.indexOf(q);
        if (at < 0) return;
        var score = (name === q ? 0 : at === 0 ? 1 : 2) + (i ? 0.5 : 0);
        if (best < 0 || score < best) {
          best = score;
          via = i ? item.names[i] : null;
        }
      });
      if (best >= 0) found.push({ item: item, score: best, via: via });
    });
    found.sort(function (a, b) {
      return a.score - b.score || a.item.entity.label.localeCompare(b.item.entity.label);
    });
    return found.slice(0, 12);
  }

  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var found = [];
  var active = 0;

  function renderResults() {
    clear(results);
    found = matches(search.value);
    active = 0;
    search.setAttribute("aria-expanded", String(found.length > 0));
    if (!found.length && search.value.trim()) {
      results.appendChild(el("li", "none", "No entity has that name."));
      return;
    }
    found.forEach(function (f, i) {
      var li = el("li");
      li.setAttribute("role", "option");
      var b = el("button");
      b.type = "button";
      if (i === active) b.className = "active";
      b.appendChild(swatch(typeOf(f.item.entity)));
      b.appendChild(el("span", null, f.item.entity.label));
      if (f.via) b.appendChild(el("span", "alias", "also " + f.via));
      b.addEventListener("click", function () { choose(f.item.key); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }

  function choose(key) {
    clear(results);
    search.setAttribute("aria-expanded", "false");
    goEntity(key);
  }

  function highlight(next) {
    var buttons = results.querySelectorAll("button");
    if (!buttons.length) return;
    active = (next + buttons.length) % buttons.length;
    buttons.forEach(function (b, i) { b.className = i === active ? "active" : ""; });
    buttons[active].scrollIntoView({ block: "nearest" });
  }

  search.addEventListener("input", renderResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
    else if (event.key === "Enter") {
      if (found.length) choose(found[active].item.key);
      event.preventDefault();
    } else if (event.key === "Escape") {
      search.value = "";
      renderResults();
    }
  });

  // --- the details panel ----------------------------------------------------------------------

  var panel = document.getElementById("details");
  var current = null;
  var history = [];

  function show(target) {
    if (current && !(current.kind === target.kind && current.key === target.key)) history.push(current);
    current = target;
    render();
  }

  function render() {
    clear(panel);
    if (history.length) {
      panel.appendChild(linkButton("\u2190 Back", function () {
        current = history.pop();
        render();
      }, "back"));
    }
    if (current.kind === "entity") renderEntity(current.key);
    else if (current.kind === "statement") renderStatement(current.key, panel, false);
    else if (current.kind === "edge") renderEdge(current.key);
    else renderOverview();
    panel.scrollTop = 0;
  }

  function kindLine(text, type) {
    var line = el("div", "kind");
    if (type) line.appendChild(swatch(type));
    line.appendChild(el("span", null, text));
    return line;
  }

  function facts(rows) {
    var dl = el("dl", "facts");
    rows.forEach(function (row) {
      dl.appendChild(el("dt", null, row[0]));
      var dd = el("dd");
      row[1].forEach(function (part, i) {
        if (i) dd.appendChild(document.createTextNode(", "));
        if (part.e !== undefined) dd.appendChild(entityLink(part.e));
        else if (part.s !== undefined) dd.appendChild(statementLink(part.s));
        else dd.appendChild(document.createTextNode(part.t));
      });
      dl.appendChild(dd);
    });
    return dl;
  }

  function renderOverview() {
    panel.appendChild(kindLine("About this view"));
    panel.appendChild(el("h2", null, data.title));
    panel.appendChild(el("p", "intro", "Click an entity to see the statements it takes part in, or an edge "
      + "to read the evidence in the article's own words. Drag to pan, scroll to zoom, drag a node to move it."));
    if (data.articles.length) {
      panel.appendChild(el("h3", null, data.articles.length === 1 ? "Article" : "Articles"));
      var ul = el("ul", "articles");
      data.articles.forEach(function (a) {
        var li = el("li", null, a.title);
        if (a.date) li.appendChild(el("span", "source", " \u00b7 " + a.date));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    if (data.focus && entities[data.focus]) {
      panel.appendChild(el("h3", null, "Centred on"));
      var p = el("p");
      p.appendChild(entityLink(data.focus));
      panel.appendChild(p);
    }
  }

  function renderEntity(key) {
    var e = entities[key];
    if (!e) {
      panel.appendChild(el("p", "intro", "Nothing is known about " + key + "."));
      return;
    }
    var type = typeOf(e);
    panel.appendChild(kindLine(type.label, type));
    panel.appendChild(el("h2", null, e.label));
    if (e.aliases.length) panel.appendChild(el("p", "aliases", "Also: " + e.aliases.join(", ")));
    if (e.description) panel.appendChild(el("p", "description", e.description));
    if (!e.drawn) panel.appendChild(el("p", "note", "Not drawn in this view."));
    var rows = e.props.map(function (p) { return [p[0], [{ t: p[1] }]]; });
    e.sameAs.forEach(function (iri) { rows.push(["same as", [{ t: iri }]]); });
    if (rows.length) panel.appendChild(facts(rows));
    panel.appendChild(el("p", "iri", shorten(current.key)));
    if (!e.statements.length) return;
    panel.appendChild(el("h3", null, "Statements (" + e.statements.length + ")"));
    var ul = el("ul", "statements");
    e.statements.forEach(function (pair) {
      var st = statements[pair[0]];
      var li = el("li");
      li.appendChild(statementLink(pair[0]));
      li.appendChild(el("span", "role", pair[1]));
      if (st && st.negated) li.appendChild(el("span", "badge", "denied"));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }

  function evidence(box, st) {
    st.evidence.forEach(function (ev) {
      var quote = el("blockquote", "evidence");
      if (ev.prefix) quote.appendChild(el("span", "context", "\u2026" + ev.prefix));
      quote.appendChild(el("mark", null, ev.exact));
      if (ev.suffix) quote.appendChild(el("span", "context", ev.suffix + "\u2026"));
      box.appendChild(quote);
      var article = ev.article && data.articles.find(function (a) { return a.id === ev.article; });
      if (article) box.appendChild(el("p", "source", article.title + (article.date ? " \u00b7 " + article.date : "")));
    });
  }

  function renderStatement(key, box, asCard) {
    var st = statements[key];
    if (!st) {
      box.appendChild(el("p", "intro", "Nothing is known about " + key + "."));
      return;
    }
    if (asCard) {
      box.appendChild(statementLink(key));
    } else {
      box.appendChild(kindLine(st.kind));
      box.appendChild(el("h2", null, st.label));
    }
    if (st.negated) {
      box.appendChild(el("p", "denied-note",
        "Denied: the article says this does not hold, so the graph has no edge for it."));
    }
    if (!asCard && st.relation && (st.subject || st.objects.length)) {
      var triple = el("p", "triple");
      if (st.subject) triple.appendChild(entityLink(st.subject));
      triple.appendChild(el("span", "rel", " " + st.relation + " "));
      st.objects.forEach(function (o, i) {
        if (i) triple.appendChild(document.createTextNode(", "));
        triple.appendChild(entityLink(o));
      });
      box.appendChild(triple);
    }
    evidence(box, st);
    if (st.facts.length) box.appendChild(facts(st.facts));
  }

  function renderEdge(id) {
    var edge = edges.get(id);
    if (!edge) return;
    var from = entities[edge.from];
    var to = entities[edge.to];
    var relation = relationLabels.get(edge.rel) || edge.rel;
    panel.appendChild(kindLine("Edge"));
    panel.appendChild(el("h2", null, (from ? from.label : edge.from) + " \u2192 " + relation
      + " \u2192 " + (to ? to.label : edge.to)));
    var triple = el("p", "triple");
    triple.appendChild(entityLink(edge.from));
    triple.appendChild(el("span", "rel", " " + relation + " "));
    triple.appendChild(entityLink(edge.to));
    panel.appendChild(triple);
    if (!edge.statements.length) {
      panel.appendChild(el("p", "intro", "A triple of the graph, with no statement behind it."));
      panel.appendChild(el("p", "iri", shorten(edge.rel)));
      return;
    }
    panel.appendChild(el("h3", null, edge.statements.length === 1 ? "Evidence"
      : "Evidence: " + edge.statements.length + " statements"));
    edge.statements.forEach(function (key) {
      var card = el("section", "card");
      renderStatement(key, card, true);
      panel.appendChild(card);
    });
  }

  document.getElementById("title").textContent = data.title;
  document.getElementById("caption").textContent = data.caption;
  show({ kind: "overview" });
})();
