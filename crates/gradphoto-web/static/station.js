// A station page stays as the server drew it (an operator may be typing a reason); when the
// live stream shows the queue changed, it reloads if nothing is being typed, and otherwise
// offers a reload link. The signature is the same text the server puts in data-signature.
(function () {
  'use strict';
  var root = document.getElementById('station');
  if (!root || !window.gpLive) { return; }
  var d = root.dataset;
  var me = Number(d.station);

  function signature(b) {
    var ids = function (cards) { return cards.map(function (c) { return String(c.id); }).join(','); };
    var mine = b.stations.filter(function (s) { return s.id === me; })[0];
    var current = mine && mine.current ? String(mine.current.id) : '';
    return current + '|' + ids(b.next) + '|' + ids(b.skipped);
  }

  function typing() {
    var a = document.activeElement;
    if (a && (a.tagName === 'INPUT' || a.tagName === 'SELECT' || a.tagName === 'TEXTAREA')) {
      return true;
    }
    return Array.prototype.some.call(root.querySelectorAll('input:not([type=hidden])'), function (i) {
      return i.value !== '';
    });
  }

  window.gpLive(d.events, function (b) {
    if (window.gpFrames) { window.gpFrames(); }
    if (signature(b) === d.signature) { return; }
    if (typing()) {
      document.getElementById('changed').hidden = false;
    } else {
      // Not reload(): after a refused action the page is the answer to a POST.
      window.location.assign('/stations/' + me);
    }
  }, document.getElementById('stale'));
})();
