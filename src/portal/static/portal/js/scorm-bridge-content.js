/*
 * Content side of the SCORM bridge: runs in the launch frame on the content origin
 * (training/views/content.py), beside the package's own frames.
 *
 * The player page lives on the portal's origin, which content cannot touch. So the SCORM run-time
 * (scorm-api.js, unchanged in what it answers) runs here, where the content finds window.API /
 * window.API_1484_11 by walking its parent frames, and everything that must reach the portal goes
 * through postMessage to the player: the config comes in; commits and navigation requests go out.
 * The player checks every message (see scorm-bridge-player.js); nothing here is trusted by it.
 */
(function () {
  "use strict";
  var setupEl = document.getElementById("scorm-frame-setup");
  if (!setupEl || window.parent === window) { return; }
  var setup = JSON.parse(setupEl.textContent);
  var parentOrigin = setup.parentOrigin;
  var failures = {};
  var nextId = 1;

  function tell(message) { window.parent.postMessage(message, parentOrigin); }

  function start(config) {
    window.ScormHost = {
      config: config,
      // A commit: sent to the player, which POSTs it; a refusal comes back to onFailure.
      send: function (body, onFailure) {
        var id = nextId;
        nextId += 1;
        failures[id] = onFailure;
        tell({ type: "scorm:commit", id: id, body: body });
        return true;
      },
      navigate: function (url) { tell({ type: "scorm:navigate", url: url }); },
      // A navigation request of a sequenced package (adl.nav.request): the player asks the server.
      sequence: function (request) { tell({ type: "scorm:sequence", request: request }); }
    };
    var script = document.createElement("script");
    script.src = setup.runtime;
    // Tell the player every value the run-time accepts, so that it can save them if the tab is
    // closed before the content commits (the player's page unloads before the content's does).
    script.onload = function () {
      [["API", "LMSSetValue"], ["API_1484_11", "SetValue"]].forEach(function (pair) {
        var api = window[pair[0]];
        if (!api) { return; }
        var original = api[pair[1]];
        api[pair[1]] = function (name, value) {
          var result = original(name, value);
          if (result === "true") { tell({ type: "scorm:set", name: String(name), value: String(value) }); }
          return result;
        };
      });
    };
    document.body.appendChild(script);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) { return; }
    var data = event.data || {};
    if (data.type === "scorm:config" && !window.ScormHost) {
      start(data.config);
    } else if (data.type === "scorm:committed") {
      var onFailure = failures[data.id];
      delete failures[data.id];
      if (!data.ok && typeof onFailure === "function") { onFailure(data.answer || {}); }
    } else if (data.type === "scorm:unload") {
      // Leaving through the player's links: unload the content first, so that it can finish.
      var frame = document.getElementById("scorm-content");
      frame.addEventListener("load", function () {
        // Content that never called Initialize, or left without Terminate: the run-time ends it.
        if (window.ScormHost && typeof window.ScormHost.onLeave === "function") { window.ScormHost.onLeave(); }
        tell({ type: "scorm:unloaded" });
      }, { once: true });
      frame.src = "about:blank";
    }
  });
  tell({ type: "scorm:ready" });
})();
