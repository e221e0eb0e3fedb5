// The printable request is being made by the background worker: reload this page until it is ready
// (the server then offers the stored PDF). Without JavaScript the page's "Frissítés" link does the same.
(function () {
  var el = document.querySelector("[data-print-pending]");
  if (el) { setTimeout(function () { window.location.reload(); }, 1000 * Number(el.dataset.printPending || 2)); }
})();
