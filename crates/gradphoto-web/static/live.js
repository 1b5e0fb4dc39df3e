// Live queue updates for the board and the station pages. Listens to the venue's event stream
// (/board/{id}/events), which sends the whole queue on every change and at least every few
// seconds; shows the stale banner when nothing has arrived for STALE_MS, and hides it again
// when events resume. EventSource reconnects by itself after a network drop; when the server
// refuses the stream outright (a restart, an expired session) it gives up, so this opens a new
// one a moment later.
window.gpLive = function (url, onBoard, staleBanner) {
  'use strict';
  var STALE_MS = 15000;
  var RETRY_MS = 3000;
  var last = Date.now();
  function connect() {
    var source = new EventSource(url);
    source.addEventListener('board', function (e) {
      last = Date.now();
      staleBanner.hidden = true;
      var snapshot;
      try { snapshot = JSON.parse(e.data); } catch (err) { return; }
      onBoard(snapshot);
    });
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, RETRY_MS);
      }
    };
  }
  connect();
  setInterval(function () {
    if (Date.now() - last > STALE_MS) { staleBanner.hidden = false; }
  }, 1000);
};
