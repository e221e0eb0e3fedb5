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
    function suggest() {
      var code = postal.value.trim();
      if (!/^\d{4}$/.test(code) || code === last) { return; }
      last = code;
      fetch(url.replace("0000", code), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { settlements: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.settlements.map(function (name) {
            var option = document.createElement("option");
            option.value = name;
            return option;
          }));
          if (data.settlements.length === 1 && !settlement.value.trim()) {
            settlement.value = data.settlements[0];
          }
        })
        .catch(function () { last = ""; });
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
