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
