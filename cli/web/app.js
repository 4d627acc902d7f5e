// The page of `quotes serve`: search, quote cards, a speaker's page with a
// timeline.  It reads the JSON API of the same server (README.md,
// "Serving").
//
// Text from the store (quotes, names, titles, article sentences) is only
// ever put in the page as text (textContent, text nodes), never parsed as
// markup, and a link goes only to an http or https address: an article
// cannot inject anything into the page.
"use strict";

(function () {
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                  "Sep", "Oct", "Nov", "Dec"];
  const FIELDS = ["speaker", "words", "since", "until", "outlet", "kind"];
  const PAGE = 20;
  const SVG = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);

  // An element with attributes ("text" sets its text, "class" its class)
  // and children (nodes, or strings added as text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "text") e.textContent = v;
      else if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // GETs "path" with "params" (empty ones left out).  Resolves with the
  // JSON body; rejects with an Error holding the API's message, "status"
  // and "data".
  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== "" && v !== undefined && v !== null) url.searchParams.set(k, v);
    }
    let res;
    try {
      res = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw new Error("the server cannot be reached");
    }
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const err = new Error(data && data.error ? data.error : "HTTP " + res.status);
      err.status = res.status;
      err.data = data;
      throw err;
    }
    return data;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // "2024-05-20" -> "20 May 2024"; a date-time also gets its UTC time.
  function formatDate(published) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(published || "");
    if (!m) return "date unknown";
    let s = Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1];
    if (m[4]) s += ", " + m[4] + ":" + m[5] + " UTC";
    return s;
  }

  function formatMonth(month) {
    const [y, m] = month.split("-");
    return MONTHS[Number(m) - 1] + " " + y;
  }

  // "url" when it is an http or https address, else null.
  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function speakerHref(id) {
    return "/speaker/" + encodeURIComponent(id);
  }

  function kindLabel(kind) {
    if (kind === "DIRECT") return "direct quote";
    if (kind === "INDIRECT") return "reported speech";
    if (kind === "MIXED") return "partly quoted";
    return "";
  }

  // The sentence around a quote, with the quote marked when it is there.
  function contextNode(context, text) {
    const p = el("p", { class: "context" });
    const at = text ? context.indexOf(text) : -1;
    if (at < 0) {
      p.append(context);
    } else {
      p.append(context.slice(0, at), el("mark", { text: text }),
               context.slice(at + text.length));
    }
    return p;
  }

  // The outlets of "sources", first seen first, each once.
  function outletsOf(sources) {
    const seen = [];
    for (const s of sources) {
      const name = s.outlet || s.doc_id;
      if (!seen.includes(name)) seen.push(name);
    }
    return seen;
  }

  function sourceLink(source, text) {
    const href = safeUrl(source.url);
    if (!href) return el("span", { class: "title", text: text });
    return el("a", { href: href, rel: "noopener noreferrer nofollow",
                     target: "_blank", class: "link", text: text });
  }

  // A quote card: the quote, who said it, where and when, the sentence
  // around it, and how far it went.
  // "speakers" holds stored speakers by id: their full names and roles.
  function card(q, speakers) {
    const sources = q.sources || [];
    const first = sources[0] || {};
    const li = el("li", { class: "card", "data-id": q.id });

    const kind = (q.kind || "").toLowerCase();
    li.append(el("blockquote", { class: "quote " + kind }, el("p", { text: q.text })));

    const who = el("div", { class: "who" });
    const sp = q.speaker || {};
    const stored = (speakers || {})[sp.speaker_id] || {};
    if (sp.speaker_id) {
      who.append(el("a", { class: "speaker", href: speakerHref(sp.speaker_id),
                           text: stored.name || sp.name }));
    } else {
      who.append(el("span", { class: "speaker unknown",
                              text: sp.name || sp.mention || "unknown speaker" }));
    }
    const role = sp.role || (stored.roles || [])[0];
    if (role) who.append(el("span", { class: "role", text: role }));
    if (kindLabel(q.kind)) who.append(el("span", { class: "kind", text: kindLabel(q.kind) }));
    li.append(who);

    const line = el("div", { class: "source" });
    line.append(el("span", { class: "outlet", text: first.outlet || "unknown outlet" }),
                el("span", { class: "sep", text: "·" }),
                el("time", { datetime: first.published || null,
                             text: formatDate(first.published) }));
    if (first.title || safeUrl(first.url)) {
      line.append(el("span", { class: "sep", text: "·" }),
                  sourceLink(first, first.title || "source"));
    }
    li.append(line);

    if (first.context) li.append(contextNode(first.context, q.text));

    const outlets = outletsOf(sources);
    const carried = el("p", { class: "carried" });
    if (sources.length <= 1) {
      carried.append("Carried by 1 outlet.");
    } else {
      carried.append("Carried by " + plural(outlets.length, "outlet", "outlets") +
                     " in " + plural(sources.length, "article", "articles") +
                     "; first by ",
                     el("strong", { text: outlets[0] }),
                     ", " + formatDate(first.published) + ".");
    }
    li.append(carried);

    if (sources.length > 1) {
      const details = el("details", { class: "sources" },
                         el("summary", { text: "All " + sources.length + " sources" }));
      const list = el("ol");
      for (const s of sources) {
        const item = el("li", {},
                        el("span", { class: "outlet", text: s.outlet || s.doc_id }),
                        el("span", { class: "sep", text: "·" }),
                        el("time", { datetime: s.published || null,
                                     text: formatDate(s.published) }),
                        el("span", { class: "sep", text: "·" }),
                        sourceLink(s, s.title || "source"));
        if (s.context) item.append(contextNode(s.context, q.text));
        list.append(item);
      }
      details.append(list);
      li.append(details);
    }
    return li;
  }

  function setStatus(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  // ------------------------------------------------------------------ search

  function readForm() {
    const params = {};
    for (const f of FIELDS) {
      const v = $(f).value.trim();
      if (v) params[f] = v;
    }
    return params;
  }

  function fillForm(params) {
    for (const f of FIELDS) $(f).value = params[f] || "";
  }

  function paramsFromLocation() {
    const query = new URLSearchParams(window.location.search);
    const params = {};
    for (const f of FIELDS) if (query.get(f)) params[f] = query.get(f);
    return params;
  }

  let searchCursor = null;
  let searchParams = {};
  let searchShown = 0;
  let searchSequence = 0;  // an answer to an older search is dropped

  function describe(params) {
    const parts = [];
    if (params.speaker) parts.push("by " + params.speaker);
    if (params.words) parts.push("with " + params.words);
    if (params.outlet) parts.push("in " + params.outlet);
    if (params.since) parts.push("since " + params.since);
    if (params.until) parts.push("until " + params.until);
    if (params.kind) parts.push("(" + params.kind + ")");
    return parts.join(" ");
  }

  async function runSearch(params, append) {
    const status = $("status");
    const results = $("results");
    const more = $("more");
    if (!append) {
      searchParams = params;
      searchCursor = null;
      searchShown = 0;
      results.replaceChildren();
    }
    more.hidden = true;
    setStatus(status, "Searching…");
    const mine = ++searchSequence;
    let data;
    try {
      data = await api("/api/search", Object.assign({ limit: PAGE, cursor: searchCursor },
                                                     searchParams));
    } catch (e) {
      if (mine === searchSequence) setStatus(status, "Cannot search: " + e.message, true);
      return;
    }
    if (mine !== searchSequence) return;
    for (const q of data.quotes) results.append(card(q, data.speakers));
    searchShown += data.quotes.length;
    searchCursor = data.next_cursor;
    more.hidden = !searchCursor;
    const what = describe(searchParams);
    if (searchShown === 0) {
      setStatus(status, what ? "No quote " + what + "." : "The store holds no quote yet.");
    } else {
      setStatus(status, (what ? "Quotes " + what : "Latest quotes") + ", newest first (" +
                searchShown + " shown" + (searchCursor ? ", more below)." : ")."));
    }
  }

  function submitSearch() {
    const params = readForm();
    const query = new URLSearchParams(params).toString();
    window.history.pushState(null, "", query ? "/?" + query : "/");
    runSearch(params, false);
  }

  // Suggestions of speakers and their other names as one types.
  function setupSuggestions(input, list, onPick) {
    let speakers = [];
    let active = -1;
    let timer = null;
    let sequence = 0;

    function hide() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      speakers = [];
      active = -1;
    }

    function highlight(i) {
      active = i;
      list.querySelectorAll("li.suggestion").forEach((li, j) => {
        li.classList.toggle("active", j === i);
        li.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      if (i >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + i);
    }

    function pick(i) {
      const s = speakers[i];
      if (!s) return;
      input.value = s.name;
      hide();
      onPick(s);
    }

    function render(found, typed) {
      list.replaceChildren();
      speakers = found;
      active = -1;
      const lower = typed.toLowerCase();
      found.forEach((s, i) => {
        const li = el("li", { class: "suggestion", role: "option", id: "suggestion-" + i,
                              "aria-selected": "false" });
        const top = el("div", { class: "s-top" }, el("span", { class: "s-name", text: s.name }));
        if (s.roles && s.roles.length) top.append(el("span", { class: "s-role", text: s.roles.join(", ") }));
        top.append(el("span", { class: "s-count",
                                text: plural(Number(s.quote_count || 0), "quote", "quotes") }));
        li.append(top);
        // The other spellings, those that hold what was typed first.
        const others = (s.aliases || []).filter((a) => a !== s.name);
        others.sort((a, b) => (b.toLowerCase().includes(lower) ? 1 : 0) -
                              (a.toLowerCase().includes(lower) ? 1 : 0));
        if (others.length) li.append(el("div", { class: "s-aliases", text: "also " + others.join(" · ") }));
        li.addEventListener("mousedown", (e) => {
          e.preventDefault();  // keep the focus in the input
          pick(i);
        });
        li.addEventListener("mousemove", () => highlight(i));
        list.append(li);
      });
      if (found.length === 0) {
        list.append(el("li", { class: "none", text: "No speaker matches “" + typed + "”" }));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    async function load() {
      const typed = input.value.trim();
      if (!typed) return hide();
      const mine = ++sequence;
      let data;
      try {
        data = await api("/api/speakers", { match: typed, limit: 8 });
      } catch (e) {
        return hide();
      }
      if (mine !== sequence || document.activeElement !== input) return;  // stale
      render(data.speakers || [], typed);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(load, 120);
    });
    input.addEventListener("keydown", (e) => {
      if (list.hidden) return;
      if (e.key === "ArrowDown" && speakers.length) {
        e.preventDefault();
        highlight((active + 1) % speakers.length);
      } else if (e.key === "ArrowUp" && speakers.length) {
        e.preventDefault();
        highlight((active - 1 + speakers.length) % speakers.length);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        pick(active);
      } else if (e.key === "Escape") {
        hide();
      }
    });
    input.addEventListener("blur", () => setTimeout(hide, 100));
  }

  function showSearch() {
    $("search-view").hidden = false;
    const params = paramsFromLocation();
    fillForm(params);
    runSearch(params, false);
  }

  // ----------------------------------------------------------------- speaker

  // Months from the first to the last with a quote, the empty ones too.
  function allMonths(months) {
    const counts = new Map(months.map((m) => [m.month, m.quotes]));
    const last = months[months.length - 1].month;
    let [y, m] = months[0].month.split("-").map(Number);
    const out = [];
    for (let guard = 0; guard < 1200; guard++) {
      const key = y + "-" + String(m).padStart(2, "0");
      out.push({ month: key, quotes: counts.get(key) || 0 });
      if (key === last) break;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
    return out;
  }

  // A bar chart of quotes per month, as inline SVG.
  function drawTimeline(container, timeline) {
    container.replaceChildren();
    const months = (timeline && timeline.months) || [];
    if (months.length === 0) {
      container.append(el("p", { class: "empty", text: "No dated quote." }));
      return;
    }
    const data = allMonths(months);
    const max = Math.max(...data.map((d) => d.quotes));
    const step = Math.max(6, Math.min(72, 860 / data.length));
    const pad = { left: 30, right: 10, top: 18, bottom: 36 };
    const plotH = 110;
    const width = pad.left + step * data.length + pad.right;
    const height = pad.top + plotH + pad.bottom;
    const chart = svg("svg", {
      width: width, height: height, viewBox: "0 0 " + width + " " + height,
      role: "img", class: "chart",
      "aria-label": "Quotes per month: " +
          data.map((d) => formatMonth(d.month) + " " + d.quotes).join(", "),
    });
    const y = (n) => pad.top + plotH - (max ? (n / max) * plotH : 0);
    for (const tick of [0, Math.ceil(max / 2), max]) {
      if (tick === 0 && max === 0) continue;
      chart.append(svg("line", { x1: pad.left - 4, x2: width - pad.right, y1: y(tick), y2: y(tick),
                                 class: tick === 0 ? "axis" : "grid" }));
      chart.append(svg("text", { x: pad.left - 8, y: y(tick) + 4, class: "tick",
                                 "text-anchor": "end" }, String(tick)));
    }
    const labelEvery = Math.ceil(data.length / 18);
    data.forEach((d, i) => {
      const x = pad.left + i * step;
      const barW = Math.max(3, step * 0.7);
      const bar = svg("rect", { x: x + (step - barW) / 2, y: y(d.quotes), width: barW,
                                height: Math.max(0, pad.top + plotH - y(d.quotes)),
                                rx: 2, class: "bar", "data-month": d.month });
      bar.append(svg("title", {}, formatMonth(d.month) + ": " +
                     plural(d.quotes, "quote", "quotes")));
      chart.append(bar);
      if (d.quotes > 0 && step >= 16) {
        chart.append(svg("text", { x: x + step / 2, y: y(d.quotes) - 4, class: "count",
                                   "text-anchor": "middle" }, String(d.quotes)));
      }
      const [year, month] = d.month.split("-");
      if (i % labelEvery === 0) {
        chart.append(svg("text", { x: x + step / 2, y: pad.top + plotH + 15, class: "month",
                                   "text-anchor": "middle" }, MONTHS[Number(month) - 1]));
      }
      if (i === 0 || month === "01") {
        chart.append(svg("text", { x: x + step / 2, y: pad.top + plotH + 30, class: "year",
                                   "text-anchor": "middle" }, year));
      }
    });
    container.append(chart);
    if (timeline.undated > 0) {
      container.append(el("p", { class: "note", text: plural(timeline.undated, "quote", "quotes") +
                                 " without a date." }));
    }
  }

  let speakerCursor = null;
  let speakerShown = 0;

  async function loadSpeakerQuotes(key, first) {
    const status = $("speaker-status");
    const more = $("speaker-more");
    more.hidden = true;
    let data;
    try {
      data = await api("/api/speaker/" + encodeURIComponent(key),
                       { limit: PAGE, cursor: speakerCursor });
    } catch (e) {
      if (first) $("speaker-name").textContent = "Speaker not found";
      setStatus(status, e.message, true);
      if (e.status === 300 && e.data && e.data.speakers) {
        const list = el("ul", { class: "candidates" });
        for (const s of e.data.speakers) {
          list.append(el("li", {}, el("a", { href: speakerHref(s.speaker_id), text: s.name })));
        }
        status.after(list);
      }
      return;
    }
    if (first) {
      const s = data.speaker;
      document.title = s.name + " · Quotes";
      $("speaker-name").textContent = s.name;
      $("speaker-roles").textContent = (s.roles || []).join(", ");
      const others = (s.aliases || []).filter((a) => a !== s.name);
      $("speaker-aliases").textContent = others.length ? "Also written: " + others.join(" · ") : "";
      drawTimeline($("timeline"), data.timeline);
    }
    const list = $("speaker-quotes");
    const speakers = {};
    speakers[data.speaker.speaker_id] = data.speaker;
    for (const q of data.quotes) list.append(card(q, speakers));
    speakerShown += data.quotes.length;
    speakerCursor = data.next_cursor;
    more.hidden = !speakerCursor;
    const total = Number(data.speaker.quote_count || 0);
    setStatus(status, "All quotes, newest first: " + speakerShown + " of " + total + " shown.");
  }

  function showSpeaker(key) {
    $("speaker-view").hidden = false;
    $("speaker-more").addEventListener("click", () => loadSpeakerQuotes(key, false));
    loadSpeakerQuotes(key, true);
  }

  // -------------------------------------------------------------------- page

  async function loadStats() {
    try {
      const s = await api("/api/stats");
      $("stats").textContent = plural(s.quotes, "quote", "quotes") + " · " +
          plural(s.speakers, "speaker", "speakers") + " · " +
          plural(s.documents, "article", "articles");
    } catch (e) {
      $("stats").textContent = "";
    }
  }

  function start() {
    loadStats();
    const path = window.location.pathname;
    if (path.startsWith("/speaker/")) {
      showSpeaker(decodeURIComponent(path.slice("/speaker/".length)));
      return;
    }
    $("search").addEventListener("submit", (e) => {
      e.preventDefault();
      submitSearch();
    });
    $("more").addEventListener("click", () => runSearch(searchParams, true));
    setupSuggestions($("speaker"), $("suggestions"), () => submitSearch());
    window.addEventListener("popstate", showSearch);
    showSearch();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
