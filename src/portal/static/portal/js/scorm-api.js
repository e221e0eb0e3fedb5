/*
 * SCORM run-time for the ASP oktatás player: window.API (SCORM 1.2) and window.API_1484_11 (2004).
 *
 * The data model (elements, access, formats, error codes) comes from the server as JSON
 * (portal/training/scorm/datamodel.py), so the browser and the server check values the same way.
 * State is kept here; Commit and Finish/Terminate POST the changed values as JSON (with the CSRF
 * token) to the attempt's commit URL. SCOs expect synchronous answers, so the POST is a synchronous
 * XHR; when the browser forbids that (page being closed) it falls back to fetch(keepalive).
 */
(function () {
  "use strict";
  var configEl = document.getElementById("scorm-config");
  // On the content origin the bridge (scorm-bridge-content.js) hands over config and transport.
  var host = window.ScormHost || null;
  if (!configEl && !host) { return; }
  var cfg = host ? host.config : JSON.parse(configEl.textContent);
  var model = cfg.model;
  var v12 = model.version === "1.2";
  var codes = model.codes;
  var values = cfg.values || {};
  var dirty = {};
  var state = "new"; // new -> running -> terminated
  var lastError = "0";
  var diagnostic = "";
  var INDEX = /\.(\d+)(?=\.|$)/g;
  var idFirst = model.idFirst || [];
  var shared = cfg.sharedData || [];
  var valid = (cfg.nav && cfg.nav.valid) || {};

  function pattern(name) { return name.replace(INDEX, ".n"); }
  function fail(code, text) { lastError = String(code); diagnostic = text || ""; return false; }
  function ok() { lastError = "0"; diagnostic = ""; return true; }

  function count(prefix) {
    var start = prefix + ".", seen = {}, n = 0;
    Object.keys(values).forEach(function (key) {
      if (key.indexOf(start) === 0) {
        var head = key.slice(start.length).split(".")[0];
        if (/^\d+$/.test(head) && !seen[head]) { seen[head] = true; n += 1; }
      }
    });
    return n;
  }

  function knownPrefix(p) {
    if (model.children[p] || model.collections.indexOf(p) >= 0) { return true; }
    return Object.keys(model.elements).some(function (e) { return e === p || e.indexOf(p + ".") === 0; });
  }

  function checkType(typeName, value) {
    var spec = model.types[typeName] || {};
    if (spec.vocab && spec.vocab.indexOf(value) < 0) { return codes.type; }
    if (spec.re && !(new RegExp(spec.re)).test(value)) { return codes.type; }
    if (spec.maxlen !== undefined && value.length > spec.maxlen) { return spec.spm ? codes.spm : codes.type; }
    if ((spec.min !== undefined || spec.max !== undefined) && value !== "") {
      var number = parseFloat(value);
      if (isNaN(number)) { return codes.type; }
      if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
        return codes.range;
      }
    }
    return "0";
  }

  function orderCheck(name) {
    var match, re = /\.(\d+)(?=\.|$)/g;
    while ((match = re.exec(name)) !== null) {
      var prefix = name.slice(0, match.index);
      var index = parseInt(match[1], 10);
      var members = count(prefix);
      if (index > members || (prefix === "adl.data" && index >= members)) { return codes.out_of_order; }
      var rest = name.slice(match.index + match[0].length);
      if (!v12 && idFirst.indexOf(prefix) >= 0 &&
          rest !== ".id" && values[prefix + "." + index + ".id"] === undefined) {
        return codes.dependency;
      }
    }
    return "0";
  }

  function getValue(name) {
    name = String(name === undefined ? "" : name);
    if (state !== "running") {
      if (v12) { fail("301"); } else { fail(state === "new" ? "122" : "123"); }
      return "";
    }
    if (name === "") { fail(v12 ? "201" : "301"); return ""; }
    if (name === "cmi._version") { ok(); return v12 ? "3.4" : "1.0"; }
    var suffix = name.match(/\.(_children|_count)$/);
    if (suffix) {
      var base = name.slice(0, -suffix[0].length), p = pattern(base);
      if (suffix[1] === "_children") {
        if (model.children[p]) { ok(); return model.children[p]; }
        fail(knownPrefix(p) ? codes.no_children : (v12 ? "201" : "401")); return "";
      }
      if (model.collections.indexOf(p) >= 0) { ok(); return String(count(base)); }
      fail(knownPrefix(p) ? codes.no_count : (v12 ? "201" : "401")); return "";
    }
    if (name === "adl.nav.request_valid.continue" || name === "adl.nav.request_valid.previous") {
      ok(); return valid[name.slice(23)] || "false";
    }
    var request = name.match(/^adl\.nav\.request_valid\.(choice|jump)\.\{target=([^}]*)\}$/);
    if (request) { ok(); return (valid[request[1]] || {})[request[2]] || "false"; }
    if (/^adl\.nav\.request_valid\./.test(name)) { fail("301", "unknown navigation request"); return ""; }
    var def = model.elements[pattern(name)];
    if (!def) { fail(v12 ? "401" : "401", "unknown element " + name); return ""; }
    if (def[0] === "wo" || !sharedAllowed(name, "read")) { fail(codes.write_only); return ""; }
    var idx, re = /\.(\d+)(?=\.|$)/g;
    while ((idx = re.exec(name)) !== null) {
      if (parseInt(idx[1], 10) >= count(name.slice(0, idx.index))) {
        if (v12) { fail("201"); } else { fail("301", "index out of range"); }
        return "";
      }
    }
    var evaluated = v12 ? undefined : evaluatedStatus(name);
    if (evaluated !== undefined) { ok(); return evaluated; }
    if (values[name] === undefined) {
      if (v12) { ok(); return ""; }
      fail("403"); return "";
    }
    ok();
    return String(values[name]);
  }

  // A shared data bucket (adl.data.n.store) may be read or written only as the manifest says.
  function sharedAllowed(name, how) {
    var match = name.match(/^adl\.data\.(\d+)\.store$/);
    if (!match) { return true; }
    var bucket = shared[parseInt(match[1], 10)];
    return !bucket || !!bucket[how];
  }

  // SCORM 2004 RTE: with a completion threshold and a progress measure, or a scaled passing
  // score and a scaled score, the LMS answers the status from the numbers.
  function evaluatedStatus(name) {
    if (name === "cmi.completion_status" && values["cmi.completion_threshold"] !== undefined &&
        values["cmi.progress_measure"] !== undefined) {
      return parseFloat(values["cmi.progress_measure"]) >= parseFloat(values["cmi.completion_threshold"])
        ? "completed" : "incomplete";
    }
    if (name === "cmi.success_status" && values["cmi.scaled_passing_score"] !== undefined &&
        values["cmi.score.scaled"] !== undefined) {
      return parseFloat(values["cmi.score.scaled"]) >= parseFloat(values["cmi.scaled_passing_score"])
        ? "passed" : "failed";
    }
    return undefined;
  }

  function setValue(name, value) {
    name = String(name === undefined ? "" : name);
    value = value === undefined || value === null ? "" : String(value);
    if (state !== "running") {
      if (v12) { return fail("301"); }
      return fail(state === "new" ? "132" : "133");
    }
    if (name === "") { return fail(v12 ? "201" : "351"); }
    if (/\.(_children|_count)$/.test(name) || name === "cmi._version") { return fail(codes.keyword); }
    var def = model.elements[pattern(name)];
    if (!def) { return fail(v12 ? "401" : "401", "unknown element " + name); }
    if (def[0] === "ro") { return fail(codes.read_only); }
    if (!sharedAllowed(name, "write")) { return fail(codes.read_only); }
    var code = orderCheck(name);
    if (code !== "0") { return fail(code); }
    code = checkType(def[1], value);
    if (code !== "0") { return fail(code, "bad value for " + name); }
    if (!v12 && /^cmi\.objectives\.\d+\.id$/.test(name)) {
      var dup = Object.keys(values).some(function (k) {
        return k !== name && /^cmi\.objectives\.\d+\.id$/.test(k) && values[k] === value;
      });
      if (dup) { return fail("351", "duplicate objective id"); }
    }
    values[name] = value;
    dirty[name] = value;
    return ok();
  }

  function post(finish) {
    var body = JSON.stringify({ values: dirty, finish: !!finish });
    var sent = dirty;
    dirty = {};
    if (host) {
      return host.send(body, function (answer) {
        Object.keys(sent).forEach(function (k) { if (dirty[k] === undefined) { dirty[k] = sent[k]; } });
        fail(answer.error || (v12 ? "101" : "391"), answer.message || "");
      });
    }
    try {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", cfg.commitUrl, false);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.setRequestHeader("X-CSRFToken", cfg.csrfToken);
      xhr.send(body);
      if (xhr.status === 200) { return true; }
      var answer = {};
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = {}; }
      Object.keys(sent).forEach(function (k) { if (dirty[k] === undefined) { dirty[k] = sent[k]; } });
      return fail(answer.error || (v12 ? "101" : "391"), answer.message || ("HTTP " + xhr.status));
    } catch (error) {
      // Synchronous requests are refused while the page is being closed: send it anyway.
      if (window.fetch) {
        window.fetch(cfg.commitUrl, {
          method: "POST", keepalive: true, credentials: "same-origin", body: body,
          headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrfToken }
        });
        return true;
      }
      return fail(v12 ? "101" : "391", String(error));
    }
  }

  function initialize(arg) {
    if (arg !== "" && arg !== undefined) { fail("201"); return "false"; }
    if (state === "running") { fail(v12 ? "101" : "103"); return "false"; }
    if (state === "terminated") { fail(v12 ? "101" : "104"); return "false"; }
    state = "running";
    ok();
    return "true";
  }

  function commit(arg) {
    if (state !== "running") {
      if (v12) { fail("301"); } else { fail(state === "new" ? "142" : "143"); }
      return "false";
    }
    if (arg !== "" && arg !== undefined) { fail("201"); return "false"; }
    if (!post(false)) { return "false"; }
    ok();
    return "true";
  }

  function navigate() {
    var request = values["adl.nav.request"] || "";
    var target = null;
    if (cfg.nav.sequencing) {  // SCORM 2004 sequencing: the server decides (through the player when bridged)
      if (host && host.sequence) { host.sequence(request); return; }
      if (window.portalSequencing) { window.portalSequencing(request); return; }
    }
    if (request === "continue") { target = cfg.nav.next || cfg.nav.exit; }
    else if (request === "previous") { target = cfg.nav.previous || cfg.nav.exit; }
    else if (/^(exit|exitAll|abandon|abandonAll|suspendAll)$/.test(request)) { target = cfg.nav.exit; }
    else {
      var choice = request.match(/^\{target=([^}]+)\}(choice|jump)$/);
      if (choice && cfg.nav.items && cfg.nav.items[choice[1]] && (valid[choice[2]] || {})[choice[1]] === "true") {
        target = cfg.nav.items[choice[1]];
      }
    }
    if (target && host) { host.navigate(target); }
    else if (target) { window.setTimeout(function () { window.location.href = target; }, 0); }
  }

  function finish(arg) {
    if (state !== "running") {
      if (v12) { fail("301"); } else { fail(state === "new" ? "112" : "113"); }
      return "false";
    }
    if (arg !== "" && arg !== undefined) { fail("201"); return "false"; }
    var saved = post(true);
    state = "terminated";
    if (!saved) { return "false"; }
    ok();
    if (!v12) { navigate(); }
    document.dispatchEvent(new CustomEvent("scorm:finished"));
    return "true";
  }

  function errorString(code) { return model.errors[String(code)] || ""; }
  function lastErrorCode() { return lastError; }
  function diag() { return diagnostic; }

  if (v12) {
    window.API = {
      LMSInitialize: initialize, LMSFinish: finish, LMSGetValue: getValue,
      LMSSetValue: function (n, v) { return setValue(n, v) ? "true" : "false"; },
      LMSCommit: commit, LMSGetLastError: lastErrorCode, LMSGetErrorString: errorString,
      LMSGetDiagnostic: diag
    };
  } else {
    window.API_1484_11 = {
      Initialize: initialize, Terminate: finish, GetValue: getValue,
      SetValue: function (n, v) { return setValue(n, v) ? "true" : "false"; },
      Commit: commit, GetLastError: lastErrorCode, GetErrorString: errorString,
      GetDiagnostic: diag
    };
  }

  // Leaving through the player's own links: unload the content first, so that the SCO can
  // finish with a normal (synchronous) request, then go.
  var frame = document.getElementById("scorm-content");
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-player-nav]") : null;
    if (!link || !frame) { return; }
    event.preventDefault();
    var go = function () {
      // Content that never called Initialize, or was unloaded without Terminate: the learner
      // left it, so the LMS ends the attempt (the finish rules and delivery-control defaults).
      if (state !== "terminated") { state = "terminated"; post(true); }
      window.location.href = link.href;
    };
    if (state !== "running") { go(); return; }
    frame.addEventListener("load", function () { window.setTimeout(go, 50); }, { once: true });
    frame.src = "about:blank";
    window.setTimeout(go, 3000);
  });

  // Bridged (the player is on the portal's origin, this run-time beside the content): the player
  // asks the launch frame to unload the content when the learner leaves through its links, and the
  // same rule applies once the content is gone.
  if (host) {
    host.onLeave = function () { if (state !== "terminated") { state = "terminated"; post(true); } };
  }

  // Load the content only now that the API is in place.
  if (frame && frame.getAttribute("data-src")) { frame.src = frame.getAttribute("data-src"); }
})();
