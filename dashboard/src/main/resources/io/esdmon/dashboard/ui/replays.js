// The replay panel of a run: a form that starts a replay under another configuration
// (POST api/runs/{run}/replays) and the run's replays with their progress, polled while one is
// queued or running. A replay that finishes makes the page reload the run's versions.

import { getJson, sendJson, enc } from './api.js';
import { fmt } from './timeline.js';

const POLL_MS = 1000;

export class ReplayPanel {
  /** els: {config, tag, from, to, start, message, jobs}; onFinished(run): a replay of run ended. */
  constructor(els, onFinished) {
    this.els = els;
    this.onFinished = onFinished;
    this.run = null;
    this.jobs = [];
    this.timer = null;
    this.available = true;
    els.start.addEventListener('click', () => this.start());
  }

  /** Shows the replays of {run}. */
  async show(run) {
    this.run = run;
    this.jobs = [];
    this.render();
    this.message('');
    await this.refresh();
  }

  async start() {
    const run = this.run;
    const e = this.els;
    e.start.disabled = true;
    try {
      const job = await sendJson('POST', `api/runs/${enc(run)}/replays`,
        { config: e.config.value, tag: e.tag.value, from: e.from.value, to: e.to.value });
      this.message(`Replay ${job.id} started: version ${job.version}.`);
      await this.refresh();
    } catch (err) {
      const running = err.body && err.body.runningId;
      this.message(err.message, running ? 'conflict' : 'error');
    } finally {
      e.start.disabled = !this.available;
    }
  }

  async refresh() {
    const run = this.run;
    clearTimeout(this.timer);
    this.timer = null;
    let body;
    try {
      body = await getJson(`api/runs/${enc(run)}/replays`);
    } catch (err) {
      if (run !== this.run) return;
      if (err.status === 503) {
        this.available = false;
        this.els.start.disabled = true;
      }
      this.message(err.message, 'error');
      return;
    }
    if (run !== this.run) return;
    const before = new Map(this.jobs.map(j => [j.id, j.state]));
    this.jobs = body.replays;
    this.render();
    const ended = this.jobs.some(j => before.has(j.id) && active(before.get(j.id)) && !active(j.state));
    if (ended) this.onFinished(run);
    if (this.jobs.some(j => active(j.state))) this.timer = setTimeout(() => this.refresh(), POLL_MS);
  }

  message(text, kind) {
    const m = this.els.message;
    m.textContent = text;
    m.dataset.kind = kind || 'info';
  }

  render() {
    this.els.jobs.replaceChildren(...this.jobs.map(jobItem));
  }
}

function active(state) { return state === 'queued' || state === 'running'; }

function jobItem(j) {
  const li = document.createElement('li');
  li.dataset.replayId = j.id;
  li.dataset.state = j.state;
  const head = document.createElement('div');
  head.textContent = `${j.id} · ${j.state}` + (j.tag ? ` · tag '${j.tag}'` : '') + ` · version ${j.version}`;
  li.append(head);
  const bar = document.createElement('progress');
  bar.max = Math.max(1, j.recordsTotal);
  bar.value = j.state === 'succeeded' ? bar.max : Math.min(j.recordsRead, bar.max);
  const counts = document.createElement('span');
  counts.className = 'counts';
  counts.textContent = `${j.recordsRead}/${j.recordsTotal} records · ${j.snapshots} snapshots · ${j.layers} layers · `
    + `${j.analyses} analyses · ${j.transitions} transitions · ${fmt(j.elapsedMs / 1000)} s`
    + (j.etaMs !== null && active(j.state) ? ` · ${fmt(j.etaMs / 1000)} s left` : '');
  li.append(bar, counts);
  if (j.error) {
    const err = document.createElement('div');
    err.className = 'error';
    err.textContent = j.error;
    li.append(err);
  }
  if (j.summary.length) {
    const pre = document.createElement('pre');
    pre.className = 'summary';
    pre.textContent = j.summary.join('\n');
    li.append(pre);
  }
  return li;
}
