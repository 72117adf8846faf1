// Small websockets that only receive fresh markup for parts of a page: the header's unread
// badge (/ws/notifications/), a round's standing (/ws/rounds/<pk>/). Each
// [data-fragment-socket="URL"] opens one; every message is HTML whose top-level elements with
// data-live-swap="replace" replace the element with the same id. The server sends the current
// state on every (re)connect, so nothing is missed. Reconnects with backoff; the close codes in
// data-fragment-stop (and 4403, a session ended) stop it; 4429 (too many sockets) waits long.
(function () {
  "use strict";
  if (!("WebSocket" in window)) return;

  function apply(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    Array.prototype.slice.call(tpl.content.children).forEach(function (el) {
      var existing = el.id ? document.getElementById(el.id) : null;
      if (existing && el.getAttribute("data-live-swap") === "replace") existing.replaceWith(el);
    });
  }

  function open(root) {
    if (root.hasAttribute("data-fragment-open")) return;
    root.setAttribute("data-fragment-open", "");
    var stops = (root.getAttribute("data-fragment-stop") || "").split(/\s+/).concat(["4403"]);
    var retries = 0;
    function connect() {
      var url = new URL(root.getAttribute("data-fragment-socket"), window.location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      var socket = new WebSocket(url.toString());
      socket.onopen = function () { retries = 0; };
      socket.onmessage = function (event) { apply(event.data); };
      socket.onclose = function (event) {
        if (stops.indexOf(String(event.code)) !== -1) return;
        var delay = event.code === 4429 ? 60000 * (1 + Math.random()) : Math.random() * Math.min(30000, 1000 * Math.pow(2, retries++));
        window.setTimeout(connect, delay);
      };
    }
    connect();
  }

  document.querySelectorAll("[data-fragment-socket]").forEach(open);
})();
