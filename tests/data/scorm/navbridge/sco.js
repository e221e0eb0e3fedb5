/* Finds API_1484_11 by walking the parent frames (ADL's algorithm), shows the learner's name,
 * and on the button completes the SCO and asks the LMS to continue. */
var api = null;
(function () {
  var win = window, tries = 0;
  while (!win.API_1484_11 && win.parent && win.parent !== win && tries < 7) { win = win.parent; tries += 1; }
  api = win.API_1484_11 || null;
})();
window.addEventListener("load", function () {
  api.Initialize("");
  document.getElementById("learner").textContent = api.GetValue("cmi.learner_name");
});
function finishAndContinue() {
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.success_status", "passed");
  api.SetValue("adl.nav.request", "continue");
  api.Terminate("");
}
