/*
 * The upload form: the chosen file is sent as the raw request body (streamed to disk by the server),
 * with its name in ?name=, and shows up at once as QUEUED; its events take over from there.
 * Without JavaScript the form still posts the file as multipart, which the server accepts too.
 */
(function (global) {
  'use strict';

  function attach(form, onQueued) {
    const input = form.querySelector('input[type=file]');
    const status = form.querySelector('.upload-status');
    const button = form.querySelector('button');

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const file = input.files[0];
      if (!file) return;
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/ingestions?name=' + encodeURIComponent(file.name));
      xhr.setRequestHeader('Content-Type', /\.gz$/i.test(file.name) ? 'application/gzip' : 'text/csv');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) status.textContent = 'uploading ' + Math.floor((100 * e.loaded) / e.total) + '%';
      };
      xhr.onload = () => {
        button.disabled = false;
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON: shown by status */ }
        if (xhr.status === 202) {
          status.textContent = 'queued as #' + body.id;
          form.reset();
          onQueued({ id: body.id, file: file.name, source: 'http', status: 'QUEUED', rowsRead: 0,
            rowsLoaded: 0, rowsRejected: 0, bytesRead: 0, bytesTotal: file.size });
        } else {
          status.textContent = 'refused: ' + (body.error || 'HTTP ' + xhr.status);
        }
      };
      xhr.onerror = () => {
        button.disabled = false;
        status.textContent = 'upload failed: the server could not be reached';
      };
      button.disabled = true;
      status.textContent = 'uploading…';
      xhr.send(file);
    });
  }

  global.TripsUpload = { attach };
})(window);
