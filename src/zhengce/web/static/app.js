// 政策通: small progressive enhancements. Pages work without this file.
"use strict";

// Sortable, filterable tables: <table class="data" data-sortable> with <th data-sort="text|num">,
// an optional <input data-filter-for="TABLE_ID">, and <a data-csv-for="TABLE_ID"> for CSV export.
(function () {
  function cellValue(row, idx, kind) {
    const cell = row.cells[idx];
    const raw = cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim()) : "";
    if (kind === "num") {
      const n = parseFloat(raw.replace(/[,，\s]/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return raw;
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    const heads = table.tHead ? Array.from(table.tHead.rows[0].cells) : [];
    heads.forEach(function (th, idx) {
      if (!th.dataset.sort) return;
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        const asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        const coll = new Intl.Collator("zh-CN");
        rows.sort(function (a, b) {
          const x = cellValue(a, idx, th.dataset.sort), y = cellValue(b, idx, th.dataset.sort);
          const c = th.dataset.sort === "num" ? x - y : coll.compare(x, y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  document.querySelectorAll("input[data-filter-for]").forEach(function (input) {
    const table = document.getElementById(input.dataset.filterFor);
    if (!table) return;
    input.addEventListener("input", function () {
      const needle = input.value.trim().toLowerCase();
      Array.from(table.tBodies[0].rows).forEach(function (r) {
        r.hidden = needle !== "" && r.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  });

  // Client-side CSV of the rows currently shown (the server also offers full CSV exports).
  document.querySelectorAll("a[data-csv-for]").forEach(function (link) {
    link.addEventListener("click", function (ev) {
      const table = document.getElementById(link.dataset.csvFor);
      if (!table) return;
      ev.preventDefault();
      const q = function (s) { return '"' + String(s).replace(/"/g, '""') + '"'; };
      const lines = [Array.from(table.tHead.rows[0].cells).map(function (c) { return q(c.textContent.trim()); }).join(",")];
      Array.from(table.tBodies[0].rows).forEach(function (r) {
        if (!r.hidden) lines.push(Array.from(r.cells).map(function (c) { return q(c.textContent.trim()); }).join(","));
      });
      const blob = new Blob(["\ufeff" + lines.join("\r\n")], { type: "text/csv;charset=utf-8" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (link.dataset.filename || "table") + ".csv";
      a.click();
      URL.revokeObjectURL(a.href);
    });
  });
})();
