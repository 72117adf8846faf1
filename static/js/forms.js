// Every htmx form shows why it failed, and nothing typed is lost.
//
// htmx 2 swaps only 2xx answers by default, so a refused form (400, 403, 409, 422, 429) would
// show nothing. Here a fragment answer (the form again, with the reason beside the field) is
// swapped in like a success; a whole page (an uncaught refusal: templates/403.html, the CSRF
// page) is not swapped into a form's place: its alert sentences are shown at the top of the form.
// A request that never reached the server (offline, server down) or that failed on it (5xx)
// leaves the form as it is (the text stays), says it was not sent, and is sent again when the
// connection returns; the form's submission token makes a second arrival change nothing.
(function () {
  "use strict";
  if (window.balaiForms) return;
  var SWAPPED = /^(400|403|409|422|429)$/;
  var retrying = []; // [{elt, timer, tries}]

  function text(name) {
    var el = document.getElementById("form-messages");
    return (el && el.getAttribute("data-" + name)) || "";
  }

  // The element that sent the request (htmx's detail.elt may be the swap target).
  function sender(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  }

  // Where a notice goes: the form that sent the request, else (a link, a select) its parent.
  function formOf(elt) {
    if (!elt || !elt.closest) return null;
    return elt.closest("form") || elt.parentNode;
  }

  function clearNotice(elt) {
    var form = formOf(elt);
    if (!form || !form.querySelectorAll) return;
    form.querySelectorAll(":scope > .form-notice").forEach(function (n) { n.remove(); });
  }

  function notice(elt, message, kind) {
    var form = formOf(elt);
    if (!form || !form.insertBefore) return;
    clearNotice(form);
    var p = document.createElement("p");
    p.className = "form-notice form-notice-" + kind;
    p.setAttribute("role", "alert");
    p.textContent = message;
    form.insertBefore(p, form.firstChild);
  }

  // The sentences a refusal page says (its role="alert" elements, else its heading).
  function reasonsIn(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.querySelector("main") || doc.body;
    if (!main) return "";
    var alerts = Array.prototype.map.call(main.querySelectorAll("[role=alert]"), function (el) {
      return el.textContent.trim();
    }).filter(Boolean);
    if (alerts.length) return alerts.join(" ");
    var heading = main.querySelector("h1");
    return heading ? heading.textContent.trim() : "";
  }

  function isWholePage(html) { return /^\s*<!doctype|<html[\s>]/i.test(html); }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var status = xhr.status;
    var elt = sender(event.detail);
    if (status < 400) { forget(elt); return; }
    var html = xhr.responseText || "";
    if (SWAPPED.test(String(status)) && !isWholePage(html)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      forget(elt);
      return;
    }
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    if (status >= 500) { notSent(elt); return; }
    forget(elt);
    notice(elt, reasonsIn(html) || text("refused"), "refused");
  });

  // After an error is swapped in, the first invalid field takes the focus (the reason is read with it).
  document.addEventListener("htmx:afterSettle", function (event) {
    var status = event.detail.xhr && event.detail.xhr.status;
    if (!status || status < 400) return;
    var target = event.detail.target;
    var invalid = target && target.querySelector && target.querySelector("[aria-invalid=true], .field-invalid :is(input,textarea,select)");
    if (invalid) invalid.focus();
  });

  function forget(elt) {
    var form = formOf(elt);
    retrying = retrying.filter(function (r) {
      if (r.form !== form) return true;
      window.clearTimeout(r.timer);
      return false;
    });
    clearNotice(form);
  }

  function resend(entry) {
    window.clearTimeout(entry.timer);
    if (entry.sending) return; // "online" and the live channel's return both ask
    if (!document.contains(entry.form)) { forget(entry.form); return; }
    entry.sending = true;
    notice(entry.form, text("sending"), "sending");
    window.htmx.trigger(entry.form, "submit");
  }

  function notSent(elt) {
    var form = formOf(elt);
    if (!form || form.tagName !== "FORM") return;
    var entry = retrying.filter(function (r) { return r.form === form; })[0];
    if (!entry) { entry = { form: form, tries: 0, timer: null }; retrying.push(entry); }
    entry.sending = false;
    notice(form, text("unsent"), "unsent");
    // Back off (3 s, 6 s, … at most a minute) unless the browser says it is back online first.
    var delay = Math.min(60000, 3000 * Math.pow(2, entry.tries++));
    window.clearTimeout(entry.timer);
    entry.timer = window.setTimeout(function () { if (navigator.onLine !== false) resend(entry); else notSent(form); }, delay);
  }

  document.addEventListener("htmx:sendError", function (event) { notSent(sender(event.detail)); });
  document.addEventListener("htmx:timeout", function (event) { notSent(sender(event.detail)); });
  window.addEventListener("online", function () { retrying.slice().forEach(resend); });
  // The live channel says the server answers again: send what is waiting now.
  document.addEventListener("balai:live-connected", function () { retrying.slice().forEach(resend); });

  window.balaiForms = { pending: function () { return retrying.length; } };
})();
