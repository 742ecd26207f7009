// Offline search of the articles of a site (the internal archive's: all, marked 草稿/内部; the public site's: public ones). The data sits in the page as a JSON block
// (#search-data), so it works from a folder opened without a server; results are built with DOM
// methods only (textContent), never innerHTML, so no article text can become markup.
"use strict";
(function () {
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  var source = document.getElementById("search-data");
  if (!input || !out || !source) return;
  var entries = JSON.parse(source.textContent);
  var LIMIT = 30, WIDTH = 60;

  function count(text, term) {
    var n = 0, at = text.indexOf(term);
    while (at !== -1) { n += 1; at = text.indexOf(term, at + term.length); }
    return n;
  }

  function snippet(text, terms) {
    var flat = text.replace(/\s+/g, " ");
    var first = flat.length;
    terms.forEach(function (t) { var i = flat.indexOf(t); if (i !== -1 && i < first) first = i; });
    if (first === flat.length) first = 0;
    var start = Math.max(0, first - WIDTH / 3);
    var piece = flat.slice(start, start + WIDTH);
    var p = document.createElement("p");
    if (start > 0) p.appendChild(document.createTextNode("…"));
    var rest = piece;
    while (rest.length) {
      var best = -1, term = "";
      terms.forEach(function (t) {
        var i = rest.indexOf(t);
        if (i !== -1 && (best === -1 || i < best || (i === best && t.length > term.length))) { best = i; term = t; }
      });
      if (best === -1) { p.appendChild(document.createTextNode(rest)); break; }
      if (best > 0) p.appendChild(document.createTextNode(rest.slice(0, best)));
      var mark = document.createElement("mark");
      mark.textContent = term;
      p.appendChild(mark);
      rest = rest.slice(best + term.length);
    }
    if (start + WIDTH < flat.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function run() {
    var terms = input.value.trim().split(/\s+/).filter(Boolean);
    out.textContent = "";
    if (!terms.length) return;
    var hits = [];
    entries.forEach(function (e) {
      var score = 0;
      for (var i = 0; i < terms.length; i += 1) {
        var n = 5 * count(e.t, terms[i]) + count(e.x, terms[i]);
        if (!n) return;
        score += n;
      }
      hits.push({ e: e, score: score });
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
      link.textContent = h.e.t;
      title.appendChild(link);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.textContent = h.e.s + " " + h.e.y + "年" + h.e.n + " · " + h.e.d + (h.e.k ? " ［" + h.e.k + "］" : "");
      div.appendChild(title);
      div.appendChild(meta);
      div.appendChild(snippet(h.e.x.indexOf(terms[0]) !== -1 ? h.e.x : h.e.t, terms));
      out.appendChild(div);
    });
  }

  input.addEventListener("input", run);
  if (input.value) run();
})();
