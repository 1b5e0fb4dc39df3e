// The student's place in today's queue, kept current: asks /me/queue every POLL_MS while the
// page is visible and writes the answer into the queue card. A failed request keeps what is
// shown and tries again on the next tick.
(function () {
  'use strict';
  var POLL_MS = 10000;
  var card = document.getElementById('my-queue');
  if (!card) { return; }
  var number = document.getElementById('my-queue-number');
  var line = document.getElementById('my-queue-line');
  function refresh() {
    if (document.hidden) { return; }
    fetch('/me/queue', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (place) {
        if (!place) { return; }
        number.textContent = place.number;
        line.textContent = place.line;
        card.dataset.state = place.state;
      })
      .catch(function () {});
  }
  setInterval(refresh, POLL_MS);
  document.addEventListener('visibilitychange', refresh);
}());
