// The dress rehearsal's camera: where the browser lets the page use the front camera, a live
// view and a shutter button take the selfie; the picture goes into the form's file field and
// the form is sent as if the student had picked a photo. Without a camera, or without
// permission, only the file field is there (which on a phone offers the camera app itself).
(function () {
  'use strict';
  var form = document.getElementById('rehearsal-form');
  var start = document.getElementById('rehearsal-camera');
  var media = navigator.mediaDevices;
  if (!form || !start || !media || !media.getUserMedia || typeof DataTransfer === 'undefined') {
    return;
  }
  var video = document.getElementById('rehearsal-video');
  var shoot = document.getElementById('rehearsal-shoot');
  var input = form.querySelector('input[type=file]');
  var stream = null;
  start.hidden = false;
  start.addEventListener('click', function () {
    media.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1920 } }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        shoot.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .catch(function () { start.disabled = true; });
  });
  shoot.addEventListener('click', function () {
    if (!stream || !video.videoWidth) { return; }
    var canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      if (!blob) { return; }
      var files = new DataTransfer();
      files.items.add(new File([blob], 'selfie.jpg', { type: 'image/jpeg' }));
      input.files = files.files;
      stream.getTracks().forEach(function (t) { t.stop(); });
      form.submit();
    }, 'image/jpeg', 0.92);
  });
}());
