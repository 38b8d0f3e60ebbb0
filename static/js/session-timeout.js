// Automatic logoff (HIPAA): the server ends a session after SESSION_IDLE_MINUTES without activity
// (postop/auth/middleware.py). This script warns a minute before and offers "Stay signed in";
// when the time is up it goes to the sign-in page, so an unattended screen stops showing patients.
// Static file, no inline script (Content-Security-Policy).
(function () {
  "use strict";
  var body = document.body;
  var idleSeconds = parseInt(body && body.getAttribute("data-idle-seconds"), 10);
  if (!idleSeconds) {
    return; // signed out: nothing to time
  }
  var WARN_BEFORE_SECONDS = 60;
  var keepaliveUrl = body.getAttribute("data-keepalive-url");
  var loginUrl = body.getAttribute("data-login-url");
  var deadline = 0;
  var dialog = null;
  var countdown = null;

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function buildDialog() {
    dialog = document.createElement("div");
    dialog.id = "idle-warning";
    dialog.className = "idle-warning";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-live", "assertive");
    dialog.setAttribute("aria-labelledby", "idle-warning-text");
    dialog.hidden = true;
    var text = document.createElement("p");
    text.id = "idle-warning-text";
    countdown = document.createElement("strong");
    text.appendChild(document.createTextNode("You will be signed out for inactivity in "));
    text.appendChild(countdown);
    text.appendChild(document.createTextNode(" seconds."));
    var stay = document.createElement("button");
    stay.type = "button";
    stay.className = "primary";
    stay.textContent = "Stay signed in";
    stay.addEventListener("click", stayIn);
    dialog.appendChild(text);
    dialog.appendChild(stay);
    body.appendChild(dialog);
  }

  function restart() {
    deadline = Date.now() + idleSeconds * 1000;
    if (dialog) {
      dialog.hidden = true;
    }
  }

  function signOut() {
    var next = window.location.pathname + window.location.search;
    window.location.assign(loginUrl + "?signed_out=idle&next=" + encodeURIComponent(next));
  }

  function stayIn() {
    fetch(keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
    }).then(function (response) {
      if (response.ok) {
        restart();
      } else {
        signOut();
      }
    }, function () {
      // Network trouble: keep the warning up; the next tick tries again or signs out on time.
    });
  }

  function tick() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      signOut();
      return;
    }
    if (left <= WARN_BEFORE_SECONDS) {
      countdown.textContent = String(left);
      dialog.hidden = false;
    }
  }

  // Actions the server counts as activity (form posts, htmx changes) restart the clock; htmx
  // polls (GET) do not, exactly as on the server.
  document.addEventListener("htmx:afterRequest", function (event) {
    var verb = event.detail && event.detail.requestConfig && event.detail.requestConfig.verb;
    if (verb && verb.toLowerCase() !== "get" && event.detail.successful) {
      restart();
    }
  });

  buildDialog();
  restart();
  window.setInterval(tick, 1000);
})();
