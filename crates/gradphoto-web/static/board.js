// The venue's board, redrawn from every event of the live stream (see live.js).
(function () {
  'use strict';
  var root = document.getElementById('board');
  if (!root || !window.gpLive) { return; }
  var d = root.dataset;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function numbers(list, cards, none) {
    list.textContent = '';
    cards.forEach(function (c) {
      list.appendChild(el('li', c.priority ? 'priority' : '', String(c.seq)));
    });
    none.hidden = cards.length > 0;
  }

  var last = '';
  function draw(b) {
    var key = JSON.stringify(b);
    if (key === last) { return; }
    last = key;
    var box = $('stations');
    box.textContent = '';
    b.stations.forEach(function (s) {
      var card = el('div', 'board-station' + (s.current ? '' : ' idle'));
      card.dataset.station = String(s.id);
      card.appendChild(el('div', 'station-name', s.name));
      card.appendChild(el('div', 'now-label', d.now));
      card.appendChild(el('div', 'seq', s.current ? String(s.current.seq) : '—'));
      card.appendChild(el('div', 'who', s.current
        ? s.current.masked_name + ' · ' + s.current.class_code : d.idle));
      box.appendChild(card);
    });
    numbers($('next'), b.next, $('next-none'));
    numbers($('skipped'), b.skipped, $('skipped-none'));
    $('waiting').textContent = String(b.waiting);
    $('wait').textContent = b.estimated_wait_minutes === null
      ? d.noEstimate : d.minutes.replace('{}', String(b.estimated_wait_minutes));
  }

  var full = $('fullscreen');
  var page = document.documentElement;
  if (!page.requestFullscreen) {
    full.hidden = true;
  } else {
    full.addEventListener('click', function () { page.requestFullscreen(); });
    document.addEventListener('fullscreenchange', function () {
      full.hidden = !!document.fullscreenElement;
    });
  }

  window.gpLive(d.events, draw, $('stale'));
})();
