// The unread badge in the header: a small websocket that only receives the badge's
// new markup (data-live-swap="replace", same id). Reconnects with backoff; the server
// sends the current count on every (re)connect, so nothing is missed.
(function () {
  "use strict";
  var root = document.querySelector("[data-notifications-url]");
  if (!root || !("WebSocket" in window)) return;
  var retries = 0;

  function apply(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    Array.prototype.slice.call(tpl.content.children).forEach(function (el) {
      var existing = el.id ? document.getElementById(el.id) : null;
      if (existing && el.getAttribute("data-live-swap") === "replace") existing.replaceWith(el);
    });
  }

  function connect() {
    var url = new URL(root.getAttribute("data-notifications-url"), window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    var socket = new WebSocket(url.toString());
    socket.onopen = function () { retries = 0; };
    socket.onmessage = function (event) { apply(event.data); };
    socket.onclose = function (event) {
      if (event.code === 4401 || event.code === 4403) return; // signed out, or the session was ended
      // 4429: too many open sockets from this address or account (core/sockets.py): wait long.
      var delay = event.code === 4429 ? 60000 * (1 + Math.random()) : Math.random() * Math.min(30000, 1000 * Math.pow(2, retries++));
      window.setTimeout(connect, delay);
    };
  }
  connect();
})();
