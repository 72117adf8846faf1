// The header's <details> menus (templates/includes/site_header.html) work without this file.
// It adds what a menu is expected to do: one open at a time, Escape and a click outside close it
// (focus back on its summary), opening the area menu puts the cursor in its search, and the
// arrow keys move between the search and the areas found.
(function () {
  "use strict";
  function menus() { return document.querySelectorAll(".site-header details.menu"); }
  function closeMenu(menu, focusSummary) {
    if (!menu.open) return;
    menu.open = false;
    if (focusSummary) menu.querySelector("summary").focus();
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.classList.contains("menu") || !menu.open) return;
    menus().forEach(function (other) { if (other !== menu) other.open = false; });
    var search = menu.querySelector("input[type=search]");
    if (search) { search.focus(); search.select(); }
  }, true);
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) { if (!menu.contains(event.target)) closeMenu(menu, false); });
  });
  document.addEventListener("keydown", function (event) {
    var menu = event.target.closest && event.target.closest(".site-header details.menu");
    if (!menu) return;
    if (event.key === "Escape") { event.preventDefault(); closeMenu(menu, true); return; }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var items = Array.prototype.slice.call(menu.querySelectorAll(".menu-panel input[type=search], .menu-list a, .menu-list button"));
    var index = items.indexOf(event.target);
    if (index === -1) return;
    event.preventDefault();
    var next = items[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) next.focus();
  });
})();
