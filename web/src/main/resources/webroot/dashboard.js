/*
 * The ingestions table: loaded once from GET /api/ingestions (again after a reconnect, for what
 * happened meanwhile), then kept current only by the events of the bridge. No polling.
 */
(function () {
  'use strict';

  const LIST_URL = '/api/ingestions?limit=100';
  const SHOWN = 200;
  // a row never goes back: a list fetched just before an event arrived must not undo the event
  const RANK = { QUEUED: 0, RUNNING: 1, COMPLETED: 2, FAILED: 2, DUPLICATE: 2 };
  const TERMINAL = new Set(['COMPLETED', 'FAILED', 'DUPLICATE']);

  const ingestions = new Map();
  const tbody = document.getElementById('ingestion-rows');
  const empty = document.getElementById('no-ingestions');
  const connection = document.getElementById('connection');
  const numbers = new Intl.NumberFormat();

  function fromEvent(e) {
    const status = e.type === 'STARTED' || e.type === 'PROGRESS' ? 'RUNNING' : e.type;
    const row = {
      id: e.id, source: e.source, file: e.file, status, rowsRead: e.rowsRead, rowsLoaded: e.rowsLoaded,
      rowsRejected: e.rowsRejected, bytesRead: e.bytesRead, bytesTotal: e.bytesTotal,
      rowsPerSecond: e.rowsPerSecond, error: e.error,
    };
    // a duplicate is settled in one step without a STARTED event, so it starts as it ends
    if (e.type === 'STARTED' || e.type === 'DUPLICATE') row.startedAt = e.at;
    if (TERMINAL.has(e.type)) row.finishedAt = e.at;
    return row;
  }

  function merge(next) {
    const current = ingestions.get(next.id);
    if (current && (RANK[current.status] > RANK[next.status]
        || (current.status === next.status && next.rowsRead < current.rowsRead))) {
      return;
    }
    const merged = Object.assign({}, current);
    for (const [k, v] of Object.entries(next)) {
      if (v !== undefined) merged[k] = v;
    }
    merged.readingRate = readingRate(current, next);
    ingestions.set(next.id, merged);
    render(merged);
  }

  /** Every byte read but not yet COMPLETED: the engine is building indexes, groups and aggregates. */
  function finishing(i) {
    return i.status === 'RUNNING' && i.bytesTotal > 0 && i.bytesRead >= i.bytesTotal;
  }

  /*
   * The engine's rowsPerSecond is an average since the start, which only decays once the rows stop
   * growing; so it is taken while the file is read or its rows grow, and kept through the finishing.
   * A page that first sees a file finishing has no reading rate to show, rather than a decayed one.
   */
  function readingRate(current, next) {
    const known = current ? current.readingRate : undefined;
    if (next.status !== 'RUNNING' || typeof next.rowsPerSecond !== 'number') return known;
    const grew = current !== undefined && next.rowsLoaded > current.rowsLoaded;
    return !finishing(next) || grew ? next.rowsPerSecond : known;
  }

  /*
   * An ended file's rate is its loaded rows over the ledger's startedAt..finishedAt, whether the
   * page saw it live or loaded it after a reload: settle() fetches those times when it ends.
   */
  function rate(i) {
    if (i.status === 'RUNNING') return i.readingRate;
    if (i.startedAt && i.finishedAt) {
      const seconds = (Date.parse(i.finishedAt) - Date.parse(i.startedAt)) / 1000;
      return seconds > 0 ? i.rowsLoaded / seconds : null;
    }
    return null;
  }

  /*
   * The terminal event carries the engine's clock, the list the ledger's (its startedAt is taken
   * before the file is hashed); one read of the ended ingestion makes the live row what a reload shows.
   */
  function settle(id) {
    fetch('/api/ingestions/' + id)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
      .then(merge)
      .catch((e) => console.warn('could not read ingestion ' + id + ':', e));
  }

  function bytes(n) {
    if (n == null) return '?';
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let u = 0;
    while (n >= 1000 && u < units.length - 1) { n /= 1000; u++; }
    return (u === 0 ? n : n.toFixed(1)) + ' ' + units[u];
  }

  function cell(tr, cls) {
    return tr.querySelector('.' + cls);
  }

  function rowFor(id) {
    let tr = tbody.querySelector('tr[data-id="' + id + '"]');
    if (tr) return tr;
    tr = document.createElement('tr');
    tr.dataset.id = id;
    tr.innerHTML = '<td class="num id"></td><td class="file"><span class="name"></span><span class="source"></span>'
      + '<div class="error"></div></td><td><span class="status"></span></td>'
      + '<td class="progress-col"><div class="bar"><div class="fill"></div></div><span class="bytes"></span></td>'
      + '<td class="num rate"></td><td class="num loaded"></td><td class="num rejected"></td><td class="started"></td>';
    // newest first: ids only grow, so the row goes before the first row with a smaller id
    const after = Array.from(tbody.children).find((r) => Number(r.dataset.id) < id);
    tbody.insertBefore(tr, after || null);
    while (tbody.children.length > SHOWN) tbody.lastElementChild.remove();
    empty.hidden = true;
    return tr;
  }

  function render(i) {
    const tr = rowFor(i.id);
    tr.dataset.file = i.file;
    tr.dataset.status = i.status;
    tr.dataset.loaded = i.rowsLoaded;
    cell(tr, 'id').textContent = i.id;
    cell(tr, 'name').textContent = i.file;
    cell(tr, 'source').textContent = i.source ? ' · ' + i.source : '';
    cell(tr, 'error').textContent = i.error || '';
    const status = cell(tr, 'status');
    status.textContent = i.status;
    status.className = 'status ' + i.status.toLowerCase();
    const done = i.status === 'COMPLETED' || i.status === 'DUPLICATE';
    const last = finishing(i);
    tr.dataset.phase = last ? 'finishing' : '';
    const pct = done ? 100 : i.bytesTotal ? Math.min(100, (100 * i.bytesRead) / i.bytesTotal) : 0;
    cell(tr, 'fill').style.width = pct.toFixed(1) + '%';
    cell(tr, 'fill').className = 'fill ' + (last ? 'finishing' : i.status.toLowerCase());
    cell(tr, 'bytes').textContent = last ? 'finishing: building indexes and groups…'
      : bytes(done ? i.bytesTotal : i.bytesRead) + ' / ' + bytes(i.bytesTotal);
    const r = rate(i);
    cell(tr, 'rate').textContent = r == null ? '' : numbers.format(Math.round(r));
    cell(tr, 'loaded').textContent = numbers.format(i.rowsLoaded || 0);
    const rejected = cell(tr, 'rejected');
    rejected.textContent = '';
    if (i.rowsRejected > 0) {
      const a = document.createElement('a');
      a.href = '/api/ingestions/' + i.id + '/rejects';
      a.textContent = numbers.format(i.rowsRejected);
      a.title = 'Download the rejected rows (CSV: line, reason, raw)';
      rejected.appendChild(a);
    } else {
      rejected.textContent = '0';
    }
    cell(tr, 'started').textContent = i.startedAt ? new Date(i.startedAt).toLocaleString() : '';
  }

  function loadList() {
    fetch(LIST_URL)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status))))
      .then((list) => list.slice().reverse().forEach(merge))
      .catch((e) => console.warn('could not load the ingestions:', e));
  }

  function showConnection(live) {
    connection.textContent = live ? 'live' : 'reconnecting…';
    connection.className = 'connection ' + (live ? 'live' : 'down');
  }

  const bus = new LiveBus('/eventbus', {
    onOpen: () => { showConnection(true); loadList(); },
    onClose: () => showConnection(false),
  });
  bus.subscribe('trips.ingestions', (e) => {
    merge(fromEvent(e));
    if (TERMINAL.has(e.type)) settle(e.id);
    // for the analytics card, whose regions and figures grow with each completed file
    if (e.type === 'COMPLETED') document.dispatchEvent(new CustomEvent('trips:completed', { detail: e }));
  });

  window.TripsUpload.attach(document.getElementById('upload'), merge);
})();
