// Small behaviours the portal's templates ask for with data- attributes (no inline script: the
// Content-Security-Policy allows scripts from this server's static files only).
(function () {
  "use strict";
  // A search box inside a larger form: Enter searches (htmx listens for "search"), never submits the form.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target instanceof HTMLElement && target.hasAttribute("data-enter-searches")) {
      event.preventDefault();
      target.dispatchEvent(new Event("search", { bubbles: true }));
    }
  });
})();

// PostOp AI portal behaviour that needs script. Static file (the CSP allows no inline script).
(function () {
  "use strict";

  // Follow the newest transcript line while a call is live, unless the nurse scrolled up to read.
  var wasAtBottom = true;
  function atBottom() {
    return window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 120;
  }
  function followTranscript() {
    var live = document.querySelector('#call-live[data-live="true"] ol.transcript[data-follow="true"]');
    if (!live || !wasAtBottom) return;
    var last = live.lastElementChild;
    if (last) last.scrollIntoView({ block: "end" });
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "call-live") wasAtBottom = atBottom();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "call-live") followTranscript();
  });
})();

// Discharge page: "Use this patient" on a possible duplicate switches to the existing record.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-use-existing]");
    if (!button) return;
    var form = document.getElementById("discharge-form");
    var template = button.parentElement.querySelector("template");
    var option = template && template.content.querySelector(".picker-option");
    var picker = document.getElementById("patient-picker");
    var existing = form && form.querySelector('input[name="patient_mode"][value="existing"]');
    if (!form || !option || !picker || !existing) return;
    picker.innerHTML = "";
    var copy = option.cloneNode(true);
    picker.appendChild(copy);
    copy.querySelector('input[name="patient"]').checked = true;
    var search = document.getElementById("patient-search");
    if (search) search.value = "";
    existing.checked = true;
    existing.dispatchEvent(new Event("change", { bubbles: true }));
    picker.scrollIntoView({ block: "center" });
  });
})();
