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

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-quote]");
    if (link && quote(link)) { event.preventDefault(); return; }
    var cancel = event.target.closest("a[data-editor-cancel]");
    var editor = cancel && document.getElementById(cancel.getAttribute("data-editor-cancel"));
    if (editor) { event.preventDefault(); editor.innerHTML = ""; }
  });

  // @mentions: typing "@Si" offers the names of the people taking part (the thread's
  // data-mention-names, printed under the form for readers without JavaScript).
  // Arrow keys choose, Enter or Tab takes the name, Escape closes.
  var menu = null;
  function names(textarea) {
    var holder = textarea.form && textarea.form.querySelector("[data-mention-names]") || document.querySelector("[data-mention-names]");
    return holder ? holder.getAttribute("data-mention-names").split("|").filter(Boolean) : [];
  }
  function typedMention(textarea) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[\s(])@([^@\n]{0,40})$/.exec(before);
    return match ? { start: before.length - match[2].length, text: match[2] } : null;
  }
  function closeMenu() {
    if (!menu) return;
    menu.textarea.removeAttribute("aria-activedescendant");
    menu.list.remove();
    menu = null;
  }
  function choose(index) {
    if (!menu) return;
    var items = menu.list.children;
    index = (index + items.length) % items.length;
    Array.prototype.forEach.call(items, function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
    menu.index = index;
    menu.textarea.setAttribute("aria-activedescendant", items[index].id);
  }
  function take(name) {
    var textarea = menu.textarea, typed = menu.typed;
    var after = textarea.value.slice(textarea.selectionStart);
    textarea.value = textarea.value.slice(0, typed.start) + name + " " + after;
    var caret = typed.start + name.length + 1;
    closeMenu();
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
  }
  function openMenu(textarea, typed, matches) {
    closeMenu();
    var list = document.createElement("ul");
    list.className = "mention-menu";
    list.id = textarea.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.getAttribute("data-mention-label") || "@");
    matches.slice(0, 8).forEach(function (name, i) {
      var li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.textContent = name;
      li.addEventListener("mousedown", function (event) { event.preventDefault(); take(name); });
      list.appendChild(li);
    });
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-controls", list.id);
    menu = { textarea: textarea, typed: typed, list: list, index: 0 };
    choose(0);
  }
  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!textarea.matches || !textarea.matches("textarea[name=body]")) return;
    var typed = typedMention(textarea);
    if (!typed) { closeMenu(); return; }
    var wanted = typed.text.toLocaleLowerCase();
    var matches = names(textarea).filter(function (n) { return n.toLocaleLowerCase().indexOf(wanted) === 0 && n.length > typed.text.length; });
    if (matches.length) openMenu(textarea, typed, matches); else closeMenu();
  });
  document.addEventListener("keydown", function (event) {
    if (!menu || event.target !== menu.textarea) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") { event.preventDefault(); choose(menu.index + (event.key === "ArrowDown" ? 1 : -1)); }
    else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); take(menu.list.children[menu.index].textContent); }
    else if (event.key === "Escape") { event.preventDefault(); closeMenu(); }
  });
  document.addEventListener("focusout", function (event) { if (menu && event.target === menu.textarea) closeMenu(); });
})();
