/*
 * Player side of the SCORM bridge: runs on the portal's player page, which frames the launch frame
 * of the content origin (scorm-bridge-content.js) in a sandboxed iframe.
 *
 * It accepts messages only from that frame and only of five kinds, each limited to what the item
 * being played may do anyway: read its launch config (no CSRF token, no commit URL), commit its own
 * attempt (the body is passed as it is to this attempt's commit URL; the server checks every
 * value), go to one of this course's player pages or back to the course, and report that it has
 * unloaded. Anything else is ignored.
 */
(function () {
  "use strict";
  var frame = document.getElementById("scorm-frame");
  var configEl = document.getElementById("scorm-config");
  if (!frame || !configEl) { return; }
  var cfg = JSON.parse(configEl.textContent);
  var origin = frame.getAttribute("data-origin") || window.location.origin;
  var MAX_BODY = 512 * 1024;
  var KEEPALIVE_BODY = 60 * 1024; // browsers keep at most 64 KiB of keepalive requests in flight
  var shared = {};
  Object.keys(cfg).forEach(function (key) {
    if (key !== "commitUrl" && key !== "csrfToken") { shared[key] = cfg[key]; }
  });
  var targets = {};
  var nav = cfg.nav || {};
  [nav.previous, nav.next, nav.exit].concat(Object.keys(nav.items || {}).map(function (k) {
    return nav.items[k];
  })).forEach(function (url) { if (url) { targets[url] = true; } });

  var queue = Promise.resolve();
  var inFlight = 0;
  var idle = [];
  var leaving = null;
  var unsaved = {};
  var unsavedSize = 0;

  function answer(message) { if (frame.contentWindow) { frame.contentWindow.postMessage(message, origin); } }
  function settled() {
    if (inFlight > 0) { return; }
    var waiting = idle;
    idle = [];
    waiting.forEach(function (fn) { fn(); });
  }
  function whenIdle(fn) { if (inFlight === 0) { fn(); } else { idle.push(fn); } }

  function commit(id, body) {
    inFlight += 1;
    queue = queue.then(function () {
      return window.fetch(cfg.commitUrl, {
        method: "POST", credentials: "same-origin", keepalive: body.length < KEEPALIVE_BODY, body: body,
        headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrfToken }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          return { ok: response.ok, answer: json };
        });
      }).catch(function (error) {
        return { ok: false, answer: { message: String(error) } };
      }).then(function (result) {
        inFlight -= 1;
        answer({ type: "scorm:committed", id: id, ok: result.ok, answer: result.answer });
        settled();
      });
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) { return; }
    var data = event.data;
    if (!data || typeof data !== "object") { return; }
    if (data.type === "scorm:ready") {
      answer({ type: "scorm:config", config: shared });
    } else if (data.type === "scorm:set") {
      if (typeof data.name === "string" && typeof data.value === "string") {
        unsaved[data.name] = data.value;
        unsavedSize += data.name.length + data.value.length;
      }
    } else if (data.type === "scorm:commit") {
      unsaved = {};  // the commit carries every value set before it
      unsavedSize = 0;
      if (typeof data.body === "string" && data.body.length <= MAX_BODY) {
        commit(data.id, data.body);
      } else {
        answer({ type: "scorm:committed", id: data.id, ok: false, answer: { error: "101", message: "too large" } });
      }
    } else if (data.type === "scorm:navigate") {
      if (typeof data.url === "string" && targets[data.url] === true) {
        whenIdle(function () { window.location.href = data.url; });
      }
    } else if (data.type === "scorm:sequence") {
      // Only the request's name goes on: the server's sequencing engine decides where it leads.
      if (typeof data.request === "string" && /^[A-Za-z0-9{}=._-]{1,200}$/.test(data.request) && window.portalSequencing) {
        whenIdle(function () { window.portalSequencing(data.request); });
      }
    } else if (data.type === "scorm:unloaded") {
      if (leaving) { whenIdle(leaving); }
    }
  });

  // Leaving through the player's own links: the content unloads first (and finishes), then go.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-player-nav]") : null;
    if (!link) { return; }
    event.preventDefault();
    var gone = false;
    leaving = function () { if (!gone) { gone = true; window.location.href = link.href; } };
    answer({ type: "scorm:unload" });
    window.setTimeout(leaving, 3000);
  });

  // The tab is closing (or the learner left by another link): this page unloads before the
  // content, whose own finish can no longer reach us. Save what it has set since its last commit,
  // without finishing, so that the attempt carries on from there next time.
  window.addEventListener("pagehide", function () {
    if (Object.keys(unsaved).length === 0 || unsavedSize > KEEPALIVE_BODY) { return; }
    window.fetch(cfg.commitUrl, {
      method: "POST", credentials: "same-origin", keepalive: true,
      body: JSON.stringify({ values: unsaved, finish: false }),
      headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrfToken }
    });
    unsaved = {};
  });

  // Load the launch frame only now that the bridge is listening.
  if (frame.getAttribute("data-src")) { frame.src = frame.getAttribute("data-src"); }
})();
