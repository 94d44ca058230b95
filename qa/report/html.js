(function () {
  "use strict";
  // Everything here adds to a page that reads without it: the filters, the search, sorting the
  // documents table, and opening a collapsed document when a link leads into it.
  var form = document.getElementById("filters");
  var search = document.getElementById("search");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.document"));
  form.hidden = false;
  // what a link leads to lands below the sticky filters, not under them
  function clearance() { document.documentElement.style.scrollPaddingTop = (form.offsetHeight + 8) + "px"; }
  window.addEventListener("resize", clearance);
  clearance();

  function checked(name) {
    var values = new Set();
    form.querySelectorAll("input[name='" + name + "']:checked").forEach(function (input) { values.add(input.value); });
    return values;
  }

  function has(element, query) {
    return (element.textContent || "").toLowerCase().indexOf(query) >= 0;
  }

  // A document a filter or the search opened or closed remembers it (data-auto), so that it goes
  // back as the reader left it once they no longer apply; a click on its summary forgets that.
  function want(section, open) {
    var details = section.querySelector("details");
    var auto = section.dataset.auto || "";
    if (open === null) {
      if (auto) { details.open = auto === "closed"; }
      section.dataset.auto = "";
    } else if (details.open !== open) {
      details.open = open;
      section.dataset.auto = auto ? "" : (open ? "opened" : "closed");
    }
  }

  function apply() {
    var severities = checked("severity"), checks = checked("check");
    var only = document.getElementById("only-findings").checked;
    var query = search.value.trim().toLowerCase();
    var total = 0, matching = 0;
    document.body.classList.toggle("no-diff", !document.getElementById("diff-marks").checked);
    sections.forEach(function (section) {
      var named = !query || has(section.querySelector("summary h2"), query);
      var shown = new Set(), count = 0, rows = 0;
      section.querySelectorAll("li.finding").forEach(function (item) {
        var on = severities.has(item.dataset.severity) && checks.has(item.dataset.check);
        if (on && item.closest("ul.document-findings")) { on = named || has(item, query); }
        item.hidden = !on;
        if (on) { shown.add(item.dataset.finding); }
      });
      section.querySelectorAll("mark[data-findings]").forEach(function (mark) {
        var on = mark.dataset.findings.split(" ").some(function (id) { return shown.has(id); });
        mark.classList.toggle("off", !on);
      });
      section.querySelectorAll("ul.document-findings li.finding").forEach(function (item) { count += item.hidden ? 0 : 1; });
      section.querySelectorAll("tr.segment").forEach(function (row) {
        var ids = (row.dataset.findings || "").split(" ").filter(function (id) { return shown.has(id); });
        var next = row.nextElementSibling;
        var notes = next && next.classList.contains("findings") ? next : null;
        var hit = named || has(row, query) || (notes !== null && has(notes, query));
        row.hidden = (only && ids.length === 0) || !hit;
        if (notes) { notes.hidden = row.hidden || ids.length === 0; }
        if (!row.hidden) { rows += 1; count += ids.length; }
      });
      total += count;
      var found = count > 0 || (query !== "" && rows > 0);
      matching += found ? 1 : 0;
      section.classList.toggle("quiet", !found);
      section.querySelector(".shown").textContent = String(count);
      want(section, query ? rows > 0 : (count === 0 ? false : null));
      var entry = document.querySelector("#documents tr[data-document='" + section.id + "']");
      if (entry) { entry.hidden = query !== "" && rows === 0; }
    });
    document.getElementById("shown-count").textContent = String(total);
    document.getElementById("shown-documents").textContent = String(matching);
  }

  function sortable(table) {
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    table.classList.add("sortable");
    heads.forEach(function (head, column) {
      head.tabIndex = 0;
      function sort() {
        var ascending = head.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column], y = b.cells[column];
          if (head.classList.contains("num")) {
            var p = x.dataset.value, q = y.dataset.value;
            if (p === undefined || q === undefined) { return (p === undefined) - (q === undefined); }  // no value: last
            return ascending ? p - q : q - p;
          }
          var order = x.textContent.localeCompare(y.textContent);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      head.addEventListener("click", sort);
      head.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  // A link into a collapsed document (the documents table, a finding, a bar of a chart) opens it.
  function reveal() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (!target) { return; }
    var details = target.matches("section.document") ? target.querySelector("details") : target.closest("details");
    if (details && !details.open) { details.open = true; }
    target.scrollIntoView();
  }

  function all(open) {
    sections.forEach(function (section) { section.querySelector("details").open = open; section.dataset.auto = ""; });
  }

  form.addEventListener("change", apply);
  search.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  document.getElementById("expand-all").addEventListener("click", function () { all(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { all(false); });
  sections.forEach(function (section) {
    section.querySelector("summary").addEventListener("click", function () { section.dataset.auto = ""; });
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (link && (link.getAttribute("href") || "").charAt(0) === "#") { setTimeout(reveal, 0); }
  });
  window.addEventListener("hashchange", reveal);
  sortable(document.getElementById("documents"));
  apply();
  reveal();
})();
