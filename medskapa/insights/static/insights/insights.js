// Insights: progressive enhancement only; every action works without this file.
// 1. Selecting text in a source fills the highlight form's start and end.
// 2. On a focused quote, a code's key toggles the code (the form is posted).
// 3. On the affinity board, dragging a quote to a column posts its "Move to" form.
(function () {
  "use strict";

  function offsetWithin(root, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function setUpHighlight() {
    var form = document.getElementById("highlight-form");
    if (!form) { return; }
    var text = document.getElementById(form.getAttribute("data-source"));
    var start = form.querySelector("[name=start]");
    var end = form.querySelector("[name=end]");
    var preview = document.getElementById("selection-preview");
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
      var range = selection.getRangeAt(0);
      if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
      var a = offsetWithin(text, range.startContainer, range.startOffset);
      var b = offsetWithin(text, range.endContainer, range.endOffset);
      start.value = Math.min(a, b);
      end.value = Math.max(a, b);
      if (preview) { preview.textContent = "”" + selection.toString().slice(0, 200) + "”"; }
    });
  }

  function setUpShortcuts() {
    document.querySelectorAll("[data-tag-shortcuts]").forEach(function (quote) {
      quote.addEventListener("keydown", function (event) {
        if (event.ctrlKey || event.metaKey || event.altKey) { return; }
        var pairs = quote.getAttribute("data-tag-shortcuts").split(";");
        for (var i = 0; i < pairs.length; i++) {
          var pair = pairs[i].split("=");
          if (pair.length === 2 && pair[0] === event.key.toLowerCase()) {
            var form = document.getElementById(quote.getAttribute("data-toggle-form"));
            form.querySelector("[name=toggle]").value = pair[1];
            event.preventDefault();
            form.submit();
            return;
          }
        }
      });
    });
  }

  function setUpBoard() {
    var dragged = null;
    document.querySelectorAll(".quote-card[draggable=true]").forEach(function (card) {
      card.addEventListener("dragstart", function (event) {
        dragged = card;
        event.dataTransfer.setData("text/plain", card.getAttribute("data-fragment"));
        event.dataTransfer.effectAllowed = "move";
      });
    });
    document.querySelectorAll(".board-column").forEach(function (column) {
      column.addEventListener("dragover", function (event) {
        if (dragged) { event.preventDefault(); column.classList.add("drop-target"); }
      });
      column.addEventListener("dragleave", function () { column.classList.remove("drop-target"); });
      column.addEventListener("drop", function (event) {
        event.preventDefault();
        column.classList.remove("drop-target");
        if (!dragged || column.contains(dragged)) { dragged = null; return; }
        var form = dragged.querySelector(".move-form");
        var select = form.querySelector("select[name=target]");
        select.value = column.getAttribute("data-column");
        dragged = null;
        form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpHighlight();
    setUpShortcuts();
    setUpBoard();
  });
})();
