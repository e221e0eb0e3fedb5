/* SCORM 2004 sequencing in the player: navigation requests go to the server, which decides.
   Buttons [data-sequencing-request] (Tovább, Vissza, Kilépés, TOC entries) and the content's own
   adl.nav.request (through window.portalSequencing, called by scorm-api.js after Terminate). */
(function () {
  "use strict";
  var cfgNode = document.getElementById("scorm-config");
  if (!cfgNode) { return; }
  var cfg = JSON.parse(cfgNode.textContent);
  var url = cfg.nav && cfg.nav.sequencing;
  if (!url) { return; }
  var notice = document.getElementById("sequencing-message");
  var frame = document.getElementById("scorm-frame");
  var busy = false;

  function show(message) {
    if (!notice) { window.alert(message); return; }
    notice.textContent = message;
    notice.hidden = false;
  }

  function send(request) {
    if (busy || !request || request === "_none_") { return; }
    busy = true;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", url, true);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("X-CSRFToken", cfg.csrfToken);
    xhr.onload = function () {
      busy = false;
      var answer = {};
      try { answer = JSON.parse(xhr.responseText || "{}"); } catch (e) { answer = {}; }
      if (xhr.status === 200 && answer.url) { window.location.href = answer.url; return; }
      show(answer.message || "A navigációs kérés nem sikerült.");
    };
    xhr.onerror = function () { busy = false; show("A kiszolgáló nem érhető el; próbálja újra."); };
    xhr.send(JSON.stringify({ request: request }));
  }

  window.portalSequencing = send;

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-sequencing-request]") : null;
    if (!button) { return; }
    event.preventDefault();
    var request = button.getAttribute("data-sequencing-request");
    // Unload the content first so the SCO terminates and its results reach the server.
    if (!frame || frame.src === "about:blank") { send(request); return; }
    var sent = false;
    var go = function () { if (!sent) { sent = true; window.setTimeout(function () { send(request); }, 50); } };
    frame.addEventListener("load", go, { once: true });
    frame.src = "about:blank";
    window.setTimeout(go, 3000);
  });
})();
