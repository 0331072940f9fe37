// The ESD of one layer at one step, as in Martin & Mahoney's figures: a histogram of the
// eigenvalues on log-log axes (density per unit of log10 λ, as a fraction of all eigenvalues),
// the fitted Marchenko-Pastur density with its bulk edge λ+, the power-law tail fitted from xmin,
// and the eigenvalues beyond the bulk edge (spikes) in their own colour.

import uPlot from 'uplot';
import { chip, labelOfName } from './palette.js';
import { fmt } from './timeline.js';

const BULK = '#0072B2', SPIKES = '#D55E00', MP = '#000000', PL = '#CC79A7';

export class EsdView {
  constructor(el, info) {
    this.el = el;
    this.info = info;
    this.plot = null;
    new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(el);
  }

  size() { return { width: Math.max(320, this.el.clientWidth), height: 320 }; }

  clear(message) {
    if (this.plot) { this.plot.destroy(); this.plot = null; }
    this.el.replaceChildren();
    this.el.textContent = message;
    this.el.dataset.rendered = 'false';
    this.info.replaceChildren();
  }

  /** Draws a full analysis (GET .../analyses/{step}). */
  show(d) {
    if (this.plot) { this.plot.destroy(); this.plot = null; }
    this.el.replaceChildren();
    this.el.dataset.layer = d.layer;
    this.el.dataset.step = String(d.step);
    if (!d.esd) {
      this.el.textContent = d.skipped ? `Skipped: ${d.skipped.detail}` : 'This analysis has no ESD histogram.';
      this.el.dataset.rendered = 'false';
      this.renderInfo(d);
      return;
    }
    const h = d.esd, fit = d.fit || {};
    const n = h.counts.length, w = (h.log10_hi - h.log10_lo) / n, total = h.num_evals || 1;
    const edges = [], bulk = [], spikes = [];
    const edge = fit.mp_success ? fit.bulk_max : null;
    let spikeBins = 0;
    for (let i = 0; i <= n; i++) {
      const k = Math.min(i, n - 1);
      const x = Math.pow(10, h.log10_lo + i * w);
      const centre = Math.pow(10, h.log10_lo + (k + 0.5) * w);
      const y = h.counts[k] > 0 ? h.counts[k] / (total * w) : null;
      const beyond = edge !== null && centre > edge;
      edges.push(x);
      bulk.push(beyond ? null : y);
      spikes.push(beyond ? y : null);
      if (beyond && i < n && h.counts[k] > 0) spikeBins++;
    }
    const positive = a => (a || []).map(v => (v > 0 ? v : null));
    const curves = d.curves || { grid: [], mp: [], pl: [] };
    const tables = [[edges, bulk, spikes]];
    const mp = positive(curves.mp), pl = positive(curves.pl);
    if (curves.grid.length) {
      tables.push([curves.grid, mp.length ? mp : curves.grid.map(() => null), pl.length ? pl : curves.grid.map(() => null)]);
    }
    const data = uPlot.join(tables);
    while (data.length < 5) data.push(data[0].map(() => null));
    const ys = [...bulk, ...spikes, ...mp, ...pl].filter(v => v > 0);
    const yMin = 0.5 / (total * w), yMax = Math.max(yMin * 4, ...ys) * 2;
    const marks = [];
    if (edge) marks.push({ x: edge, label: 'λ+', color: MP, dash: [5, 4] });
    if (fit.xmin > 0 && fit.pl_success !== false) marks.push({ x: fit.xmin, label: 'xmin', color: PL, dash: [2, 3] });
    if (fit.lambda_max > 0) marks.push({ x: fit.lambda_max, label: 'λmax', color: '#666', dash: [] });
    const stepped = uPlot.paths.stepped({ align: 1 });
    const opts = {
      ...this.size(),
      title: `${d.layer} · step ${d.step}`,
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10, range: () => [yMin, yMax] } },
      axes: [{ label: 'eigenvalue λ (log)' }, { label: 'density per log10 λ', size: 70 }],
      series: [
        { label: 'λ' },
        { label: 'ESD (bulk)', stroke: BULK, fill: 'rgba(0,114,178,0.30)', paths: stepped, width: 1, points: { show: false } },
        { label: `beyond λ+ (${fit.num_spikes ?? 0} spikes)`, stroke: SPIKES, fill: 'rgba(213,94,0,0.45)', paths: stepped, width: 1, points: { show: false } },
        { label: fit.mp_success ? `MP fit (σ=${fmt(fit.sigma_mp)})` : 'MP fit (failed)', stroke: MP, width: 2, spanGaps: true, points: { show: false } },
        { label: fit.pl_success ? `power law α=${fmt(fit.alpha)}` : 'power law (failed)', stroke: PL, width: 2, dash: [8, 4], spanGaps: true, points: { show: false } },
      ],
      hooks: { draw: [u => drawMarks(u, marks)] },
    };
    this.plot = new uPlot(opts, data, this.el);
    this.el.dataset.rendered = 'true';
    this.el.dataset.spikeBins = String(spikeBins);
    this.renderInfo(d);
  }

  renderInfo(d) {
    const wrap = document.createElement('div');
    const head = document.createElement('div');
    head.append(document.createTextNode(`${d.run} · ${d.layer} · step ${d.step} `), chip(d.phase));
    if (!d.held) head.append(document.createTextNode(' (read back from Kafka)'));
    wrap.append(head);
    if (d.verdict && d.verdict.rawPhase) wrap.append(verdictLine(d.verdict));
    const t = document.createElement('table');
    const row = (cells, cls) => {
      const tr = t.insertRow();
      if (cls) tr.className = cls;
      cells.forEach(c => { tr.insertCell().textContent = c; });
    };
    const f = d.fit || {};
    row(['α', fmt(f.alpha), 'xmin', fmt(f.xmin), 'D', fmt(f.D), 'λ+', fmt(f.bulk_max), 'λmax', fmt(f.lambda_max),
      'spikes', fmt(f.num_spikes)]);
    wrap.append(t);
    if (d.evidence && d.evidence.length) {
      const ev = document.createElement('table');
      const hr = ev.insertRow();
      ['signal', 'value', 'test', 'margin (SE)', 'note'].forEach(c => { const th = document.createElement('th'); th.textContent = c; hr.append(th); });
      for (const e of d.evidence) {
        const tr = ev.insertRow();
        if (e.decisive) tr.className = 'decisive';
        tr.dataset.signal = e.signal;
        const test = e.relation ? `${e.relation} ${fmt(e.threshold)}${e.relation === 'in' ? '…' + fmt(e.thresholdHigh) : ''}` : '';
        const margin = e.relation ? fmt(e.margin) : '';
        [(e.decisive ? '★ ' : '') + e.signal, fmt(e.value), test, margin, e.note || ''].forEach(c => { tr.insertCell().textContent = c; });
        tr.cells[3].className = 'margin';
      }
      wrap.append(ev);
    }
    this.info.replaceChildren(wrap);
  }
}

