// The per-layer phase timeline on a canvas: one row per layer in model order, step on x, colour =
// the layer's tracked phase (the snapshot's own before it has one). Rows are kept as run-length
// segments (start step + phase code), so drawing costs one rectangle per segment, and segments
// narrower than a pixel are merged into the pixel already painted: a row never costs more rectangles
// than it has pixels. Snapshots with correlation traps are kept as runs too (first and last step) and
// drawn as a black bar along the bottom of the row. Drawing happens in an animation frame and only
// after a change (data, size, selection).

import { colorOfCode, outlineOfCode, phaseByCode, phaseByName, chip } from './palette.js';

const TOP = 14;        // lane of transition markers
const AXIS = 22;       // step axis below the rows
const MAX_HEIGHT = 640;
const TRAP = '#000000';
const TRAP_MIN_WIDTH = 4; // a single snapshot with traps stays visible

export class Timeline {
  constructor(canvas, tip, { onSelect, fetchDetail }) {
    this.canvas = canvas;
    this.tip = tip;
    this.onSelect = onSelect;
    this.fetchDetail = fetchDetail;
    this.rows = [];
    this.byLayer = new Map();
    this.transitions = [];
    this.selected = null;
    this.scheduled = false;
    this.pendingShown = [];
    this.stats = { draws: 0, lastDrawMs: 0, maxDrawMs: 0, rects: 0 };
    this.detailCache = new Map();
    this.hoverTimer = null;
    canvas.addEventListener('mousemove', e => this.hover(e));
    canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    canvas.addEventListener('click', e => this.click(e));
    this.resizeObserver = new ResizeObserver(() => this.invalidate());
    this.resizeObserver.observe(canvas.parentElement);
  }

  /** Replaces the model with a /timeline answer. */
  load(data) {
    this.rows = [];
    this.byLayer.clear();
    this.detailCache.clear();
    for (const r of data.rows) {
      const row = this.addRow(r.layer, r.layerIndex, r.starts.slice(), r.phases.slice(), r.lastStep);
      row.trapStarts = r.trapStarts.slice();
      row.trapEnds = r.trapEnds.slice();
    }
    this.sortRows();
    this.transitions = data.transitions.slice();
    this.invalidate();
  }

  addRow(layer, layerIndex, starts, codes, lastStep) {
    const row = { layer, layerIndex, firstSeen: this.rows.length, starts, codes, lastStep, trapStarts: [], trapEnds: [] };
    this.rows.push(row);
    this.byLayer.set(layer, row);
    return row;
  }

  sortRows() {
    const key = r => (r.layerIndex >= 0 ? r.layerIndex : 1e9);
    this.rows.sort((a, b) => key(a) - key(b) || a.firstSeen - b.firstSeen);
  }

  /**
   * A live analysis: extends or starts a segment. Returns false when it lands before the row's
   * newest step (out of order), in which case the caller reloads the timeline.
   */
  addAnalysis(a, code) {
    let row = this.byLayer.get(a.layer);
    const previous = row ? row.lastStep : null;
    if (!row) {
      row = this.addRow(a.layer, a.layerIndex, [a.step], [code], a.step);
      this.sortRows();
    } else if (a.step >= row.lastStep) {
      if (row.codes[row.codes.length - 1] !== code) {
        row.starts.push(a.step);
        row.codes.push(code);
      }
      row.lastStep = a.step;
      if (a.layerIndex >= 0 && row.layerIndex !== a.layerIndex) { row.layerIndex = a.layerIndex; this.sortRows(); }
    } else {
      return false;
    }
    if (a.metrics.correlation_traps >= 1) addTrap(row, a.step, previous);
    this.detailCache.delete(a.layer);
    this.pendingShown.push(a.analysisId);
    this.invalidate();
    return true;
  }

  addTransition(t) {
    this.transitions.push(t);
    this.invalidate();
  }

  select(layer, step) {
    this.selected = { layer, step };
    this.invalidate();
  }

