/* Progress of a background job (a big registration table): without JavaScript the page offers a
   "Frissítés most" link; with it, the progress text is fetched every few seconds and the page
   reloads once the job is done. No <meta refresh>: WCAG 2.2.1 (axe "meta-refresh"). */
(function () {
  "use strict";
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 3;

  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh-seconds]");
        if (!fresh) { window.location.reload(); return; }
        var shown = box.querySelector("[data-job-progress]");
        var next = fresh.querySelector("[data-job-progress]");
        if (shown && next) { shown.textContent = next.textContent; }
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () { window.setTimeout(poll, seconds * 5000); });
  }
  window.setTimeout(poll, seconds * 1000);
}());
