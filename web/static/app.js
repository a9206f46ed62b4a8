// cancu: small helpers; every page works without this file.
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
  // A chain's folded plan reads its task lines when it is first opened; until then (and
  // without this file) its paragraph links to the plan's list of tasks.
  document.addEventListener("toggle", function (e) {
    var details = e.target;
    if (!details.open || details.tagName !== "DETAILS") return;
    var later = details.querySelector(":scope > .chain-tasks-later[data-tasks]");
    if (!later || later.dataset.loading) return;
    later.dataset.loading = "1";
    fetch(later.dataset.tasks, { headers: { Accept: "text/html" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) { later.outerHTML = html; })
      .catch(function () { delete later.dataset.loading; });   // the link stays
  }, true);   // toggle does not bubble: caught on the way down
  window.addEventListener("hashchange", mark);
  document.addEventListener("DOMContentLoaded", mark);
})();