  invalidate() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => { this.scheduled = false; this.draw(); });
  }

  geometry() {
    const n = Math.max(1, this.rows.length);
    const rowH = Math.max(3, Math.min(18, Math.floor((MAX_HEIGHT - TOP - AXIS) / n)));
    const width = Math.max(300, this.canvas.parentElement.clientWidth);
    const gutter = rowH >= 10 ? 170 : 44;
    let min = Infinity, max = -Infinity;
    for (const r of this.rows) {
      if (r.starts.length) { min = Math.min(min, r.starts[0]); max = Math.max(max, r.lastStep); }
    }
    if (!Number.isFinite(min)) { min = 0; max = 1; }
    const pad = Math.max(1, (max - min) / 200); // room for the newest point
    const plotW = width - gutter - 8;
    const span = max + pad - min;
    return { rowH, width, height: TOP + n * rowH + AXIS, gutter, plotW, min, max, pad,
      x: step => gutter + (step - min) / span * plotW,
      step: x => min + (x - gutter) / plotW * span };
  }

  draw() {
    const t0 = performance.now();
    const g = this.geometry();
    this.g = g;
    const dpr = window.devicePixelRatio || 1;
    const c = this.canvas;
    if (c.width !== Math.round(g.width * dpr) || c.height !== Math.round(g.height * dpr)) {
      c.width = Math.round(g.width * dpr);
      c.height = Math.round(g.height * dpr);
      c.style.height = g.height + 'px';
    }
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const h = g.rowH >= 6 ? g.rowH - 1 : g.rowH;
    let rects = 0;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    this.rows.forEach((r, i) => {
      const y = TOP + i * g.rowH;
      if (g.rowH >= 10) {
        ctx.fillStyle = '#333';
        ctx.fillText(truncate(r.layer, 26), 2, y + g.rowH / 2);
      } else if (i % Math.ceil(12 / g.rowH) === 0) {
        ctx.fillStyle = '#666';
        ctx.fillText(String(i), 2, y + g.rowH / 2);
      }
      let painted = -1; // last whole pixel painted in this row
      const n = r.starts.length;
      for (let k = 0; k < n; k++) {
        const x0 = g.x(r.starts[k]);
        const x1 = k + 1 < n ? g.x(r.starts[k + 1]) : g.x(r.lastStep + g.pad);
        const px = Math.floor(x0);
        if (x1 - x0 < 1 && px <= painted) continue;
        ctx.fillStyle = colorOfCode(r.codes[k]);
        ctx.fillRect(x0, y, Math.max(1, x1 - x0), h);
        const outline = outlineOfCode(r.codes[k]);
        if (outline && x1 - x0 >= 3 && h >= 5) {
          ctx.strokeStyle = outline;
          ctx.lineWidth = 1;
          ctx.strokeRect(x0 + 0.5, y + 0.5, x1 - x0 - 1, h - 1);
        }
        painted = Math.floor(Math.max(x1, x0 + 1)) - 1;
        rects++;
      }
      rects += this.drawTraps(ctx, g, r, y, h);
    });
    this.drawTransitions(ctx, g);
    this.drawAxis(ctx, g);
    if (this.selected) {
      const i = this.rows.findIndex(r => r.layer === this.selected.layer);
      if (i >= 0) {
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1;
        ctx.strokeRect(g.gutter - 0.5, TOP + i * g.rowH - 0.5, g.plotW + 1, g.rowH);
        const x = g.x(this.selected.step);
        ctx.beginPath(); ctx.moveTo(x, TOP - 4); ctx.lineTo(x, TOP + this.rows.length * g.rowH); ctx.stroke();
      }
    }
    const ms = performance.now() - t0;
    this.stats.draws++;
    this.stats.lastDrawMs = ms;
    this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, ms);
    this.stats.rects = rects;
    if (this.pendingShown.length) {
      const now = Date.now();
      const shown = (window.esdmon.shown ||= {});
      for (const id of this.pendingShown) shown[id] = now;
      this.pendingShown = [];
    }
  }

  /** The row's runs of snapshots with correlation traps, as bars along its bottom; returns the bars drawn. */
  drawTraps(ctx, g, r, y, h) {
    const bar = Math.max(2, Math.round(h / 4));
    let painted = -1, bars = 0;
    ctx.fillStyle = TRAP;
    for (let k = 0; k < r.trapStarts.length; k++) {
      const x0 = g.x(r.trapStarts[k]);
      const w = Math.max(TRAP_MIN_WIDTH, g.x(r.trapEnds[k]) - x0);
      if (Math.floor(x0 + w) <= painted) continue;
      ctx.fillRect(x0, y + h - bar, w, bar);
      painted = Math.floor(x0 + w);
      bars++;
    }
    return bars;
  }

  drawTransitions(ctx, g) {
    const lane = new Set();
    const index = new Map(this.rows.map((r, i) => [r.layer, i]));
    ctx.fillStyle = '#111';
    for (const t of this.transitions) {
      const i = index.get(t.layer);
      if (i === undefined) continue;
      const x = Math.round(g.x(t.step));
      const y = TOP + i * g.rowH;
      ctx.fillRect(x - 0.5, y, 1.5, g.rowH);
      if (!lane.has(x)) {
        lane.add(x);
        ctx.beginPath();
        ctx.moveTo(x - 4, 2); ctx.lineTo(x + 4, 2); ctx.lineTo(x, TOP - 3); ctx.closePath();
        ctx.fill();
      }
    }
  }

  drawAxis(ctx, g) {
    const y = TOP + this.rows.length * g.rowH + 2;
    ctx.strokeStyle = '#999';
    ctx.fillStyle = '#444';
    ctx.textBaseline = 'top';
    ctx.beginPath(); ctx.moveTo(g.gutter, y); ctx.lineTo(g.gutter + g.plotW, y); ctx.stroke();
    ctx.fillText('step', 2, y + 5);
    for (const s of ticks(g.min, g.max, Math.max(2, Math.floor(g.plotW / 90)))) {
      const x = g.x(s);
      ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x, y + 4); ctx.stroke();
      ctx.fillText(String(s), x + 2, y + 5);
    }
  }

  /** The row and step under a mouse event, or null. */
  locate(e) {
    if (!this.g) return null;
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left, y = e.clientY - rect.top;
    const i = Math.floor((y - TOP) / this.g.rowH);
    if (i < 0 || i >= this.rows.length || x < this.g.gutter) return null;
    const row = this.rows[i];
    const step = Math.round(this.g.step(x));
    const k = segmentAt(row, step);
    if (k < 0) return null;
    return { row, step: Math.min(step, row.lastStep), k, x, y };
  }

  hover(e) {
    const at = this.locate(e);
    if (!at) { this.tip.hidden = true; return; }
    const { row, step, k } = at;
    const end = k + 1 < row.starts.length ? row.starts[k + 1] - 1 : row.lastStep;
    const p = phaseByCode(row.codes[k]);
    this.tip.innerHTML = '';
    const head = document.createElement('div');
    head.append(document.createTextNode(`${row.layer} · step ≈ ${step} `), chip(p.name));
    const range = document.createElement('div');
    range.textContent = `${p.label} from step ${row.starts[k]} to ${end}`;
    const body = document.createElement('div');
    body.className = 'tip-body';
    body.textContent = '…';
    this.tip.append(head, range, body);
    this.tip.hidden = false;
    const wrap = this.canvas.parentElement.getBoundingClientRect();
    this.tip.style.left = Math.min(at.x + 14, wrap.width - 280) + 'px';
    this.tip.style.top = (at.y + 14) + 'px';
    clearTimeout(this.hoverTimer);
    this.hoverTimer = setTimeout(async () => {
      const key = row.layer + '@' + step;
      try {
        const d = this.detailCache.get(key) || await this.fetchDetail(row.layer, step);
        this.detailCache.set(key, d);
        if (!this.tip.hidden && body.isConnected) body.replaceChildren(detailTable(d));
      } catch (err) {
        body.textContent = err.message;
      }
    }, 120);
  }

  click(e) {
    const at = this.locate(e);
    if (at) this.onSelect(at.row.layer, at.step);
  }

  // --- hooks for tests and measurements ---------------------------------------------------------

  /** For each segment of a layer's row wide enough to hit: its phase code and the canvas pixel at its centre. */
  sample(layer) {
    const i = this.rows.findIndex(r => r.layer === layer);
    if (i < 0 || !this.g) return null;
    const r = this.rows[i], g = this.g;
    const ctx = this.canvas.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    const out = [];
    for (let k = 0; k < r.starts.length; k++) {
      const x0 = g.x(r.starts[k]);
      const x1 = k + 1 < r.starts.length ? g.x(r.starts[k + 1]) : g.x(r.lastStep + g.pad);
      const entry = { start: r.starts[k], code: r.codes[k], rgb: null };
      if (x1 - x0 >= 3) {
        // left third, away from a transition marker at the segment's end
        const px = ctx.getImageData(Math.floor((x0 + (x1 - x0) / 3) * dpr), Math.floor((TOP + i * g.rowH + g.rowH / 2 - 0.5) * dpr), 1, 1).data;
        entry.rgb = [px[0], px[1], px[2]];
      }
      out.push(entry);
    }
    return out;
  }

  /** For each run of snapshots with correlation traps of a layer's row: its steps and the canvas pixel on its bar. */
  trapMarks(layer) {
    const i = this.rows.findIndex(r => r.layer === layer);
    if (i < 0 || !this.g) return null;
    const r = this.rows[i], g = this.g;
    const h = g.rowH >= 6 ? g.rowH - 1 : g.rowH;
    const dpr = window.devicePixelRatio || 1;
    const ctx = this.canvas.getContext('2d');
    return r.trapStarts.map((start, k) => {
      const x = g.x(start) + 1;
      const px = ctx.getImageData(Math.floor(x * dpr), Math.floor((TOP + i * g.rowH + h - 1) * dpr), 1, 1).data;
      return { start, end: r.trapEnds[k], rgb: [px[0], px[1], px[2]] };
    });
  }

  layers() { return this.rows.map(r => r.layer); }
}

