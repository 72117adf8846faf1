// Live updates of a page, over a websocket that only carries server → browser events.
//
// Each event is "<!--seq:N-->" followed by HTML fragments whose top-level
// elements say where they go with data-live-swap:
//   "replace"           replace the element with the same id (if shown here)
//   "append TARGET"     add to #TARGET, unless an element with its id is already here
//   "prepend TARGET"    likewise, at the start
//   "announce"          read out its text through the aria-live region
// A target may overrule where new items go with data-live-insert="append|prepend|none"
// (a thread's first page of "newest first" prepends; a middle page takes none and
// reveals its data-live-overflow notice instead).
// Applying an event twice changes nothing. A replaced element keeps the forms
// inside it that have the same id (with what was typed, and the focus): a
// half-written reply survives any number of events.
// The server also says "<!--live:on-->" (delivering) and "<!--live:paused-->" (its
// channel layer, Redis, is down: keep reading, it resumes by itself), and
// "<!--live:stale-->" when this page is further behind than the events the server
// keeps (LIVE_EVENTS_KEPT): it then closes (4410) and the page asks to be reloaded,
// rather than reloading itself over what the reader is typing.
// The socket reconnects with backoff and asks for what it missed with
// ?after=<last seq seen>; the server replays it in order.
// Close codes from the server: 4404 the page is gone, 4403 the session was ended (a
// suspension): no reconnecting; 4503 the channel layer is down: the usual backoff;
// 4429 too many open sockets from this address or account (core/sockets.py): wait
// long (30-60 s, growing) before trying again, so that many tabs do not hammer.
// (htmx's ws extension gives up after some close codes, e.g. a server restart, and cannot
// resume from a sequence number, hence this small client; htmx still processes new markup.)
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  var statusEl = document.getElementById("live-status");
  var announcer = document.getElementById("live-announcer");
  var state = {
    lastSeq: root ? parseInt(root.getAttribute("data-live-seq") || "0", 10) : 0,
    socket: null, paused: false, retries: 0, timer: null, live: false,
  };

  function setStatus(live) {
    state.live = live;
    if (root) root.setAttribute("data-live-state", live ? "connected" : "paused");
    if (statusEl) statusEl.hidden = live;
  }

  function byId(id) { return id ? document.getElementById(id) : null; }

  // Forms (and [data-live-keep] elements) inside `existing` move into `el` where it has the same id.
  function carryOver(existing, el) {
    var active = document.activeElement;
    var hadFocus = active && existing.contains(active) ? active : null;
    var selection = hadFocus && "selectionStart" in hadFocus ? [hadFocus.selectionStart, hadFocus.selectionEnd] : null;
    existing.querySelectorAll("form[id], [data-live-keep][id]").forEach(function (old) {
      var slot = el.querySelector("#" + CSS.escape(old.id));
      if (slot && !old.contains(slot)) slot.replaceWith(old);
    });
    return function restoreFocus() {
      if (hadFocus && document.contains(hadFocus)) {
        hadFocus.focus({ preventScroll: true });
        if (selection) { try { hadFocus.setSelectionRange(selection[0], selection[1]); } catch (e) { /* not a text field */ } }
      }
    };
  }

  function insert(el, how, targetId) {
    var target = byId(targetId);
    if (!target) return;
    var mode = target.getAttribute("data-live-insert") || how;
    if (mode === "none") {
      var notice = byId(target.getAttribute("data-live-overflow"));
      if (notice) notice.hidden = false;
      return;
    }
    if (mode === "prepend") target.insertBefore(el, target.firstChild); else target.appendChild(el);
    processed(el);
    var empty = target.querySelector(":scope > .live-empty");
    if (empty) empty.remove();
  }

  function apply(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    Array.prototype.slice.call(tpl.content.children).forEach(function (el) {
      var how = (el.getAttribute("data-live-swap") || "").split(" ");
      var existing = byId(el.id);
      if (how[0] === "announce") {
        if (announcer) announcer.textContent = el.textContent;
      } else if (how[0] === "replace") {
        if (!existing) return;
        var restoreFocus = carryOver(existing, el);
        existing.replaceWith(el);
        restoreFocus();
        processed(el);
      } else if ((how[0] === "append" || how[0] === "prepend") && !existing) {
        insert(el, how[0], how[1]);
      }
    });
  }

  // A shared fragment never carries text only its author may read (a hidden comment): it
  // carries its address (data-own-src), fetched here by the author's own page alone, with
  // the author's session; the server answers nobody else.
  var viewer = document.body.getAttribute("data-viewer");
  function fetchOwnCopies(el) {
    if (!viewer) return;
    el.querySelectorAll("[data-own-src]").forEach(function (slot) {
      var owner = slot.closest("[data-author]");
      if (!owner || owner.getAttribute("data-author") !== viewer) return;
      fetch(slot.getAttribute("data-own-src"), { credentials: "same-origin" }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html === null) return;
        var tpl = document.createElement("template");
        tpl.innerHTML = html;
        if (tpl.content.firstElementChild) slot.replaceWith(tpl.content.firstElementChild);
      }).catch(function () { /* offline: the notice and the appeal link stand */ });
    });
  }

  function processed(el) {
    fetchOwnCopies(el);
    if (window.htmx) window.htmx.process(el);
    document.dispatchEvent(new CustomEvent("balai:live-swapped", { detail: { element: el } }));
  }

  // The writer's own htmx answer carries the event it caused (<template data-live-apply>):
  // applied at once, the same way, so the later live copy changes nothing.
  function applyTemplates() {
    document.querySelectorAll("template[data-live-apply]").forEach(function (tpl) {
      tpl.remove();
      apply(tpl.innerHTML);
    });
  }
  document.addEventListener("htmx:afterSettle", applyTemplates);

  function onMessage(event) {
    var data = event.data;
    if (data === "<!--live:on-->") {
      state.retries = 0;
      setStatus(true);
      document.dispatchEvent(new CustomEvent("balai:live-connected")); // forms.js resends what failed
      return;
    }
    if (data === "<!--live:paused-->") { setStatus(false); return; }
    if (data === "<!--live:stale-->") {
      state.paused = true;
      var stale = document.getElementById("live-stale");
      if (stale) stale.hidden = false;
      return;
    }
    var match = /^<!--seq:(\d+)-->/.exec(data);
    if (!match) return;
    var seq = parseInt(match[1], 10);
    if (seq <= state.lastSeq) return; // a duplicate: already applied
    apply(data.slice(match[0].length));
    state.lastSeq = seq;
    root.setAttribute("data-live-seq", String(seq));
  }

  function schedule(tooMany) {
    // Full-jitter exponential backoff: up to 0.5 s, 1 s, 2 s … capped at 15 s. It grows until the
    // server says it delivers again (a socket that opens and closes at once does not reset it).
    // Over the server's socket cap (4429): at least 30 s, up to 5 minutes.
    var delay = tooMany
      ? 30000 * (1 + Math.random()) * Math.min(5, Math.pow(2, state.retries++))
      : Math.random() * Math.min(15000, 500 * Math.pow(2, state.retries++));
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(connect, delay);
  }

  function connect() {
    if (state.paused || state.socket) return;
    var url = new URL(root.getAttribute("data-live-url"), window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("after", String(state.lastSeq));
    var socket = new WebSocket(url.toString());
    state.socket = socket;
    socket.onmessage = function (event) { if (state.socket === socket) onMessage(event); };
    socket.onclose = function (event) {
      if (state.socket !== socket) return;
      state.socket = null;
      setStatus(false);
      // 4404: the page is gone; 4403: the session was ended (a suspension); 4410: the page
      // is too far behind to catch up: no reconnecting.
      if (event.code === 4404 || event.code === 4403 || event.code === 4410 || state.paused) return;
      schedule(event.code === 4429);
    };
  }

  window.balaiLive = {
    state: state,
    apply: apply,
    pause: function () {
      state.paused = true;
      window.clearTimeout(state.timer);
      var socket = state.socket;
      state.socket = null;
      if (socket) socket.close();
      setStatus(false);
    },
    resume: function () { state.paused = false; state.retries = 0; connect(); },
  };
  if (!root || !("WebSocket" in window)) return;
  // Offline (the browser knows before the socket does): say so now; the close reconnects with backoff.
  window.addEventListener("offline", function () { if (state.socket) state.socket.close(); else setStatus(false); });
  // Back online: try now rather than at the end of a long backoff.
  window.addEventListener("online", function () { if (!state.socket && !state.paused) { window.clearTimeout(state.timer); connect(); } });
  connect();
})();
