// Metric curves per layer over steps with uPlot: several layers of a run, and the same layers of
// another run, overlaid. Live analyses are appended to the series shown (throttled redraw).

import uPlot from 'uplot';
import { enc, eventSeq, inVersion } from './api.js';

// Okabe-Ito order, then black: distinguishable lines
const COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const METRICS = ['alpha', 'stable_rank', 'mp_softrank', 'num_spikes', 'correlation_traps', 'num_rand_spikes',
  'alpha_weighted', 'log_spectral_norm', 'entropy', 'rand_distance', 'num_pl_spikes'];

export class Curves {
  constructor(el, getJson) {
    this.el = el;
    this.getJson = getJson;
    this.series = new Map(); // "run\u0000layer" -> { run, layer, steps, values }
    this.metric = 'alpha';
    this.plot = null;
    this.timer = null;
    this.baseSeq = -1;
    this.versions = new Map(); // run -> analysis version shown
    new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(el);
  }

  size() { return { width: Math.max(320, this.el.clientWidth), height: 300 }; }

  /**
   * Loads and draws {metric} of {layers} of {run} (analysis version {version}, default the primary one)
   * and, if given, of the same layers of {compareRun} (its primary version).
   */
  async show(run, layers, metric, compareRun, version) {
    this.metric = metric;
    const runs = compareRun && compareRun !== run ? [run, compareRun] : [run];
    const next = new Map();
    const versions = new Map();
    let seq = Infinity;
    for (const r of runs) {
      if (!layers.length) continue;
      const q = layers.map(l => 'layer=' + enc(l)).join('&');
      let body;
      try {
        const v = r === run && version ? `&version=${enc(version)}` : '';
        body = await this.getJson(`api/runs/${enc(r)}/analyses?${q}&metric=${enc(metric)}${v}`);
      } catch (e) {
        if (e.status === 404) continue; // the compared run lacks these layers
        throw e;
      }
      seq = Math.min(seq, eventSeq(body.eventId));
      versions.set(r, body.version);
      for (const s of body.series) {
        next.set(r + '\u0000' + s.layer, { run: r, layer: s.layer, steps: s.steps, values: s.metrics[metric] });
      }
    }
    this.series = next;
    this.versions = versions;
    this.baseSeq = Number.isFinite(seq) ? seq : -1;
    this.rebuild();
  }

  /** A live analysis: appended when its series is shown and it is newer than the loaded state. */
  addAnalysis(a, seq) {
    if (seq <= this.baseSeq || !inVersion(a.version, this.versions.get(a.run))) return;
    const s = this.series.get(a.run + '\u0000' + a.layer);
    if (!s) return;
    const v = a.metrics[this.metric];
    const last = s.steps.length - 1;
    if (last >= 0 && a.step <= s.steps[last]) {
      const i = s.steps.indexOf(a.step);
      if (i >= 0) s.values[i] = v ?? null; // a re-analysis of a step
      else return;
    } else {
      s.steps.push(a.step);
      s.values.push(v ?? null);
    }
    if (!this.timer) this.timer = setTimeout(() => { this.timer = null; this.redraw(); }, 250);
  }

  data() {
    const tables = [...this.series.values()].map(s => [s.steps, s.values]);
    return tables.length ? uPlot.join(tables) : [[]];
  }

  rebuild() {
    if (this.plot) { this.plot.destroy(); this.plot = null; }
    this.el.replaceChildren();
    if (!this.series.size) {
      this.el.textContent = 'Choose one or more layers.';
      return;
    }
    const entries = [...this.series.values()];
    const runs = new Set(entries.map(s => s.run));
    const layers = [...new Set(entries.map(s => s.layer))]; // one colour per layer, a dash per compared run
    const opts = {
      ...this.size(),
      scales: { x: { time: false } },
      axes: [{ label: 'step' }, { label: this.metric, size: 60 }],
      series: [{ label: 'step' }, ...entries.map(s => ({
        label: runs.size > 1 ? `${s.run} · ${s.layer}` : s.layer,
        stroke: COLORS[layers.indexOf(s.layer) % COLORS.length],
        dash: runs.size > 1 && s.run !== entries[0].run ? [6, 4] : undefined,
        width: 1.5,
        spanGaps: true,
        points: { show: false },
      }))],
      legend: { live: true },
    };
    this.plot = new uPlot(opts, this.data(), this.el);
    this.el.dataset.series = String(entries.length);
  }

  redraw() {
    if (this.plot) this.plot.setData(this.data());
  }
}
