// kgborder review: the page. Every text from the article or the curation is put into the
// document as text (textContent, value), never as markup, so hostile words run no script.
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  let article = null;      // what the server sent last
  let cards = [];          // [{section, index, el}], in the order shown
  let current = -1;        // the card the keys act on
  let problems = {items: {}, other: []};
  let checkTimer = null;

  // --- talking to the server ------------------------------------------------------------

  async function api(path, body) {
    const init = {method: body === undefined ? "GET" : "POST",
                  headers: {"X-Kgborder-Token": config.token, "Content-Type": "application/json"}};
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(path, init);
    const data = await response.json();
    if (!response.ok) {
      const error = new Error(data.error || response.statusText);
      error.conflict = Boolean(data.conflict);
      throw error;
    }
    return data;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function status(text) { $("status").textContent = text; }

  function banner(text, action) {
    const b = $("banner");
    b.replaceChildren(text);
    if (action) b.append(el("button", {onclick: action.run}, action.label));
    b.hidden = !text;
  }

  // --- the article list -------------------------------------------------------------------

  async function chooseArticle() {
    const data = await api("/api/articles");
    $("text").replaceChildren(el("h2", {}, "Articles"));
    const list = el("ul", {});
    for (const row of data.articles) {
      const link = el("a", {href: "/article/" + encodeURIComponent(row.slug) + "?token=" + encodeURIComponent(config.token)},
                      row.slug);
      list.append(el("li", {}, link, " ", row.unconfirmed ? `(${row.unconfirmed} to review)` : "(reviewed)"));
    }
    $("text").append(list);
    status(data.articles.length + " article(s)");
  }

  // --- drawing ----------------------------------------------------------------------------

  function entityName(id) {
    const e = (article.entities || []).find((x) => x.id === id);
    return e ? e.name : id;
  }

  function spansOf(section, item) {
    const out = [];
    if (Number.isInteger(item.start) && Number.isInteger(item.end)) out.push([item.start, item.end]);
    for (const pair of item.also || []) if (Array.isArray(pair)) out.push(pair);
    return out;
  }

  const KINDS = {"draft.statements": "statement", "statements": "statement", "draft.mentions": "mention",
                 "draft.new_entities": "new", "draft.near_duplicates": "new", "draft.quotations": "quote",
                 "draft.quantities": "quantity", "draft.dates": "date"};

  function drawText() {
    const text = article.text;
    const marks = [];  // [start, end, kind, key]
    for (const [section, items] of Object.entries(article.sections)) {
      items.forEach((item, index) => {
        if (!item || typeof item !== "object") return;
        let spans = spansOf(section, item);
        if (section === "statements" && !spans.length && typeof item.evidence === "string") {
          const at = text.indexOf(item.evidence);
          if (at >= 0) spans = [[at, at + item.evidence.length]];
        }
        for (const [s, e] of spans) marks.push([s, e, KINDS[section], section + "#" + index]);
      });
    }
    const cuts = new Set([0, text.length]);
    for (const [s, e] of marks) { cuts.add(Math.max(0, Math.min(s, text.length))); cuts.add(Math.max(0, Math.min(e, text.length))); }
    const points = [...cuts].sort((a, b) => a - b);
    const box = $("text");
    box.replaceChildren();
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      const over = marks.filter((m) => m[0] <= s && e <= m[1]);
      const span = el("span", {"data-start": s});
      span.textContent = text.slice(s, e);
      if (over.length) {
        span.className = [...new Set(over.map((m) => "k-" + m[2]))].join(" ");
        span.dataset.keys = over.map((m) => m[3]).join(" ");
        span.title = [...new Set(over.map((m) => m[2]))].join(", ");
      }
      box.append(span);
    }
  }

  function quals(item) {
    const keys = ["quantity", "share", "change", "time", "until", "place", "theme", "method", "according_to",
                  "role", "measure", "negated", "former"];
    const parts = [];
    for (const key of keys) {
      if (item[key] === undefined || item[key] === null) continue;
      let value = item[key];
      if (value && typeof value === "object" && !Array.isArray(value)) {
        value = [value.approx, value.value, value.unit, value.precision].filter((x) => x !== undefined && x !== null).join(" ");
      } else if (Array.isArray(value)) value = value.map(entityName).join(", ");
      else if (["place", "theme", "method", "according_to"].includes(key)) value = entityName(value);
      parts.push(key + ": " + value);
    }
    return parts.join(" · ");
  }

  function stateOf(item) {
    return item.rejected ? "rejected" : item.confirmed || item.registered ? "confirmed" : "pending";
  }

  function card(section, index, item) {
    const key = section + "#" + index;
    const state = section === "statements" ? "confirmed" : stateOf(item);
    const node = el("article", {class: "card " + state, "data-key": key, tabindex: "-1"});
    const head = el("div", {class: "head"});
    const kind = KINDS[section];
    head.append(el("span", {class: "kind"}, section === "statements" ? "statement (yours)" : kind));
    if (kind === "statement") {
      const objects = Array.isArray(item.object) ? item.object : [item.object];
      head.append(el("span", {class: "ent"}, entityName(item.subject || item.speaker || "")),
                  el("span", {class: "rel"}, item.relation || item.kind || ""),
                  el("span", {class: "ent"}, objects.filter(Boolean).map(entityName).join(", ")));
    } else if (kind === "new") {
      head.append(el("span", {class: "ent"}, item.name || ""), el("span", {}, item.type || "(no type)"),
                  el("code", {}, item.id || ""));
      if (item.possible_duplicate_of) head.append(el("span", {}, "like " + entityName(item.possible_duplicate_of)));
    } else if (kind === "quote") {
      head.append(el("span", {class: "ent"}, entityName(item.speaker || item.speaker_name || "?")),
                  el("span", {class: "rel"}, item.relation || "says"),
                  item.object ? el("span", {class: "ent"}, entityName(item.object)) : null);
    } else if (kind === "mention") {
      head.append(el("span", {class: "ent"}, entityName(item.entity)), el("span", {}, "“" + (item.text || "") + "”"));
    } else {
      head.append(el("span", {class: "ent"}, item.text || ""),
                  item.measure ? el("span", {}, item.measure) : null, item.value !== undefined ? el("code", {}, String(item.value)) : null);
    }
    head.append(el("span", {class: "state"}, state));
    node.append(head);
    const q = quals(item);
    if (q) node.append(el("div", {class: "quals"}, q));
    const words = item.evidence || item.words;
    if (words) node.append(el("blockquote", {class: "evidence"}, words));
    if (item.why) node.append(el("div", {class: "why"}, `${item.why} · confidence ${item.confidence}`));
    if (section !== "statements" && section !== "draft.dates") {
      const actions = el("div", {class: "actions"},
        el("button", {onclick: () => accept(section, index), title: "a"}, "Accept"),
        el("button", {onclick: () => reject(section, index), title: "r"}, "Reject"),
        el("button", {onclick: () => edit(section, index), title: "e"}, "Edit"));
      if (kind === "new") actions.append(el("button", {onclick: () => mergeForm(section, index)}, "Merge…"));
      node.append(actions);
    } else if (section === "statements") {
      node.append(el("div", {class: "actions"}, el("button", {onclick: () => edit(section, index)}, "Edit"),
                     el("button", {onclick: () => act({op: "remove", index})}, "Remove")));
    }
    const found = problems.items[key];
    if (found && found.length) node.append(el("ul", {class: "problems"}, ...found.map((p) => el("li", {}, p))));
    node.addEventListener("mouseenter", () => light(key, item));
    node.addEventListener("mouseleave", () => light(null));
    node.addEventListener("click", () => { current = cards.findIndex((c) => c.key === key); focusCard(false); });
    return node;
  }

  function light(key, item) {
    for (const span of document.querySelectorAll("#text .lit")) span.classList.remove("lit");
    if (!key) return;
    const ids = new Set([item.subject, item.speaker, item.entity, item.id].concat(Array.isArray(item.object) ? item.object : [item.object]).filter(Boolean));
    const mentionKeys = new Set();
    (article.sections["draft.mentions"] || []).forEach((m, i) => { if (ids.has(m.entity)) mentionKeys.add("draft.mentions#" + i); });
    (article.sections["draft.new_entities"] || []).forEach((m, i) => { if (ids.has(m.id)) mentionKeys.add("draft.new_entities#" + i); });
    for (const span of document.querySelectorAll("#text span[data-keys]")) {
      const keys = span.dataset.keys.split(" ");
      if (keys.includes(key) || keys.some((k) => mentionKeys.has(k))) span.classList.add("lit");
    }
  }

  const ORDER = ["draft.statements", "statements", "draft.new_entities", "draft.near_duplicates", "draft.quotations",
                 "draft.quantities", "draft.mentions", "draft.dates"];

  // ``keepForms``: a redraw that changes no item (a check's answer, a filter) keeps the forms open
  // in the cards, what is typed in them and the focus, as they were.
  function drawCards(keepForms) {
    const box = $("cards");
    const keep = cards[current] ? cards[current].key : null;
    const open = keepForms ? cards.flatMap((c) => [...c.el.querySelectorAll(":scope > form")].map((f) => [c.key, f])) : [];
    const focused = document.activeElement;
    const caret = focused && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
    box.replaceChildren();
    cards = [];
    const shown = new Set([...document.querySelectorAll("#filters input:checked")].map((i) => i.value));
    for (const section of ORDER) {
      if (!shown.has(section)) continue;
      (article.sections[section] || []).forEach((item, index) => {
        if (!item || typeof item !== "object") return;
        const node = card(section, index, item);
        cards.push({section, index, key: section + "#" + index, el: node});
        box.append(node);
      });
    }
    if (problems.other.length) banner(problems.other.join("\n"));
    current = Math.max(0, cards.findIndex((c) => c.key === keep));
    focusCard(false);
    for (const [key, form] of open) {
      const entry = cards.find((c) => c.key === key);
      if (!entry) continue;
      entry.el.append(form);
      if (focused && form.contains(focused)) {
        focused.focus();
        if (caret && caret[0] !== null) focused.setSelectionRange(...caret);
      }
    }
  }

  function drawFilters() {
    const box = $("filters");
    if (box.childElementCount) return;
    for (const section of ORDER) {
      // statements and new names first; the rest (a quotation is proposed as a statement too) on demand
      const on = ["draft.statements", "statements", "draft.new_entities", "draft.near_duplicates"].includes(section);
      const input = el("input", {type: "checkbox", value: section});
      input.checked = on;
      input.addEventListener("change", () => drawCards(true));
      const label = {"draft.statements": "proposed statements", "statements": "your statements"}[section] ||
                    section.replace("draft.", "").replace("_", " ");
      box.append(el("label", {}, input, " " + label));
    }
  }

  function pending() {
    let n = 0;
    for (const [section, items] of Object.entries(article.sections)) {
      if (section === "statements" || section === "draft.dates") continue;
      for (const item of items) if (item && !item.confirmed && !item.rejected && !item.registered) n++;
    }
    return n;
  }

  function draw() {
    $("title").textContent = article.title;
    document.title = "review: " + article.title;
    const list = $("entity-list");
    list.replaceChildren(...article.entities.map((e) => el("option", {value: e.id, label: e.name + (e.aliases.length ? " (" + e.aliases.join(", ") + ")" : "")})));
    drawFilters();
    drawText();
    drawCards();
    status(`${pending()} to review${article.dirty ? " · unsaved changes" : ""}`);
    $("undo").disabled = !article.undo;
  }

  function focusCard(scroll) {
    cards.forEach((c, i) => c.el.classList.toggle("current", i === current));
    if (scroll !== false && cards[current]) cards[current].el.scrollIntoView({block: "nearest"});
  }

  // --- actions ----------------------------------------------------------------------------

  // How long each action took, from the request to the page drawn again (read by
  // benchmarks/review_effort.py).
  window.kgborderTimings = [];
  window.kgborderDrawTimings = [];  // of which drawing the page again

  async function act(action) {
    const began = performance.now();
    try {
      const data = await api(`/api/article/${encodeURIComponent(article.slug)}/act`, action);
      const answered = performance.now();
      article = data.article;
      draw();
      window.kgborderTimings.push(performance.now() - began);
      window.kgborderDrawTimings.push(performance.now() - answered);
      scheduleCheck();
      return data.result;
    } catch (error) {
      banner(error.message);
      return null;
    }
  }

  function item(section, index) { return article.sections[section][index]; }

  // Accepting or rejecting moves on to the next item still to review, as annotation tools do:
  // a right proposal costs one key.
  async function decide(section, index, fields) {
    const result = await act({op: "set", section, index, fields});
    if (result === null) return;
    const at = cards.findIndex((c) => c.section === section && c.index === index);
    const next = cards.findIndex((c, i) => i > at && c.section !== "statements" && c.section !== "draft.dates" &&
                                   stateOf(item(c.section, c.index)) === "pending");
    if (next >= 0) { current = next; focusCard(); }
  }

  function accept(section, index) { return decide(section, index, {confirmed: true}); }

  function reject(section, index) { return decide(section, index, {rejected: true}); }

  function entityInput(name, value) {
    const input = el("input", {name, list: "entity-list", autocomplete: "off"});
    input.value = Array.isArray(value) ? value.join(", ") : value || "";
    return input;
  }

  function relationSelect(value, withKinds) {
    const select = el("select", {name: "relation"});
    const relations = el("optgroup", {label: "relations"});
    for (const r of article.relations) relations.append(el("option", {value: r.name}, r.name));
    select.append(relations);
    if (withKinds) {  // a statement of a kind no relation makes: a Measurement, ...
      const kinds = el("optgroup", {label: "statement kinds"});
      for (const k of article.kinds) kinds.append(el("option", {value: "kind:" + k}, k));
      select.append(kinds);
    }
    select.value = value || "";
    return select;
  }

  function typeSelect(value) {
    const select = el("select", {name: "type"});
    select.append(el("option", {value: ""}, "(type)"));
    for (const t of article.types) select.append(el("option", {value: t}, t));
    select.value = value || "";
    return select;
  }

  function ids(text) {
    const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
    return parts.length > 1 ? parts : parts[0] || null;
  }

  const FORMS = {
    statement: [["relation"], ["subject", "entity"], ["object", "entity"], ["place", "entity"], ["according_to", "entity"],
                ["theme", "entity"], ["method", "entity"], ["time"], ["quantity"], ["measure"], ["role"],
                ["negated", "flag"], ["former", "flag"], ["evidence"]],
    quote: [["speaker", "entity"], ["object", "entity"], ["role"]],
    new: [["name"], ["id"], ["type"]],
    quantity: [["subject", "entity"], ["measure"], ["value"], ["unit"]],
    mention: [["entity", "entity"]],
  };

  function field(name, how, value) {
    if (name === "relation") return relationSelect(value);
    if (name === "type") return typeSelect(value);
    if (how === "entity") return entityInput(name, value);
    if (how === "flag") { const box = el("input", {type: "checkbox", name}); box.checked = Boolean(value); return box; }
    if (name === "time") return el("input", {name, value: value && typeof value === "object" ? value.value || "" : value || ""});
    if (name === "quantity") {
      const text = value && typeof value === "object" ? [value.value, value.unit].filter((x) => x !== undefined).join(" ") : "";
      return el("input", {name, value: text, placeholder: "250 members"});
    }
    return el("input", {name, value: value === undefined || value === null ? "" : String(value)});
  }

  function readForm(form, names) {
    const fields = {};
    for (const [name, how] of names) {
      const input = form.elements[name];
      if (how === "flag") { fields[name] = input.checked ? true : null; continue; }
      const text = input.value.trim();
      if (how === "entity") fields[name] = ids(text);
      else if (name === "quantity") {
        const m = text.match(/^(-?[\d.,]+)\s*(.*)$/);
        fields[name] = m ? {value: Number(m[1].replace(/,/g, "")), unit: m[2] || "items"} : null;
      } else if (name === "value") fields[name] = text === "" ? null : Number(text);
      else fields[name] = text || null;
    }
    return fields;
  }

  function edit(section, index) {
    const entry = cards.find((c) => c.section === section && c.index === index);
    if (!entry) return;
    const kind = KINDS[section];
    if (!FORMS[kind]) return;
    const it = item(section, index);
    const form = el("form", {});
    // a quotation's or claim's statement names its speaker where another names its subject
    const names = FORMS[kind].map(([name, how]) => [name === "subject" && it.speaker ? "speaker" : name, how]);
    for (const [name, how] of names) form.append(el("label", {}, name), field(name, how, it[name]));
    const confirm = section !== "statements";
    form.append(el("div", {class: "buttons"}, el("button", {type: "submit"}, confirm ? "Save and accept" : "Save"),
                    el("button", {type: "button", onclick: () => form.remove()}, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const fields = readForm(form, names);
      if (confirm) {  // fixed and accepted: on to the next item still to review, as accepting does
        fields.confirmed = true;
        await decide(section, index, fields);
      } else {
        await act({op: "set", section, index, fields});
      }
    });
    entry.el.append(form);
    const first = form.querySelector("input, select");
    if (first) first.focus();
  }

  function mergeForm(section, index) {
    const entry = cards.find((c) => c.section === section && c.index === index);
    const form = el("form", {});
    const input = entityInput("into", "");
    form.append(el("label", {}, "same as"), input,
                el("div", {class: "buttons"}, el("button", {type: "submit"}, "Merge"),
                   el("button", {type: "button", onclick: () => form.remove()}, "Cancel")));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      act({op: "merge", index, into: input.value.trim()});
    });
    entry.el.append(form);
    input.focus();
  }

  // --- a new statement from selected words ------------------------------------------------

  function offsetOf(node, offset) {
    const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (!span || !span.dataset || span.dataset.start === undefined) return null;
    return Number(span.dataset.start) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  function onSelect() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !article) return;
    const box = $("text");
    if (!box.contains(selection.anchorNode) || !box.contains(selection.focusNode)) return;
    const a = offsetOf(selection.anchorNode, selection.anchorOffset);
    const b = offsetOf(selection.focusNode, selection.focusOffset);
    if (a === null || b === null || a === b) return;
    const [start, end] = [Math.min(a, b), Math.max(a, b)];
    newStatementForm(article.text.slice(start, end), start, end);
  }

  // What selected words most likely say: a relation one of whose cues they hold, with an entity
  // named before the cue as its subject and one after it as its object ("by" right after the cue:
  // the other way round), of the types the relation takes; of several, the last cue ("agreed to
  // send": send). A guess for the form, which the curator confirms or changes.
  function cuePattern(form) {
    const words = form.split(" ... ").map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+"));
    return new RegExp("\\b" + words.join("\\s+(?:\\S+\\s+){0,6}?") + "\\b", "gi");
  }

  function fits(id, classes) {
    if (!classes.length) return true;
    const e = article.entities.find((x) => x.id === id);
    return Boolean(e) && e.classes.some((c) => classes.includes(c));
  }

  function namedWithin(start, end) {
    const named = [];
    for (const [section, key] of [["draft.mentions", "entity"], ["draft.new_entities", "id"]]) {
      for (const it of article.sections[section] || []) {
        if (!it || it.rejected || !it[key]) continue;
        for (const [s, e] of spansOf(section, it)) if (s >= start && s < end) named.push([s - start, Math.min(e, end) - start, it[key]]);
      }
    }
    return named.sort((a, b) => a[0] - b[0]);
  }

  // The sentence around offsets start..end: from after the last full stop (or line end) before
  // it to the next one after it.
  function sentenceAround(start, end) {
    const text = article.text;
    let from = start;
    while (from > 0 && !/[.!?\n]/.test(text[from - 1])) from--;
    // a selection that ends with a full stop (and a closing quotation mark) ends its sentence
    if (/[.!?]["\u201d\u2019']?\s*$/.test(text.slice(start, end))) return [from, end];
    let to = end;
    while (to < text.length && !/[.!?\n]/.test(text[to])) to++;
    return [from, to];
  }

  // A statement the curator has already (accepted or written) is no guess: the curator selects
  // words to write what is missing. A drafted one still to review may be what they mean.
  function held(relation, subject, object) {
    return ["draft.statements", "statements"].some((section) => (article.sections[section] || []).some(
      (it) => it && (section === "statements" || it.confirmed) && !it.rejected && it.relation === relation
        && (it.subject || it.speaker) === subject
        && (Array.isArray(it.object) ? it.object.includes(object) : it.object === object)));
  }

  // ``need``: how many of a cue's sides must be named: 2, the default; 1 ("31 packages of fentanyl
  // concealed in the gas tank": concealsIn, its object, who concealed them not named); 0 (the
  // relation alone: "most of the drug enters through the ports").
  // ``selected``: where the curator's selection lies within start..end (its sentence): a cue and
  // participants all outside it say something else ("Gov. X said ... the crossings at Y": the
  // governor's office is not what "the crossings at Y" says).
  function guessWithin(start, end, need = 2, selected = null) {
    const words = article.text.slice(start, end);
    const named = namedWithin(start, end);
    const inside = (a, b) => !selected || (start + a < selected[1] && start + b > selected[0]);
    let best = null;
    for (const r of article.relations) {
      if (r.quoted) continue;  // a quotation's words are guessed from the drafted quotations
      for (const form of r.cues || []) {
        for (const m of words.matchAll(cuePattern(form))) {
          const [at, stop] = [m.index, m.index + m[0].length];
          const before = named.filter((n) => n[1] <= at).reverse();
          const after = named.filter((n) => n[0] >= stop);
          let [subjects, objects] = [before, after];
          if (/^\s*by\b/i.test(words.slice(stop))) [subjects, objects] = [after, before];
          const subject = subjects.find((n) => fits(n[2], r.domain));
          const object = objects.find((n) => fits(n[2], r.range) && (!subject || n[2] !== subject[2]));
          if (Boolean(subject) + Boolean(object) < need) continue;
          if (need === 2 && held(r.name, subject[2], object[2])) continue;
          if (![[at, stop], subject, object].some((n) => n && inside(n[0], n[1]))) continue;
          if (!best || at > best.at || (at === best.at && stop > best.stop)) {
            best = {at, stop, relation: r.name, subject: subject ? subject[2] : "", object: object ? object[2] : ""};
          }
        }
      }
    }
    return best;
  }

  // Whether the selection start..end is what a speech verb of its sentence from..to reports: the
  // verb among the selected words, right before them ("saying its government was ..."; "said
  // that ..."), or right after them with only its speaker between ("..., she said").
  function reported(start, end, from, to) {
    const text = article.text;
    return article.relations.some((r) => r.speech && (r.cues || []).some((form) => {
      if (form.includes(" ... ")) return false;
      for (const m of text.slice(from, to).matchAll(cuePattern(form))) {
        const [a, b] = [from + m.index, from + m.index + m[0].length];
        // only a few words between (a bound that keeps the tests below linear on hostile text)
        if ((a >= start && b <= end) || (b <= start && start - b <= 80 && /^\s*(?:that\s*)?$/i.test(text.slice(b, start)))
            || (a >= end && a - end <= 80
                && /^[\s,"\u201d']*(?:he|she|they|[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})?\s*$/
                  .test(text.slice(end, a)))) return true;
      }
      return false;
    }));
  }

  // Someone's words: selected words inside a drafted quotation are its speaker's comment
  // (commentsOn); words a speech verb reports (a cue of a relation of someone's words, as the
  // model declares it: "said", "told", "insisted"; see reported()) in a sentence naming a person
  // are that person's claim (claimsAbout). The object: the first thing the selection names that
  // is not the speaker, else what the draft's own statement of those words is about. ``quoted``:
  // the first (quotations only), else the second (claims only).
  function speechGuess(start, end, from, to, quoted) {
    const spoken = (section, pick) => (article.sections[section] || []).find(
      (it) => it && !it.rejected && pick(it) && Number.isInteger(it.start) && it.start < end && it.end > start);
    const quote = quoted ? spoken("draft.quotations", (it) => it.speaker) : null;
    let relation = quote ? "commentsOn" : "";
    let speaker = quote ? quote.speaker : "";
    if (!quote && quoted) return null;
    if (!quote && reported(start, end, from, to)) {
      const person = namedWithin(from, to).find((n) => fits(n[2], ["Person"]));
      if (person) [relation, speaker] = ["claimsAbout", person[2]];
    }
    if (!relation || !article.relations.some((r) => r.name === relation)) return null;
    const own = spoken("draft.statements", (it) => it.relation === relation && it.speaker === speaker);
    const named = namedWithin(start, end).find((n) => n[2] !== speaker);
    const object = named ? named[2] : (own && typeof own.object === "string" ? own.object : "");
    return {relation, subject: speaker, object};
  }

  // A count among the selected words (no share, no percentage) that nothing else explains is a
  // Measurement ("Nogales saw 10.6 million crossings"; "a dozen soldiers stand watch"): of what
  // its sentence names last before the count, else first after it; no object. Not an amount of
  // a substance ("96 pounds of fentanyl"): that is what a seizure or a smuggling moved.
  function countOf(start, end) {
    return (article.sections["draft.quantities"] || []).find(
      (it) => it && !it.rejected && Number.isInteger(it.start) && it.start >= start && it.end <= end
        && it.field !== "share" && it.field !== "change" && it.unit !== "percent"
        && !/^\d[\d,.]*-[a-z]/i.test(it.text || ""));  // "a 30-day pause": a modifier, no count
  }

  function measurementGuess(start, end, from, to) {
    const q = countOf(start, end);
    if (!q || !article.kinds.includes("Measurement")) return null;
    const named = namedWithin(from, to).map(([s, e, id]) => [s + from, e + from, id]);
    const of = /^\s+of\s+/.exec(article.text.slice(q.end, q.end + 8));
    if (of && named.some((n) => n[0] === q.end + of[0].length && fits(n[2], ["Substance"]))) return null;
    const before = named.filter((n) => n[1] <= q.start).pop();
    const after = named.find((n) => n[0] >= q.end);
    const subject = before || after;
    return {relation: "kind:Measurement", subject: subject ? subject[2] : "", object: "", measure: q.measure || ""};
  }

  // Words of a quotation are its speaker's comment, unless the selection is a count in a short
  // part of it ("Last year we had eighty people a night." of a longer quotation): a Measurement.
  function partOfQuotation(start, end) {
    const quote = (article.sections["draft.quotations"] || []).find(
      (it) => it && !it.rejected && Number.isInteger(it.start) && it.start < end && it.end > start);
    return Boolean(quote) && 2 * (end - start) < quote.end - quote.start && Boolean(countOf(start, end));
  }

  // A whole sentence that nothing else explains (no cue, no quotation, no count) is the writer's
  // own claim ("That said, reducing fentanyl smuggling is not an unattainable goal."): no
  // speaker, about what it names first.
  function writerClaim(start, end, from, to) {
    const text = article.text;
    while (from < to && /\s/.test(text[from])) from++;
    if (start > from || end < to) return null;
    const claim = article.relations.find((r) => r.claim);
    const named = namedWithin(start, end);
    return claim ? {relation: claim.name, subject: "", object: named.length ? named[0][2] : ""} : null;
  }

  // A guess: words of a quotation first; then a cue in the selected words; then a claim; then a
  // cue in their sentence (a selection of a clause leaves its subject out: "seized 96 pounds of
  // fentanyl" after "Officers at Mariposa"), if it or one of its participants stands among the
  // selected words; then a cue in the selected words with one side named; then a count; then the
  // writer's claim; else the relation of a cue among them alone, and the names they give.
  function guess(start, end) {
    const [from, to] = sentenceAround(start, end);
    const best = (!partOfQuotation(start, end) && speechGuess(start, end, from, to, true)) || guessWithin(start, end)
      || speechGuess(start, end, from, to, false) || guessWithin(from, to, 2, [start, end])
      || guessWithin(start, end, 1)
      || measurementGuess(start, end, from, to) || writerClaim(start, end, from, to);
    const q = (article.sections["draft.quantities"] || []).find((it) => it && it.start >= start && it.end <= end);
    const quantity = q ? {value: q.value, unit: q.unit} : null;
    if (best) return {...best, quantity};
    const named = namedWithin(start, end);
    const cue = (guessWithin(start, end, 0) || {relation: ""}).relation;  // a cue with neither side named
    if (!named.length) {  // a predicate alone ("is determined to dismantle it"): the agent named last before it
      const agent = namedWithin(from, start).filter((n) => fits(n[2], ["Agent"])).pop();
      return {relation: cue, quantity, subject: agent ? agent[2] : "", object: ""};
    }
    return {relation: cue, quantity, subject: named[0][2], object: named.length > 1 ? named[named.length - 1][2] : ""};
  }

  function newStatementForm(evidence, start, end) {
    const old = $("selection-form");
    if (old) old.remove();
    const form = el("form", {id: "selection-form", class: "card"});
    form.append(el("div", {class: "kind"}, "new statement"));
    form.append(el("blockquote", {class: "evidence"}, evidence));
    const grid = el("form", {});
    const fields = [["relation"], ["subject", "entity"], ["object", "entity"]];
    const guessed = start === undefined ? {} : guess(start, end);
    for (const [name, how] of fields) {
      grid.append(el("label", {}, name), name === "relation" ? relationSelect(guessed.relation, true)
                                                         : field(name, how, guessed[name] || ""));
    }
    grid.append(el("label", {}, "measure"), field("measure", "", guessed.measure || ""),
                el("label", {}, "quantity"), field("quantity", "", guessed.quantity || null));
    form.append(...grid.childNodes);
    form.style.display = "grid";
    form.style.gridTemplateColumns = "auto 1fr";
    form.append(el("div", {class: "buttons"}, el("button", {type: "submit"}, "Add statement"),
                   el("button", {type: "button", onclick: () => form.remove()}, "Cancel"),
                   el("button", {type: "button", onclick: () => newEntityForm(evidence)}, "New entity…")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const chosen = form.elements.relation.value;
      const fields = {subject: ids(form.elements.subject.value), object: ids(form.elements.object.value), evidence};
      if (chosen.startsWith("kind:")) fields.kind = chosen.slice(5); else fields.relation = chosen;
      const extra = readForm(form, [["measure"], ["quantity"]]);
      for (const [key, value] of Object.entries(extra)) if (value !== null) fields[key] = value;
      const result = await act({op: "add", fields});
      if (result !== null) form.remove();
    });
    $("cards-pane").append(form);
    form.querySelector("button[type=submit]").focus();
  }

  function newEntityForm(name) {
    const form = el("form", {id: "entity-form", class: "card"});
    const slug = name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    form.style.display = "grid";
    form.style.gridTemplateColumns = "auto 1fr";
    form.append(el("label", {}, "name"), el("input", {name: "name", value: name}),
                el("label", {}, "id"), el("input", {name: "id", value: slug}),
                el("label", {}, "type"), typeSelect(""),
                el("div", {class: "buttons"}, el("button", {type: "submit"}, "Add to the registry"),
                   el("button", {type: "button", onclick: () => form.remove()}, "Cancel")));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await act({op: "entity", fields: {id: form.elements.id.value.trim(), name: form.elements.name.value.trim(),
                                        type: form.elements.type.value}});
      form.remove();
    });
    $("cards-pane").append(form);
    form.elements.type.focus();
  }

  // --- checks, save, build ----------------------------------------------------------------

  // One check in flight at a time: a check takes about a second on a long article, and checks
  // piling up would take the browser's few connections to this server from the actions.
  let checkRunning = false;
  let checkAgain = false;

  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(runCheck, 250);
  }

  window.kgborderCheck = () => runCheck();  // the checks again, now (tests; the page runs them after each action)

  async function runCheck() {
    if (checkRunning) { checkAgain = true; return; }
    checkRunning = true;
    checkAgain = false;
    try {
      const found = await api(`/api/article/${encodeURIComponent(article.slug)}/check`, {});
      if (!checkAgain) {
        problems = found;
        banner(found.other.join("\n"));
        drawCards(true);
        document.body.dataset.checked = found.ok ? "ok" : "problems";
      }
    } catch (error) {
      banner(error.message);
    } finally {
      checkRunning = false;
      if (checkAgain) scheduleCheck();
    }
  }

  async function save() {
    try {
      const data = await api(`/api/article/${encodeURIComponent(article.slug)}/save`, {version: article.version});
      article = data.article;
      draw();
      status("saved · " + status_text());
      return true;
    } catch (error) {
      if (error.conflict) banner(error.message, {label: "Reload", run: reload});
      else banner(error.message);
      return false;
    }
  }

  function status_text() { return `${pending()} to review`; }

  async function reload() {
    article = await api(`/api/article/${encodeURIComponent(article.slug)}?reload=1`);
    banner("");
    draw();
    scheduleCheck();
  }

  async function build() {
    status("building…");
    try {
      const data = await api(`/api/article/${encodeURIComponent(article.slug)}/build`, {version: article.version});
      article = data.article;
      draw();
      if (!data.built) {
        banner(data.problems.join("\n"));
        status("build failed");
        return;
      }
      $("built-summary").textContent = `Built: ${data.statements} statements, ${data.triples} triples; ` +
        `${data.unconfirmed} item(s) of this article still to review.`;
      $("network").srcdoc = data.view;
      $("built").showModal();
      status("built · " + status_text());
    } catch (error) {
      if (error.conflict) banner(error.message, {label: "Reload", run: reload});
      else banner(error.message);
      status("build failed");
    }
  }

  // --- keys -------------------------------------------------------------------------------

  function onKey(event) {
    const target = event.target;
    const typing = target && ((target.tagName === "INPUT" && !["checkbox", "radio", "button"].includes(target.type)) ||
                              target.tagName === "SELECT" || target.tagName === "TEXTAREA");
    if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
    if (typing) { if (event.key === "Escape") target.closest("form")?.remove(); return; }
    if ((event.ctrlKey || event.metaKey) && event.key === "z") { event.preventDefault(); act({op: "undo"}); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || !article) return;
    const c = cards[current];
    const keys = {
      j: () => { current = Math.min(cards.length - 1, current + 1); focusCard(); },
      ArrowDown: () => { current = Math.min(cards.length - 1, current + 1); focusCard(); },
      k: () => { current = Math.max(0, current - 1); focusCard(); },
      ArrowUp: () => { current = Math.max(0, current - 1); focusCard(); },
      a: () => c && c.section !== "statements" && accept(c.section, c.index),
      r: () => c && c.section !== "statements" && reject(c.section, c.index),
      e: () => c && edit(c.section, c.index),
      u: () => act({op: "undo"}),
      b: () => build(),
      "?": () => $("help").showModal(),
    };
    if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
  }

  async function start() {
    $("undo").addEventListener("click", () => act({op: "undo"}));
    $("save").addEventListener("click", save);
    $("build").addEventListener("click", build);
    $("help-button").addEventListener("click", () => $("help").showModal());
    document.addEventListener("keydown", onKey);
    $("text").addEventListener("mouseup", onSelect);
    if (!config.slug) {
      for (const id of ["undo", "save", "build"]) $(id).disabled = true;
      await chooseArticle();
      return;
    }
    article = await api(`/api/article/${encodeURIComponent(config.slug)}`);
    draw();
    scheduleCheck();
  }

  start().catch((error) => banner(error.message));
})();