/** Records a snapshot with traps at {step}; {previous} is the row's step before it (null for a new row). */
function addTrap(row, step, previous) {
  const last = row.trapEnds.length - 1;
  if (last >= 0 && (row.trapEnds[last] === previous || row.trapEnds[last] === step)) row.trapEnds[last] = step;
  else { row.trapStarts.push(step); row.trapEnds.push(step); }
}

function segmentAt(row, step) {
  let lo = 0, hi = row.starts.length - 1, k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (row.starts[mid] <= step) { k = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return k;
}

function detailTable(d) {
  const t = document.createElement('table');
  const add = (k, v, cls) => {
    const tr = t.insertRow();
    if (cls) tr.className = cls;
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v;
  };
  add('step', d.step + (d.epoch ? ` (epoch ${d.epoch})` : ''));
  const verdict = d.verdict;
  if (verdict && verdict.rawPhase) {
    add('this snapshot', `${phaseByName(verdict.rawPhase).label} (${verdict.rule}, margin ${fmt(verdict.margin)} SE)`);
    add('tracked phase', verdict.trackedPhase ? phaseByName(verdict.trackedPhase).label : 'none yet');
  }
  for (const [k, v] of Object.entries(d.metrics)) add(k, fmt(v));
  const ev = [...d.evidence].sort((a, b) => b.decisive - a.decisive).slice(0, 6);
  for (const e of ev) {
    const margin = e.relation ? ` · margin ${fmt(e.margin)}` : '';
    add((e.decisive ? '★ ' : '') + e.signal, (e.note || fmt(e.value)) + margin, e.decisive ? 'decisive' : '');
  }
  return t;
}

export function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toPrecision(4);
}

function truncate(s, n) { return s.length <= n ? s : '…' + s.slice(s.length - n + 1); }

function ticks(min, max, count) {
  const span = max - min || 1;
  const raw = span / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw) || raw;
  const out = [];
  for (let s = Math.ceil(min / step) * step; s <= max; s += step) out.push(Math.round(s));
  return out;
}
