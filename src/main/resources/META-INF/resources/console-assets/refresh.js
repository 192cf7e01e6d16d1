// Reloads the page after the seconds its body's data-refresh-seconds names (the overview, unless the operator paused
// it). A script rather than <meta http-equiv="refresh">, which assistive technology cannot stop or announce.
(function () {
  var seconds = parseInt(document.body.getAttribute('data-refresh-seconds') || '0', 10);
  if (seconds > 0) {
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
