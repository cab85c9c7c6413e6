/* sre-docs: sortable, filterable tables on the generated reliability pages.
 *
 * Progressive enhancement: without JavaScript a table is the plain table MkDocs renders. A page
 * opts in with an element of class `sre-docs-tables` (the generated pages carry one); each
 * table with a header row then gets a filter box and header buttons that sort its rows.
 * Cells are compared by their `data-sort` value when present, else as numbers when both read
 * as numbers, else as dates or text. No network, no dependencies.
 */
(function () {
  "use strict";

  var NUMBER = /^[-+]?\d+(?:[.,]\d+)?\s*(?:%|h|min|d|days?)?$/i;

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var explicit = cell.getAttribute("data-sort");
    return (explicit !== null ? explicit : cell.textContent).trim();
  }

  function compareValues(a, b) {
    if (a === b) return 0;
    if (a === "" || a === "—") return 1;
    if (b === "" || b === "—") return -1;
    if (NUMBER.test(a) && NUMBER.test(b)) {
      return parseFloat(a.replace(",", ".")) - parseFloat(b.replace(",", "."));
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, index, button) {
    var body = table.tBodies[0];
    if (!body) return;
    var header = button.parentNode;
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var headers = table.tHead.rows[0].cells;
    for (var i = 0; i < headers.length; i++) headers[i].removeAttribute("aria-sort");
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, position) { row.setAttribute("data-position", position); });
    rows.sort(function (first, second) {
      var order = compareValues(cellValue(first, index), cellValue(second, index));
      if (!ascending) order = -order;
      return order || first.getAttribute("data-position") - second.getAttribute("data-position");
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function addFilter(table, count) {
    var box = document.createElement("div");
    box.className = "sre-docs-filter";
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of the next table");
    label.appendChild(input);
    var status = document.createElement("span");
    status.className = "sre-docs-filter-count";
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(status);
    var body = table.tBodies[0];
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(body.rows, function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? shown + " of " + count + " rows" : "";
    });
    var wrapper = table.closest(".md-typeset__scrollwrap") || table;
    wrapper.parentNode.insertBefore(box, wrapper);
  }

  function enhance(table) {
    if (table.getAttribute("data-sre-docs") === "on") return;
    if (!table.tHead || !table.tBodies[0] || table.tBodies[0].rows.length < 2) return;
    table.setAttribute("data-sre-docs", "on");
    table.classList.add("sre-docs-table");
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sre-docs-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      button.addEventListener("click", function () { sortBy(table, index, button); });
      header.appendChild(button);
    });
    markShortColumns(table);
    addFilter(table, table.tBodies[0].rows.length);
  }

  // Columns of short values (states, dates, numbers, handles) keep each value on one line and
  // columns of text keep a readable width, so a wide table scrolls sideways rather than
  // breaking "Budget (min)" over three lines or a title into one letter per line.
  function markShortColumns(table) {
    var rows = Array.prototype.slice.call(table.rows);
    var columns = table.tHead.rows[0].cells.length;
    for (var index = 0; index < columns; index++) {
      var longest = 0;
      rows.forEach(function (row) {
        var cell = row.cells[index];
        if (cell) longest = Math.max(longest, cell.textContent.trim().length);
      });
      var kind = longest > 24 ? "sre-docs-long" : "sre-docs-short";
      rows.forEach(function (row) {
        if (row.cells[index]) row.cells[index].classList.add(kind);
      });
    }
  }

  function run() {
    if (!document.querySelector(".sre-docs-tables")) return;
    var tables = document.querySelectorAll(".md-content article table");
    Array.prototype.forEach.call(tables, enhance);
  }

  // Material's instant navigation swaps pages without a reload: `document$` tells of each.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
