// Sortable tables (table[data-sortable], the accountability dashboard): each column heading
// becomes a button; a press sorts the rows by that column (numbers largest first, names A to Z,
// a second press reverses) and says so with aria-sort. Without JavaScript the table keeps the
// server's order. A cell's data-sort-value, when present, is what it sorts by.
(function () {
  "use strict";
  function valueOf(cell) {
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    var number = parseFloat(raw.replace(",", "."));
    return isNaN(number) ? raw : number;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), document.documentElement.lang || undefined);
  }
  function sortBy(table, index, heading) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.length && typeof valueOf(rows[0].cells[index]) === "number";
    var current = heading.getAttribute("aria-sort");
    var ascending = current ? current === "descending" : !numeric;
    rows.sort(function (r1, r2) {
      var order = compare(valueOf(r1.cells[index]), valueOf(r2.cells[index]));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (heading, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, heading); });
    });
  });
})();
