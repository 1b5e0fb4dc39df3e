// The check-in desk. Sends what the card reader, scanner or operator typed to
// POST /api/v1/checkins and shows the answer. A number is shown only when the server gave one:
// when the server cannot be reached the red banner says so and the input keeps its text.
(function () {
  'use strict';
  var root = document.getElementById('desk');
  if (!root) { return; }
  var en = (document.documentElement.lang || '').indexOf('en') === 0;
  var form = document.getElementById('checkin-form');
  var input = document.getElementById('credential');
  var venue = document.getElementById('venue');
  var offline = document.getElementById('offline');
  var message = document.getElementById('message');
  var panels = ['ticket', 'existing', 'mismatch', 'link', 'notdue', 'slot-alert'].map(function (id) {
    return document.getElementById(id);
  });
  var $ = function (id) { return document.getElementById(id); };
  // The request that needs the operator's decision (acknowledge, re-issue, link), to resend.
  var pending = null;
  var busy = false;

  function text(o, zh, enText) { return en ? o[enText] : o[zh]; }

  function hidePanels() {
    panels.forEach(function (p) { p.hidden = true; });
    message.hidden = true;
  }

  function say(words, kind) {
    message.textContent = words;
    message.className = 'notice no-print ' + kind;
    message.hidden = false;
  }

  // Resolves to {status, body} for any JSON answer; rejects when there is no server to answer
  // (fetch fails, or something else, such as a proxy, answers instead of it).
  function call(method, url, body) {
    var init = {
      method: method,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'X-CSRF-Token': root.dataset.csrf }
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (r) {
      var type = r.headers.get('Content-Type') || '';
      if (type.indexOf('application/json') === -1) {
        var e = new Error('not the server: HTTP ' + r.status);
        e.status = r.status;
        throw e;
      }
      return r.json().then(function (b) { return { status: r.status, body: b }; });
    });
  }

  function unreachable(err) {
    // Whatever was on screen is not the answer to this attempt.
    hidePanels();
    if (err && err.status && err.status < 500) {
      say(root.dataset.serverError.replace('{}', String(err.status)), 'error');
    } else {
      offline.hidden = false;
    }
    input.focus();
  }

  function showTicket(b) {
    var t = b.ticket;
    var v = venue.tagName === 'SELECT' ? venue.options[venue.selectedIndex] : venue;
    $('t-venue').textContent = v ? v.dataset.name : '';
    $('t-day').textContent = t.day;
    $('t-seq').textContent = String(t.seq);
    $('t-class').textContent = t.class_code;
    $('t-name').textContent = t.masked_name;
    var slot = text(b, 'slot_zh', 'slot_en');
    $('t-slot').textContent = slot || '';
    $('t-slot-row').hidden = !slot;
    $('t-proof').textContent = b.proof_code || '';
    $('t-proof-box').hidden = !b.proof_code;
    $('t-no-proof').hidden = !!b.proof_code;
    $('ticket').hidden = false;
  }

  // The class is not due now: said large, so the student in front of the desk sees it too.
  function slotAlert(b) {
    var words = text(b, 'slot_warning_zh', 'slot_warning_en');
    $('slot-alert').textContent = words || '';
    $('slot-alert').hidden = !words;
  }

  function answer(res, sent) {
    offline.hidden = true;
    hidePanels();
    var b = res.body;
    if (b.error) {
      say(text(b.error, 'message_zh', 'message_en'), 'error');
      input.select();
      return;
    }
    var words = text(b, 'message_zh', 'message_en');
    pending = null;
    slotAlert(b);
    switch (b.outcome) {
      case 'issued':
        showTicket(b);
        say(words, b.has_photo || b.slot_warning_zh ? 'warn' : 'ok');
        input.value = '';
        break;
      case 'not_due':
        say(words, 'error');
        pending = sent;
        $('override-reason').value = '';
        $('notdue').hidden = false;
        input.value = '';
        $('override-reason').focus();
        return;
      case 'existing':
        showTicket(b);
        say(words, 'warn');
        pending = sent;
        $('reissue-reason').value = '';
        $('existing').hidden = false;
        input.value = '';
        break;
      case 'name_mismatch':
        say(words, 'warn');
        pending = sent;
        $('m-card').textContent = b.card_name || '';
        $('m-roster').textContent = b.roster_name || '';
        $('mismatch').hidden = false;
        $('acknowledge').focus();
        return;
      case 'needs_link':
        say(words, 'warn');
        pending = sent;
        $('link-q').value = '';
        $('link-results').hidden = true;
        $('link').hidden = false;
        input.value = '';
        $('link-q').focus();
        return;
      default: // unknown
        say(words, 'error');
        input.select();
        return;
    }
    input.focus();
  }

  function send(body) {
    if (busy) { return; }
    busy = true;
    form.classList.add('busy');
    call('POST', '/api/v1/checkins', body)
      .then(function (res) { answer(res, body); }, unreachable)
      .then(function () { busy = false; form.classList.remove('busy'); });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var credential = input.value.trim();
    if (!credential) { return; }
    send({ venue_id: Number(venue.value), credential: credential });
  });

  $('acknowledge').addEventListener('click', function () {
    if (!pending) { return; }
    send(Object.assign({}, pending, { acknowledge_name_mismatch: true }));
  });

  $('reissue-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var reason = $('reissue-reason').value.trim();
    if (!pending || !reason) { return; }
    send(Object.assign({}, pending, { reissue_reason: reason }));
  });

  $('override-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var reason = $('override-reason').value.trim();
    if (!pending || !reason) { return; }
    send(Object.assign({}, pending, { slot_override_reason: reason }));
  });

  Array.prototype.forEach.call(root.querySelectorAll('[data-cancel]'), function (b) {
    b.addEventListener('click', function () { pending = null; hidePanels(); input.focus(); });
  });

  function linkTo(studentId) {
    if (!pending) { return; }
    var sent = pending;
    call('POST', '/api/v1/credentials/chsi-links', { code: sent.credential, student_id: studentId })
      .then(function (res) {
        offline.hidden = true;
        if (res.body.error) {
          say(text(res.body.error, 'message_zh', 'message_en'), 'error');
          return;
        }
        send(sent);
      }, unreachable);
  }

  $('link-search').addEventListener('submit', function (e) {
    e.preventDefault();
    var q = $('link-q').value.trim();
    if (!q) { return; }
    call('GET', '/api/v1/students?limit=10&q=' + encodeURIComponent(q)).then(function (res) {
      offline.hidden = true;
      var table = $('link-results');
      var body = table.querySelector('tbody');
      body.textContent = '';
      if (res.body.error) {
        say(text(res.body.error, 'message_zh', 'message_en'), 'error');
        return;
      }
      var items = res.body.items || [];
      if (!items.length) {
        var row = body.insertRow();
        var cell = row.insertCell();
        cell.colSpan = 5;
        cell.textContent = root.dataset.noMatch;
      }
      items.forEach(function (s) {
        var row = body.insertRow();
        [s.student_no, s.name, s.class_code, s.id_number || ''].forEach(function (v) {
          row.insertCell().textContent = v;
        });
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = root.dataset.link;
        button.addEventListener('click', function () { linkTo(s.id); });
        row.insertCell().appendChild(button);
      });
      table.hidden = false;
    }, unreachable);
  });

  $('print').addEventListener('click', function () { window.print(); });
})();
