// Offline search of the articles of a site (the internal archive's: all, marked 草稿/内部; the public site's: public ones).
// The data lies in one script per series and year (search/<series>/<year>.js, listed in the page's
// #search-shards), loaded on the first search, so the home page stays small however large the
// archive; scripts load from a folder opened without a server, where fetch cannot. Results are
// built with DOM methods only (textContent), never innerHTML, so no article text can become markup.
// The rules are those of `python build.py search` (jianbao/archive/search_terms.py): an issue number
// (as 2017年第7期 or 总第43期) names its issue; a word is looked for in the title, the text and the issue's
// correction notices and note ("c", with its first article); every word is marked wherever it is shown.
"use strict";
(function () {
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  var source = document.getElementById("search-shards");
  if (!input || !out || !source) return;
  var shards = JSON.parse(source.textContent);
  var entries = null, loading = false;

  // Loads every shard once, then calls `then`; each shard calls jianbaoSearch(list) as it runs.
  function load(then) {
    if (entries) { then(); return; }
    if (loading) return;
    loading = true;
    var got = [], left = shards.length, failed = false;
    window.jianbaoSearch = function (list) { got = got.concat(list); };
    function done() {
      left -= 1;
      if (left > 0) return;
      if (failed) { note("检索数据未能全部载入，请重新打开本页。"); loading = false; return; }
      // Shards arrive in any order: sorted as one index was (newest first), results do not vary.
      got.sort(function (a, b) { return cmp(b.d, a.d) || cmp(b.u, a.u) || cmp(b.t, a.t); });
      entries = got;
      then();
    }
    if (!left) { left = 1; done(); return; }
    note("正在载入检索数据……");
    shards.forEach(function (name) {
      var script = document.createElement("script");
      script.src = name;
      script.onload = done;
      script.onerror = function () { failed = true; done(); };
      document.head.appendChild(script);
    });
  }

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function note(text) {
    out.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    out.appendChild(p);
  }
  var LIMIT = 30, REACH = 16, MAX = 120;
  var NUMBER = /^(?:(\d{4})年)?(增刊)?第(\d{1,3})期$/, TOTAL = /^总第(\d{1,5})期$/;

  function fold(text) { return text.toLowerCase(); }

  function count(text, term) {
    var n = 0, hay = fold(text || ""), needle = fold(term), at = hay.indexOf(needle);
    while (at !== -1) { n += 1; at = hay.indexOf(needle, at + needle.length); }
    return n;
  }

  // The issue a term names, if it is an issue number: {year, label} or {total}; else null.
  function issueOf(term) {
    var t = term.normalize ? term.normalize("NFKC") : term;
    var m = NUMBER.exec(t);
    if (m) return { year: m[1] ? Number(m[1]) : 0, label: (m[2] || "") + "第" + Number(m[3]) + "期" };
    m = TOTAL.exec(t);
    return m ? { total: "总第" + Number(m[1]) + "期" } : null;
  }

  function names(e, wanted) {
    if (!wanted) return false;
    if (wanted.total) return e.z === wanted.total;
    return e.n === wanted.label && (!wanted.year || e.y === wanted.year);
  }

  // Appends the text to `parent`, each occurrence of a term (longest first) in a <mark>.
  function marked(parent, text, terms) {
    var rest = text, hay = fold(text);
    while (rest.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var i = hay.indexOf(fold(t));
        if (i !== -1 && (best === -1 || i < best || (i === best && t.length > len))) { best = i; len = t.length; }
      });
      if (best === -1) { parent.appendChild(document.createTextNode(rest)); break; }
      if (best > 0) parent.appendChild(document.createTextNode(rest.slice(0, best)));
      var mark = document.createElement("mark");
      mark.textContent = rest.slice(best, best + len);
      parent.appendChild(mark);
      rest = rest.slice(best + len);
      hay = hay.slice(best + len);
    }
    return parent;
  }

  // Pieces of the text (then of the notice) around the first occurrence of each term, on one line.
  function snippet(texts, terms) {
    texts = texts.map(function (t) { return (t || "").replace(/\s+/g, " ").trim(); });
    var spans = [];
    terms.forEach(function (t) {
      for (var k = 0; k < texts.length; k += 1) {
        var i = fold(texts[k]).indexOf(fold(t));
        if (i === -1) continue;
        var start = i - REACH;
        spans.push([k, start > REACH ? start : 0, Math.min(texts[k].length, i + t.length + REACH)]);
        return;
      }
    });
    var p = document.createElement("p");
    if (!spans.length) {
      p.textContent = texts[0].slice(0, 3 * REACH) + (texts[0].length > 3 * REACH ? "…" : "");
      return p;
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && last[0] === s[0] && s[1] <= last[2]) last[2] = Math.max(last[2], s[2]);
      else merged.push(s.slice());
    });
    var length = 0, shown = [];
    merged.forEach(function (s) {
      if (length >= MAX && shown.length) return;
      shown.push(s);
      length += s[2] - s[1];
    });
    shown.forEach(function (s, n) {
      if (n > 0 || s[1] > 0) p.appendChild(document.createTextNode("…"));
      marked(p, texts[s[0]].slice(s[1], s[2]), terms);
    });
    var last = shown[shown.length - 1];
    if (last[2] < texts[last[0]].length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function run() {
    if (!entries) { if (input.value.trim()) load(run); return; }
    var terms = input.value.trim().split(/\s+/).filter(Boolean);
    out.textContent = "";
    if (!terms.length) return;
    var issues = terms.map(issueOf);
    var hits = [];
    entries.forEach(function (e) {
      var score = 0, found = [];
      for (var i = 0; i < terms.length; i += 1) {
        var byNumber = names(e, issues[i]);
        var n = (byNumber ? 10 : 0) + 5 * count(e.t, terms[i]) + count(e.x, terms[i]) + count(e.c, terms[i]);
        if (!n) return;
        score += n;
        if (byNumber) found.push(i);
      }
      hits.push({ e: e, score: score, byNumber: found });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.e.d < b.e.d ? 1 : a.e.d > b.e.d ? -1 : 0); });
    var head = document.createElement("p");
    head.textContent = hits.length ? "找到 " + hits.length + " 篇" + (hits.length > LIMIT ? "，显示前 " + LIMIT + " 篇" : "") + "：" : "没有找到包含“" + terms.join(" ") + "”的文章。";
    out.appendChild(head);
    hits.slice(0, LIMIT).forEach(function (h) {
      var div = document.createElement("div");
      div.className = "hit";
      var title = document.createElement("p");
      var link = document.createElement("a");
      link.href = h.e.u;
      marked(link, h.e.t, terms);
      title.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.appendChild(document.createTextNode(h.e.s + " "));
      // 2017年第7期（总第43期）, marked when the query named the issue by its number
      var number = document.createElement(h.byNumber.length ? "mark" : "span");
      number.textContent = h.e.y + "年" + h.e.n + (h.e.z ? "（" + h.e.z + "）" : "");
      meta.appendChild(number);
      meta.appendChild(document.createTextNode(" · " + h.e.d + (h.e.k ? " ［" + h.e.k + "］" : "")));
      div.appendChild(title);
      div.appendChild(meta);
      div.appendChild(snippet([h.e.x, h.e.c], terms));
      out.appendChild(div);
    });
  }

  input.addEventListener("input", run);
  if (input.value) run();
})();