/**
 * What the classifier said of this snapshot: its own phase when the timeline shows another (the tracked
 * one), the deciding rule and margin, and the correlation traps.
 */
function verdictLine(v) {
  const line = document.createElement('div');
  line.className = 'verdict';
  const parts = [];
  if (v.trackedPhase && v.trackedPhase !== v.rawPhase) parts.push(`this snapshot alone: ${labelOfName(v.rawPhase)}`);
  parts.push(`rule ${v.rule}`, `margin ${fmt(v.margin)} SE`);
  const traps = document.createElement('span');
  traps.className = 'traps';
  traps.dataset.traps = v.correlationTraps ?? '';
  traps.textContent = v.correlationTraps === null ? 'correlation traps not counted (spectrum only)'
    : `${v.correlationTraps} correlation trap${v.correlationTraps === 1 ? '' : 's'}`
      + (v.correlationTraps > 0 ? ': a few oversized weights (bad initialisation, exploding gradients, learning rate too high?)' : '');
  if (v.correlationTraps > 0) traps.classList.add('warn');
  line.append(document.createTextNode(parts.join(' · ') + ' · '), traps);
  return line;
}

function drawMarks(u, marks) {
  const ctx = u.ctx;
  const { top, height } = u.bbox;
  ctx.save();
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  for (const m of marks) {
    const x = u.valToPos(m.x, 'x', true);
    if (!Number.isFinite(x)) continue;
    ctx.strokeStyle = m.color;
    ctx.fillStyle = m.color;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash(m.dash.map(v => v * devicePixelRatio));
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
    ctx.fillText(m.label, x + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
  }
  ctx.restore();
}
