// Live updates of a page, over a websocket that only carries server → browser events.
//
// Each message is "<!--seq:N-->" followed by HTML fragments whose top-level
// elements say where they go with data-live-swap:
//   "replace"           replace the element with the same id (if shown here)
//   "append TARGET"     add to #TARGET, unless an element with its id is already here
//   "prepend TARGET"    likewise, at the start
//   "announce"          read out its text through the aria-live region
// Applying an event twice changes nothing. The socket reconnects with backoff and
// asks for what it missed with ?after=<last seq seen>; the server replays it in order.
// (htmx's ws extension gives up after some close codes, e.g. a server restart, and cannot
// resume from a sequence number, hence this small client; htmx still processes new markup.)
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !("WebSocket" in window)) return;

  var state = { lastSeq: parseInt(root.getAttribute("data-live-seq") || "0", 10), socket: null, paused: false, retries: 0, timer: null };
  var statusEl = document.getElementById("live-status");
  var announcer = document.getElementById("live-announcer");

  function setStatus(connected) {
    root.setAttribute("data-live-state", connected ? "connected" : "paused");
    if (statusEl) statusEl.hidden = connected;
  }

  function apply(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    Array.prototype.slice.call(tpl.content.children).forEach(function (el) {
      var how = (el.getAttribute("data-live-swap") || "").split(" ");
      var existing = el.id ? document.getElementById(el.id) : null;
      if (how[0] === "announce") {
        if (announcer) announcer.textContent = el.textContent;
        return;
      }
      if (how[0] === "replace") {
        if (existing) { existing.replaceWith(el); processed(el); }
        return;
      }
      if ((how[0] === "append" || how[0] === "prepend") && !existing) {
        var target = document.getElementById(how[1]);
        if (!target) return;
        if (how[0] === "append") target.appendChild(el); else target.insertBefore(el, target.firstChild);
        processed(el);
        var empty = target.querySelector(":scope > .live-empty");
        if (empty) empty.remove();
      }
    });
  }

  function processed(el) {
    if (window.htmx) window.htmx.process(el);
    document.dispatchEvent(new CustomEvent("balai:live-swapped", { detail: { element: el } }));
  }

  function onMessage(event) {
    var match = /^<!--seq:(\d+)-->/.exec(event.data);
    if (!match) return;
    var seq = parseInt(match[1], 10);
    if (seq <= state.lastSeq) return; // a duplicate: already applied
    apply(event.data.slice(match[0].length));
    state.lastSeq = seq;
    root.setAttribute("data-live-seq", String(seq));
  }

  function connect() {
    if (state.paused) return;
    var url = new URL(root.getAttribute("data-live-url"), window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("after", String(state.lastSeq));
    var socket = new WebSocket(url.toString());
    state.socket = socket;
    socket.onopen = function () { state.retries = 0; setStatus(true); };
    socket.onmessage = onMessage;
    socket.onclose = function (event) {
      if (state.socket !== socket) return;
      state.socket = null;
      setStatus(false);
      if (event.code === 4404 || state.paused) return; // the page is gone, or paused on purpose
      // Full-jitter exponential backoff: 0.5 s, 1 s, 2 s … capped at 15 s.
      var delay = Math.random() * Math.min(15000, 500 * Math.pow(2, state.retries++));
      state.timer = window.setTimeout(connect, delay);
    };
  }

  window.balaiLive = {
    state: state,
    pause: function () { state.paused = true; window.clearTimeout(state.timer); if (state.socket) state.socket.close(); },
    resume: function () { state.paused = false; state.retries = 0; if (!state.socket) connect(); },
  };
  connect();
})();
