// Training page: options of ml:start, start/stop, live accuracy and loss charts drawn on <canvas>, rounds table.
import { $, el, api, short } from './ui.js';

function fmt(n, digits) {
  return n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toFixed(digits);
}

function bytesOrNa(n) {
  if (n === null || n === undefined || n < 0) return 'n/a';
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(2) + ' MiB';
}

/** A line chart of (round, value) points, drawn by hand: axes, grid, line, dots. */
function drawChart(canvas, points, { min = null, max = null, color, label }) {
  const ctx = canvas.getContext('2d');
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = Math.round(w * 240 / 560);
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const style = getComputedStyle(document.documentElement);
  const text = style.getPropertyValue('--muted').trim() || '#666';
  const grid = style.getPropertyValue('--line').trim() || '#ddd';
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 48, r: 12, t: 12, b: 36 };
  const pw = w - pad.l - pad.r;
  const ph = h - pad.t - pad.b;
  const ys = points.map((p) => p.y).filter((y) => Number.isFinite(y));
  let lo = min !== null ? min : Math.min(...ys, Infinity);
  let hi = max !== null ? max : Math.max(...ys, -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) { hi = lo + 1; }
  if (min === null) { const m = (hi - lo) * 0.1; lo = Math.max(0, lo - m); hi += m; }
  const maxX = Math.max(1, ...points.map((p) => p.x));
  const X = (x) => pad.l + (maxX === 1 ? pw / 2 : ((x - 1) / (maxX - 1)) * pw);
  const Y = (y) => pad.t + ph - ((y - lo) / (hi - lo)) * ph;
  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = grid; ctx.fillStyle = text; ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    const y = Y(v);
    ctx.beginPath(); ctx.moveTo(pad.l, y); ctx.lineTo(w - pad.r, y); ctx.stroke();
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.fillText(v.toFixed(hi - lo < 0.1 ? 3 : 2), pad.l - 6, y);
  }
  const step = Math.max(1, Math.ceil(maxX / 10));
  ctx.textAlign = 'center'; ctx.textBaseline = 'top';
  for (let r = 1; r <= maxX; r += step) ctx.fillText(String(r), X(r), h - pad.b + 6);
  ctx.textAlign = 'center';
  ctx.fillText('round', pad.l + pw / 2, h - 14);
  if (!points.length) {
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText('no rounds yet', pad.l + pw / 2, pad.t + ph / 2);
    return;
  }
  ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
  ctx.beginPath();
  points.forEach((p, i) => { if (i === 0) ctx.moveTo(X(p.x), Y(p.y)); else ctx.lineTo(X(p.x), Y(p.y)); });
  ctx.stroke();
  for (const p of points) { ctx.beginPath(); ctx.arc(X(p.x), Y(p.y), 3.5, 0, Math.PI * 2); ctx.fill(); }
  const last = points[points.length - 1];
  canvas.setAttribute('aria-label', label + ': ' + points.length + ' rounds, last ' + last.y.toFixed(4));
}

export class Training {
  constructor() {
    this.view = null;
    this.defaultsApplied = false;
    $('#training-form').addEventListener('submit', (e) => { e.preventDefault(); this.start(); });
    $('#training-stop').addEventListener('click', () => this.stop());
    $('#training-target').addEventListener('change', (e) => this.setTarget(e.target.value));
    window.addEventListener('resize', () => this.redraw());
  }

  render(v) {
    this.view = v;
    $('#training-unavailable').hidden = v.available;
    const sel = $('#training-target');
    const options = [];
    if (v.local) options.push(['local', 'this node']);
    for (const a of v.aggregators) options.push([a, 'aggregator ' + short(a)]);
    if (v.target && !options.some(([id]) => id === v.target)) options.push([v.target, 'aggregator ' + short(v.target)]);
    const current = [...sel.options].map((o) => o.value).join();
    if (current !== options.map(([id]) => id).join()) {
      sel.replaceChildren(...options.map(([id, text]) => el('option', { value: id, text })));
    }
    sel.value = v.target;
    sel.disabled = !options.length;
    const running = v.state === 'running' || v.state === 'starting';
    $('#training-start').disabled = !v.available || running;
    $('#training-stop').disabled = !v.available || !running;
    const status = $('#training-status');
    status.textContent = v.available
      ? v.state + (v.totalRounds ? ' · round ' + v.round + ' of ' + v.totalRounds : '') + (v.runId ? ' · run ' + v.runId.slice(0, 8) : '')
      : 'not available';
    status.dataset.state = v.state;
    const bar = $('#training-progress');
    bar.max = Math.max(1, v.totalRounds); bar.value = v.round;
    $('#training-message').textContent = [v.message, v.error].filter(Boolean).join(' · ');
    const parts = $('#training-participants');
    if (v.participants.length) {
      parts.replaceChildren(...v.participants.map((p) => el('li', { text: short(p.peer) + ' — ' + p.state, title: p.peer })));
    } else {
      parts.replaceChildren(el('li', { class: 'muted', text: v.participantCount ? v.participantCount + (v.participantCount === 1 ? ' worker' : ' workers') + ' in the run' : 'none' }));
    }
    const body = $('#round-table tbody');
    body.replaceChildren(...v.history.map((r) => el('tr', { 'data-round': String(r.round),
      'data-bytes-sent': String(r.bytesSent), 'data-bytes-received': String(r.bytesReceived) },
      el('td', { text: String(r.round) }), el('td', { text: String(r.participants) }),
      el('td', { text: fmt(r.accuracy, 4) }), el('td', { text: fmt(r.loss, 4) }),
      el('td', { text: bytesOrNa(r.bytesSent) }), el('td', { text: bytesOrNa(r.bytesReceived) }),
      el('td', { text: r.roundMillis >= 0 ? (r.roundMillis / 1000).toFixed(1) + ' s' : 'n/a' }))));
    this.redraw();
  }

  redraw() {
    const v = this.view;
    if (!v || $('#page-training').hidden) return;
    const acc = v.history.map((r) => ({ x: r.round, y: r.accuracy }));
    const loss = v.history.map((r) => ({ x: r.round, y: r.loss }));
    const a = $('#chart-accuracy');
    const l = $('#chart-loss');
    a.dataset.points = String(acc.length);
    l.dataset.points = String(loss.length);
    a.dataset.rounds = acc.map((p) => p.x).join(',');
    drawChart(a, acc, { min: 0, max: 1, color: '#2f7d32', label: 'Accuracy' });
    drawChart(l, loss, { color: '#c0392b', label: 'Loss' });
  }

  fields() {
    const f = {};
    for (const input of $('#training-form').querySelectorAll('input,select')) f[input.name] = input.value;
    f.target = $('#training-target').value;
    return f;
  }

  async setTarget(target) {
    try { this.render(await api('POST', '/training/target', { target })); } catch (e) { $('#training-error').textContent = e.message; }
  }

  async start() {
    $('#training-error').textContent = '';
    try {
      const r = await api('POST', '/training/start', this.fields());
      $('#training-status').textContent = r.state + ' · run ' + r.runId.slice(0, 8);
    } catch (e) {
      $('#training-error').textContent = 'Not started: ' + e.message;
    }
  }

  async stop() {
    $('#training-error').textContent = '';
    try { await api('POST', '/training/stop', {}); } catch (e) { $('#training-error').textContent = 'Not stopped: ' + e.message; }
  }
}
