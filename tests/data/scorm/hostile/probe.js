/* A hostile package: tries everything a package's script should not be able to do to the person
 * playing it, writes what happened into #report (JSON), then records its own status through the
 * SCORM API like any SCO. */
(function () {
  "use strict";
  var report = {};
  var origins = window.location.ancestorOrigins || [];
  var portal = origins.length ? origins[origins.length - 1] : "";
  report.portal = portal;
  report.self = window.location.origin;

  function attempt(name, fn) {
    try { report[name] = fn(); } catch (error) { report[name] = "blocked: " + error.name; }
  }
  function read(name, url, options) {
    return window.fetch(url, options).then(function (response) {
      return response.text().then(function (text) {
        report[name] = "status " + response.status + ": " + text.slice(0, 2000);
      });
    }).catch(function (error) { report[name] = "blocked: " + error.name; });
  }

  attempt("top_dom", function () { return window.top.document.body.innerHTML.slice(0, 2000); });
  attempt("player_dom", function () { return window.parent.parent.document.title; });
  attempt("top_api", function () { return String(window.top.API); });
  attempt("cookies", function () { return document.cookie; });
  attempt("local_storage", function () { return Object.keys(window.localStorage).join(","); });
  attempt("session_storage", function () { return Object.keys(window.sessionStorage).join(","); });
  attempt("runtime_secrets", function () {
    var config = window.parent.ScormHost.config;
    return ["csrfToken", "commitUrl"].filter(function (k) { return k in config; }).join(",");
  });
  attempt("top_navigation", function () { window.top.location.href = portal + "/belepes/kilepes/"; return "tried"; });
  attempt("foreign_navigation_request", function () {
    window.parent.ScormHost.navigate(portal + "/belepes/sajat-adatok/");
    return "asked";
  });

  var probes = [
    read("portal_profile", portal + "/belepes/sajat-adatok/", { credentials: "include" }),
    read("portal_profile_no_cors", portal + "/belepes/sajat-adatok/", { credentials: "include", mode: "no-cors" }),
    read("portal_learner_list", portal + "/asp/iroda/beiskolazottak/", { credentials: "include" }),
    read("own_origin_profile", "/belepes/sajat-adatok/", { credentials: "include" }),
    read("own_origin_learner_list", "/asp/iroda/beiskolazottak/", { credentials: "include" })
  ];

  Promise.all(probes).then(function () {
    var api = null, win = window, tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 7) {
      try { win = win.parent; tries += 1; } catch (error) { break; }
    }
    try { api = win.API || null; } catch (error) { api = null; }
    report.api_found = !!api;
    if (api) {
      report.api_calls = [
        api.LMSInitialize(""),
        api.LMSSetValue("cmi.core.lesson_status", "passed"),
        api.LMSSetValue("cmi.core.score.raw", "100"),
        api.LMSCommit("")
      ].join(",");
      report.learner_name = api.LMSGetValue("cmi.core.student_name");
    }
    var out = document.getElementById("report");
    out.textContent = JSON.stringify(report);
    out.setAttribute("data-done", "true");
  });
})();
