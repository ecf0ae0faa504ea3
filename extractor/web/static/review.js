/* cnie review page: popovers on mentions, flags that jump to their evidence, record rows that
   jump to their figure, type toggles. Builds DOM with textContent only (never innerHTML), so
   nothing from a document is ever parsed as HTML. Inlined as is by `cnie report`. */
(function () {
  "use strict";

  var FIELDS = {
    quantity: ["value", "value_max", "unit", "approx", "indicator", "place", "period", "change", "record"],
    date: ["value"],
    place: ["name", "level", "adcode", "parent", "candidates"],
    program: ["name", "kind", "program_id", "reason"]
  };
  var LABELS = {quantity: "figure", date: "date", place: "place", program: "programme"};

  var popover = null;
  function getPopover() {
    if (!popover) {
      popover = document.createElement("div");
      popover.className = "popover";
      popover.hidden = true;
      popover.setAttribute("role", "tooltip");
      document.body.appendChild(popover);
    }
    return popover;
  }

  function fmt(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.join(", ");
    if (typeof v === "number") return v.toLocaleString("en-US", {maximumFractionDigits: 10});
    return String(v);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showPopover(mark, info) {
    var p = getPopover();
    while (p.firstChild) p.removeChild(p.firstChild);
    var type = info.type || mark.getAttribute("data-type");
    var title = el("div", "ptitle");
    title.appendChild(el("span", "ptype ent-" + type, LABELS[type] || type));
    title.appendChild(document.createTextNode(info.text || ""));
    p.appendChild(title);
    var table = el("table");
    (FIELDS[type] || []).forEach(function (k) {
      if (info[k] === undefined || info[k] === null || info[k] === "") return;
      if (type === "quantity" && k === "value_max") return;
      var tr = el("tr");
      tr.appendChild(el("td", "", k === "value" && type === "date" ? "ISO" : k));
      var v = fmt(info[k]);
      if (type === "quantity" && k === "value" && info.value_max !== undefined) v += "\u2013" + fmt(info.value_max);
      tr.appendChild(el("td", k === "value" ? "pvalue" : "", v));
      table.appendChild(tr);
    });
    if (info.warnings && info.warnings.length) {
      var tr = el("tr");
      tr.appendChild(el("td", "", "warnings"));
      tr.appendChild(el("td", "", info.warnings.join("; ")));
      table.appendChild(tr);
    }
    p.appendChild(table);
    p.hidden = false;
    var r = mark.getBoundingClientRect();
    var left = window.scrollX + r.left;
    var maxLeft = window.scrollX + document.documentElement.clientWidth - p.offsetWidth - 8;
    p.style.left = Math.max(8, Math.min(left, maxLeft)) + "px";
    p.style.top = (window.scrollY + r.bottom + 6) + "px";
  }

  function hidePopover() {
    if (popover) popover.hidden = true;
  }

  function clearActive(view) {
    view.querySelectorAll(".flash, .active").forEach(function (e) {
      e.classList.remove("flash");
      e.classList.remove("active");
    });
  }

  function flashSpan(view, anchorId, sentenceId) {
    var target = document.getElementById(anchorId);
    if (!target) return null;
    clearActive(view);
    var key = target.getAttribute("data-span");
    if (key) {
      view.querySelectorAll('.ev[data-span="' + key + '"]').forEach(function (e) { e.classList.add("flash"); });
    }
    target.classList.add("flash");
    if (sentenceId) {
      var sent = document.getElementById(sentenceId);
      if (sent) {
        sent.classList.add("flash");
        var skey = sent.getAttribute("data-sent");  // parts split by a crossing mention
        view.querySelectorAll('.sent[data-sent="' + skey + '"]').forEach(function (e) { e.classList.add("flash"); });
      }
    }
    target.scrollIntoView({block: "center", behavior: "auto"});
    if (history.replaceState) history.replaceState(null, "", "#" + anchorId);
    return target;
  }

  function setupView(view) {
    var dataEl = view.querySelector("script.doc-data");
    var data = {mentions: {}, records: {}, flags: []};
    try { data = JSON.parse(dataEl.textContent); } catch (e) { /* keep defaults */ }
    var prefix = view.getAttribute("data-prefix") || "";
    var text = view.querySelector(".doc-text");

    // mentions: popover on hover / focus / click
    text.addEventListener("mouseover", function (ev) {
      var mark = ev.target.closest("mark.ent");
      if (!mark) return;
      var info = data.mentions[mark.getAttribute("data-mention-id")];
      if (info) showPopover(mark, info);
    });
    text.addEventListener("mouseout", function (ev) {
      if (!ev.relatedTarget || !ev.relatedTarget.closest || !ev.relatedTarget.closest("mark.ent")) hidePopover();
    });
    text.addEventListener("focusin", function (ev) {
      var mark = ev.target.closest("mark.ent");
      var info = mark && data.mentions[mark.getAttribute("data-mention-id")];
      if (info) showPopover(mark, info);
    });
    text.addEventListener("focusout", hidePopover);
    text.addEventListener("click", function (ev) {
      var mark = ev.target.closest("mark.ent");
      if (!mark) return;
      var id = mark.getAttribute("data-mention-id");
      var info = data.mentions[id];
      if (!info) return;
      showPopover(mark, info);
      clearActive(view);
      view.querySelectorAll('mark[data-mention-id="' + id + '"]').forEach(function (m) { m.classList.add("active"); });
      if (info.record) {
        var row = document.getElementById(prefix + "rec-" + info.record);
        if (row) row.classList.add("active");
      }
    });

    // flags and their evidence spans
    view.querySelectorAll(".flag-link[data-anchor], .span-link[data-anchor]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        var target = flashSpan(view, a.getAttribute("data-anchor"), a.getAttribute("data-sentence"));
        var li = a.closest(".flag");
        if (target && li) li.classList.add("active");
      });
    });

    // records: jump to the figure
    view.querySelectorAll(".records-table tbody tr").forEach(function (row) {
      function go() {
        var rid = row.getAttribute("data-record-id");
        var mid = null;
        Object.keys(data.mentions).forEach(function (k) {
          if (mid === null && data.mentions[k].record === rid) mid = k;
        });
        clearActive(view);
        row.classList.add("active");
        if (mid === null) return;
        var marks = view.querySelectorAll('mark[data-mention-id="' + mid + '"]');
        marks.forEach(function (m) { m.classList.add("active"); });
        if (marks.length) marks[0].scrollIntoView({block: "center"});
      }
      row.addEventListener("click", go);
      row.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
    });

    // type toggles
    view.querySelectorAll("input[data-toggle-type]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.getAttribute("data-toggle-type"), !box.checked);
      });
    });

    // a link to #span-... from elsewhere
    var hash = decodeURIComponent((location.hash || "").slice(1));
    if (hash && view.contains(document.getElementById(hash))) {
      var link = view.querySelector('[data-anchor="' + hash.replace(/["\\]/g, "") + '"]');
      flashSpan(view, hash, link ? link.getAttribute("data-sentence") : null);
    }
  }

  function init() {
    document.querySelectorAll(".doc-view").forEach(setupView);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hidePopover(); });
    window.addEventListener("scroll", hidePopover, {passive: true});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
