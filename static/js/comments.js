// Discussion threads: small conveniences on top of htmx. Without JavaScript the
// same links lead to pages that do the same (a reply page with the quote filled in,
// the comment's page instead of cancelling an edit in place).
(function () {
  "use strict";
  if (window.balaiComments) return; // the thread partial may load this twice
  window.balaiComments = true;

  // "Quote": put the comment's text, as a Markdown quote, into the reply form under it.
  function quote(link) {
    var form = document.getElementById(link.getAttribute("data-reply-form"));
    if (!form) return openThenQuote(link);
    var source = document.getElementById("comment-" + link.getAttribute("data-quote") + "-text");
    if (!form || !source) return false;
    var textarea = form.querySelector("textarea[name=body]");
    var author = document.querySelector("#comment-" + link.getAttribute("data-quote") + "-by .person-name");
    var lines = source.innerText.trim().split(/\n/).map(function (line) { return line ? "> " + line : ">"; });
    var text = (author ? "> **" + author.textContent + "**:\n" : "") + lines.join("\n") + "\n\n";
    var details = form.closest("details");
    if (details) details.open = true;
    textarea.value = textarea.value ? textarea.value.replace(/\s*$/, "\n\n") + text : text;
    var quoted = form.querySelector("[data-quoted-field]");
    if (quoted) quoted.value = link.getAttribute("data-quote");
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    return true;
  }

  // The reply box loads its form when first opened (thread.html#reply-form): open it, quote once it is in.
  function openThenQuote(link) {
    var formId = link.getAttribute("data-reply-form");
    var box = document.getElementById(formId.replace(/-form$/, ""));
    if (!box || !window.htmx) return false;
    document.addEventListener("htmx:afterSettle", function loaded() {
      if (!document.getElementById(formId)) return;
      document.removeEventListener("htmx:afterSettle", loaded);
      quote(link);
    });
    box.open = true;
    return true;
  }

  // "Show earlier replies": the link goes away with the swap, so the focus moves to the first reply
  // brought in (keyboard and screen-reader users carry on reading from there).
  function focusEarlierReplies(gate) {
    var list = gate.parentElement;
    document.addEventListener("htmx:afterSettle", function settled() {
      if (document.contains(gate)) return;
      document.removeEventListener("htmx:afterSettle", settled);
      var first = list.querySelector(":scope > li.comment > article");
      if (!first) return;
      first.setAttribute("tabindex", "-1");
      first.focus();
    });
  }

  document.addEventListener("click", function (event) {
    var gate = event.target.closest(".earlier-replies[id] a[hx-get]");
    if (gate && window.htmx) focusEarlierReplies(gate.parentElement);
    var link = event.target.closest("a[data-quote]");
    if (link && quote(link)) { event.preventDefault(); return; }
    var cancel = event.target.closest("a[data-editor-cancel]");
    var editor = cancel && document.getElementById(cancel.getAttribute("data-editor-cancel"));
    if (editor) { event.preventDefault(); editor.innerHTML = ""; }
  });
})();
