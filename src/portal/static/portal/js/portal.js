// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary so screen-reader and keyboard users hear the problems first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  // Links in the summary focus their field rather than just scrolling to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
  });
  // A field that repeats another (the maintainer's username is its ID): filled in when it is
  // clicked or focused while empty; the server fills it the same way when left empty.
  function fillFrom(event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-fill-from]") || field.value) { return; }
    var source = document.getElementById(field.getAttribute("data-fill-from"));
    if (source && source.value) { field.value = source.value.replace(/\D/g, ""); }
  }
  document.addEventListener("focusin", fillFrom);
  document.addEventListener("click", fillFrom);
})();
