// The station's frames panel: refreshed alone whenever the venue's live stream says something
// changed (a frame from the hot folder, a decision at another screen), uploads without leaving
// the page (file, drag-and-drop, the browser's camera), and never claims a photo arrived when
// the server did not say so.
(function () {
  'use strict';
  var station = document.getElementById('station');
  if (!station) { return; }
  var stationId = station.dataset.station;
  var busy = false;

  function panel() { return document.getElementById('frames'); }

  function status(text, isError) {
    var p = document.getElementById('upload-status');
    if (!p) { return; }
    p.hidden = !text;
    p.textContent = text || '';
    p.className = 'upload-status' + (isError ? ' error' : '');
  }

  function refresh() {
    if (busy) { return; }
    fetch('/stations/' + stationId + '/frames', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var fresh = holder.firstElementChild;
        var old = panel();
        if (!fresh || !old || fresh.dataset.signature === old.dataset.signature) { return; }
        // Keep a running camera: only the frame list is replaced then.
        var video = document.getElementById('camera-video');
        if (video && video.srcObject) {
          var list = old.querySelector('.frame-list, #frames-empty');
          var freshList = fresh.querySelector('.frame-list, #frames-empty');
          if (list && freshList) { list.replaceWith(freshList); }
          old.dataset.signature = fresh.dataset.signature;
        } else {
          old.replaceWith(fresh);
          wire();
        }
      })
      .catch(function () { /* the stale banner of live.js tells the operator */ });
  }

  function send(blob, name, source) {
    var p = panel();
    var form = document.getElementById('frame-upload');
    if (!p || !form) { return; }
    var data = new FormData();
    data.append('ticket_id', p.dataset.ticket || '');
    data.append('source', source);
    data.append('file', blob, name);
    var csrf = form.querySelector('input[name=_csrf]').value;
    var t = p.dataset;
    status(t.uploading || '…', false);
    busy = true;
    fetch('/api/v1/stations/' + stationId + '/frames', {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf }
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      busy = false;
      if (res.ok) {
        var f = res.body.frame;
        var zh = document.documentElement.lang !== 'en';
        status((zh ? f.reason_zh : f.reason_en) || '', f.verdict === 'fail');
        refresh();
      } else {
        var e = res.body.error || {};
        var zh2 = document.documentElement.lang !== 'en';
        status((zh2 ? e.message_zh : e.message_en) || String(res.body), true);
      }
    }).catch(function () {
      busy = false;
      status(panel().dataset.networkError || 'network error', true);
    });
  }

  function startCamera() {
    var video = document.getElementById('camera-video');
    var shoot = document.getElementById('camera-shoot');
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      status(panel().dataset.cameraDenied || 'no camera', true);
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        shoot.hidden = false;
      })
      .catch(function () { status(panel().dataset.cameraDenied || 'no camera', true); });
  }

  function shootCamera() {
    var video = document.getElementById('camera-video');
    if (!video || !video.videoWidth) { return; }
    var canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      if (blob) { send(blob, 'camera.jpg', 'camera'); }
    }, 'image/jpeg', 0.95);
  }

  function wire() {
    var form = document.getElementById('frame-upload');
    if (form && !form.dataset.wired) {
      form.dataset.wired = '1';
      form.addEventListener('submit', function (ev) {
        var input = document.getElementById('frame-file');
        if (!input.files.length) { return; }
        ev.preventDefault();
        send(input.files[0], input.files[0].name, 'upload');
        input.value = '';
      });
      var zone = document.getElementById('dropzone');
      zone.addEventListener('dragover', function (ev) { ev.preventDefault(); zone.classList.add('over'); });
      zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
      zone.addEventListener('drop', function (ev) {
        ev.preventDefault();
        zone.classList.remove('over');
        Array.prototype.forEach.call(ev.dataTransfer.files, function (f) { send(f, f.name, 'upload'); });
      });
    }
    var start = document.getElementById('camera-start');
    if (start && !start.dataset.wired) {
      start.dataset.wired = '1';
      start.addEventListener('click', startCamera);
      document.getElementById('camera-shoot').addEventListener('click', shootCamera);
    }
  }

  // Accepting a photo that fails the registry rules must be deliberate.
  station.addEventListener('submit', function (ev) {
    var form = ev.target;
    var action = form.querySelector && form.querySelector('input[name=action]');
    var item = form.closest && form.closest('li.frame');
    if (action && action.value === 'accept' && item && item.dataset.overall === 'fail' &&
        !window.confirm(panel().dataset.confirmFail)) {
      ev.preventDefault();
    }
  });

  wire();
  // station.js calls this on every event of the venue's stream: any change may be a frame.
  window.gpFrames = refresh;
  // A frame that lands while the stream is down still shows within seconds.
  setInterval(refresh, 5000);
})();
