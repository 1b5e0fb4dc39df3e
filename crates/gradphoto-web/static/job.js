// A job's page: the progress bar follows the job's live feed, and the page reloads once the
// job ends, to show what it made. Without the feed the page still shows the state it was
// rendered with.
(function () {
  'use strict';
  var section = document.getElementById('job');
  if (!section || !window.EventSource) { return; }
  var state = section.dataset.state;
  if (state === 'done' || state === 'failed') { return; }
  var source = new EventSource('/jobs/' + section.dataset.job + '/events');
  source.addEventListener('job', function (e) {
    var job;
    try { job = JSON.parse(e.data); } catch (err) { return; }
    var bar = document.getElementById('job-bar');
    if (bar && job.percent !== null) { bar.value = job.percent; }
    var count = document.getElementById('job-count');
    if (count) {
      count.textContent = job.progress_total === null
        ? String(job.progress_done)
        : job.progress_done + ' / ' + job.progress_total;
    }
    var note = document.getElementById('job-note');
    if (note) { note.textContent = job.progress_note || ''; }
    var label = document.getElementById('job-state');
    if (label) { label.textContent = section.dataset['label' + job.state.charAt(0).toUpperCase() + job.state.slice(1)] || job.state; }
    section.dataset.state = job.state;
    if (job.state === 'done' || job.state === 'failed') {
      source.close();
      window.location.reload();
    }
  });
})();
