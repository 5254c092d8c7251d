/*
 * The analytics card of the dashboard: a form for GET /api/weekly-average (a region or a box,
 * optional from/to, match) that shows weeks, trips and the average, and draws the weekly series
 * with uPlot, served by the app from its webjar. Renders into <section id="analytics">.
 */
(function () {
  'use strict';

  const UPLOT = '/webjars/uplot/1.6.30/dist/';
  /** Room for one x-axis label such as 2018-W18. */
  const TICK_PX = 64;
  const section = document.getElementById('analytics');
  if (!section) return;
  const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

  section.classList.add('card', 'analytics');
  section.innerHTML = `
    <div class="card-head">
      <h2>Weekly average</h2>
      <a class="docs-link" href="/docs" target="_blank" rel="noopener">API docs</a>
    </div>
    <form id="weekly-form" class="weekly-form" novalidate>
      <fieldset class="area-kind">
        <label><input type="radio" name="kind" value="region" checked> Region</label>
        <label><input type="radio" name="kind" value="bbox"> Box</label>
      </fieldset>
      <label class="for-region">Region
        <select id="weekly-region" name="region"><option value="">loading…</option></select>
      </label>
      <span class="for-bbox bbox-inputs" hidden>
        <label>min lon <input name="minLon" type="number" step="any" min="-180" max="180" placeholder="14.40"></label>
        <label>min lat <input name="minLat" type="number" step="any" min="-90" max="90" placeholder="50.05"></label>
        <label>max lon <input name="maxLon" type="number" step="any" min="-180" max="180" placeholder="14.45"></label>
        <label>max lat <input name="maxLat" type="number" step="any" min="-90" max="90" placeholder="50.10"></label>
        <label>match
          <select name="match">
            <option value="origin">origin</option><option value="destination">destination</option>
            <option value="both">both</option>
          </select>
        </label>
      </span>
      <label>from <input name="from" type="date"></label>
      <label>to <input name="to" type="date"></label>
      <button type="submit">Show</button>
    </form>
    <p id="weekly-error" class="weekly-error" role="alert" hidden></p>
    <div id="weekly-result" class="weekly-result" hidden>
      <dl class="weekly-figures">
        <div><dt>weekly average</dt><dd id="weekly-average"></dd></div>
        <div><dt>trips</dt><dd id="weekly-trips"></dd></div>
        <div><dt>ISO weeks</dt><dd id="weekly-weeks"></dd></div>
        <div><dt>window</dt><dd id="weekly-window"></dd></div>
      </dl>
      <div id="weekly-chart" class="weekly-chart"></div>
    </div>`;

  const form = section.querySelector('#weekly-form');
  const regionSelect = section.querySelector('#weekly-region');
  const errorLine = section.querySelector('#weekly-error');
  const result = section.querySelector('#weekly-result');
  const chartBox = section.querySelector('#weekly-chart');
  let chart = null;
  let uplotReady = null;

  /** uPlot's script and styles, once, from the app itself. */
  function loadUplot() {
    if (!uplotReady) {
      uplotReady = new Promise((resolve, reject) => {
        const css = document.createElement('link');
        css.rel = 'stylesheet';
        css.href = UPLOT + 'uPlot.min.css';
        document.head.appendChild(css);
        const js = document.createElement('script');
        js.src = UPLOT + 'uPlot.iife.min.js';
        js.onload = () => resolve(window.uPlot);
        js.onerror = () => reject(new Error('the chart library did not load'));
        document.head.appendChild(js);
      });
    }
    return uplotReady;
  }

  async function loadRegions() {
    try {
      const answer = await fetchJson('/api/regions');
      const current = regionSelect.value;
      regionSelect.replaceChildren(...answer.regions.map((r) => {
        const option = document.createElement('option');
        option.value = r.name;
        option.textContent = `${r.name} (${numbers.format(r.trips)} trips)`;
        return option;
      }));
      if (answer.regions.length === 0) {
        regionSelect.replaceChildren(new Option('no regions yet', ''));
      } else if (current) {
        regionSelect.value = current;
      }
    } catch (e) {
      regionSelect.replaceChildren(new Option('regions unavailable', ''));
    }
  }

  async function fetchJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText}`);
    return body;
  }

  function query() {
    const data = new FormData(form);
    const params = new URLSearchParams();
    if (data.get('kind') === 'region') {
      params.set('region', data.get('region') || '');
    } else {
      params.set('bbox', ['minLon', 'minLat', 'maxLon', 'maxLat'].map((k) => data.get(k).trim()).join(','));
      params.set('match', data.get('match'));
    }
    for (const k of ['from', 'to']) {
      if (data.get(k)) params.set(k, data.get(k));
    }
    return '/api/weekly-average?' + params;
  }

  function showKind() {
    const box = form.elements.kind.value === 'bbox';
    section.querySelector('.for-region').hidden = box;
    section.querySelector('.for-bbox').hidden = !box;
  }

  async function show(event) {
    event.preventDefault();
    errorLine.hidden = true;
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const answer = await fetchJson(query());
      section.querySelector('#weekly-average').textContent = numbers.format(answer.weeklyAverage);
      section.querySelector('#weekly-trips').textContent = numbers.format(answer.trips);
      section.querySelector('#weekly-weeks').textContent = numbers.format(answer.weeks);
      section.querySelector('#weekly-window').textContent = answer.from ? `${answer.from} … ${answer.to}` : '—';
      result.hidden = false;
      await draw(answer.series);
    } catch (e) {
      // figures left under an error would read as the answer to the query that failed
      result.hidden = true;
      errorLine.textContent = e.message;
      errorLine.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  async function draw(series) {
    const uPlot = await loadUplot();
    const xs = series.map((w) => Date.parse(w.start + 'T00:00:00Z') / 1000);
    const ys = series.map((w) => w.trips);
    const weekOf = new Map(series.map((w, i) => [xs[i], w.week]));
    if (chart) chart.destroy();
    const width = Math.max(320, chartBox.clientWidth || section.clientWidth - 40);
    const ticks = weekTicks(series, xs, width);
    // the canvas cannot be read: the labels drawn under the bars, for tests and other tools
    chartBox.dataset.ticks = ticks.map((t) => t.label).join(' ');
    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 80] }) : undefined;
    chart = new uPlot({
      width,
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        // half a week of room on each side, so the first and last bars show whole
        x: { time: true, range: (u, min, max) => [min - 302400, max + 302400] },
        y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
      },
      series: [
        { label: 'week', value: (u, v) => (v == null ? '—' : `${weekOf.get(v) || ''} (from ${new Date(v * 1000).toISOString().slice(0, 10)})`) },
        { label: 'trips', stroke: '#2563eb', fill: 'rgba(37, 99, 235, 0.25)', width: 1, paths: bars, points: { show: !bars } },
      ],
      // uPlot's own time ticks fall on round dates, not on the Mondays the bars stand on
      axes: [{ splits: () => ticks.map((t) => t.x), values: () => ticks.map((t) => t.label) },
        { label: 'trips per week' }],
    }, [xs, ys], chartBox);
  }

  /** One label per bar, or per few bars when they are narrow; the year only where it starts or changes. */
  function weekTicks(series, xs, width) {
    const step = Math.max(1, Math.ceil((series.length * TICK_PX) / Math.max(1, width - 80)));
    const ticks = [];
    let year = null;
    for (let i = 0; i < series.length; i += step) {
      const [y, w] = series[i].week.split('-');
      ticks.push({ x: xs[i], label: y === year ? w : `${y}-${w}` });
      year = y;
    }
    return ticks;
  }

  form.addEventListener('change', (e) => { if (e.target.name === 'kind') showKind(); });
  form.addEventListener('submit', show);
  regionSelect.addEventListener('focus', loadRegions);
  // a completed file may bring the first trips of a region; dashboard.js announces it
  document.addEventListener('trips:completed', loadRegions);
  showKind();
  loadRegions();
})();
