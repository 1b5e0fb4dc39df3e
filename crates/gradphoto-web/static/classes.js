// The classes page, live: listens to /classes/events, which sends every class's counts on
// connect, after every check-in or accepted photo and at least every few seconds, and writes
// them into the table (by class id) and the list of students who did not come. Shows the stale
// banner when nothing has arrived for STALE_MS; reconnects when the server refused the stream.
(function () {
  'use strict';
  var STALE_MS = 15000;
  var RETRY_MS = 3000;
  var table = document.getElementById('classes');
  var missing = document.getElementById('not-come');
  var noneMissing = document.getElementById('none-missing');
  var stale = document.getElementById('stale');
  var last = Date.now();
  var lang = table ? table.dataset.lang : 'zh';
  var STAGES = ['upcoming', 'now', 'ended'];

  function setCounts(row, counts) {
    ['expected', 'checked_in', 'photographed', 'not_come', 'confirmed', 'disputed',
     'not_proofread'].forEach(function (key) {
      var cell = row.querySelector('[data-count="' + key + '"]');
      if (cell && String(cell.textContent) !== String(counts[key])) {
        cell.textContent = counts[key];
      }
    });
  }

  function setStage(row, slot) {
    STAGES.forEach(function (s) { row.classList.remove('stage-' + s); });
    var cell = row.querySelector('.stage');
    if (!slot) { if (cell) { cell.textContent = ''; } return; }
    row.classList.add('stage-' + slot.stage);
    if (cell) {
      var key = 'stage' + slot.stage.charAt(0).toUpperCase() + slot.stage.slice(1);
      cell.textContent = table.dataset[key] || slot.stage;
    }
  }

  function cell(tr, text) {
    var td = document.createElement('td');
    td.textContent = text == null ? '' : text;
    tr.appendChild(td);
  }

  function showMissing(list) {
    if (!missing) { return; }
    var body = missing.tBodies[0];
    while (body.firstChild) { body.removeChild(body.firstChild); }
    list.forEach(function (s) {
      var tr = document.createElement('tr');
      cell(tr, s.student_no);
      cell(tr, s.name);
      cell(tr, s.class_code);
      cell(tr, s.college);
      cell(tr, lang === 'en' ? s.slot.label_en : s.slot.label_zh);
      cell(tr, s.venue);
      body.appendChild(tr);
    });
    missing.hidden = list.length === 0;
    if (noneMissing) { noneMissing.hidden = list.length !== 0; }
  }

  function show(data) {
    if (!table) { return; }
    data.classes.forEach(function (c) {
      var row = table.querySelector('tr[data-class="' + c.class_id + '"]');
      if (!row) { return; }
      setCounts(row, c);
      setStage(row, c.slot);
    });
    var totals = table.querySelector('tr[data-totals]');
    if (totals) { setCounts(totals, data.totals); }
    showMissing(data.not_come);
  }

  function connect() {
    var source = new EventSource('/classes/events');
    source.addEventListener('classes', function (e) {
      last = Date.now();
      stale.hidden = true;
      var data;
      try { data = JSON.parse(e.data); } catch (err) { return; }
      show(data);
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
    if (Date.now() - last > STALE_MS) { stale.hidden = false; }
  }, 1000);
})();
