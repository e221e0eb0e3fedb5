/* Address sub-form: suggest the settlement from the postal code (progressive enhancement;
   without JavaScript the server checks the pair and names the right settlement). */
(function () {
  "use strict";
  if (window.portalAddressReady) { return; }
  window.portalAddressReady = true;

  function enhance(fieldset) {
    var postal = fieldset.querySelector("[data-address-postal-code]");
    var settlement = fieldset.querySelector("[data-address-settlement]");
    var list = settlement && document.getElementById(settlement.getAttribute("list"));
    var url = fieldset.getAttribute("data-address-lookup-url");
    if (!postal || !settlement || !list || !url || !window.fetch) { return; }
    var last = "";
    // What the script itself wrote into the settlement: a later postal code may replace it,
    // but never what the person typed.
    var filled = "";
    settlement.addEventListener("input", function () { filled = ""; });
    function suggest() {
      var code = postal.value.trim();
      if (!/^\d{4}$/.test(code) || code === last) { return; }
      last = code;
      fetch(url.replace("0000", code), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { settlements: [] }; })
        .then(function (data) {
          // An answer for a postal code that has since been changed is stale: answers may
          // arrive in any order, and a stale one used to fill in the previous code's settlement.
          if (postal.value.trim() !== code) { return; }
          list.replaceChildren.apply(list, data.settlements.map(function (name) {
            var option = document.createElement("option");
            option.value = name;
            return option;
          }));
          var current = settlement.value.trim();
          var ours = current !== "" && current === filled;
          if (ours && data.settlements.indexOf(current) === -1) {
            settlement.value = "";
            filled = "";
            current = "";
          }
          if (data.settlements.length === 1 && !current) {
            settlement.value = data.settlements[0];
            filled = settlement.value;
          }
        })
        .catch(function () { if (last === code) { last = ""; } });
    }
    postal.addEventListener("input", suggest);
    postal.addEventListener("change", suggest);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-address]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
