// cancu: small keyboard helpers; every page works without this file.
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    // "/" focuses the search box (as on most search sites), unless typing already.
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var box = document.getElementById("q") || document.getElementById("iq");
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    }
    // Ctrl/Cmd+Enter runs the SPARQL query.
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && t && t.id === "query" && t.form) {
      e.preventDefault();
      t.form.submit();
    }
  });
  // Scroll a linked citation into view and mark it for the eye.
  function mark() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el) { el.classList.add("target"); }
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
