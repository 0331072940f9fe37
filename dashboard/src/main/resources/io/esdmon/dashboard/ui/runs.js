// The runs table and the transitions feed.

import { chip, colorOfName, labelOfName, paint, phases } from './palette.js';
import { fmt } from './timeline.js';

export function renderRuns(tbody, runs, onOpen) {
  tbody.replaceChildren();
  for (const r of runs) {
    const tr = tbody.insertRow();
    tr.dataset.run = r.run;
    tr.addEventListener('click', () => onOpen(r.run));
    const cell = text => { const td = tr.insertCell(); td.textContent = text ?? '–'; return td; };
    const name = cell('');
    const a = document.createElement('a');
    a.href = '#/run/' + encodeURIComponent(r.run);
    a.textContent = r.run;
    name.append(a);
    cell(r.model);
    cell(r.batchSize);
    cell(r.learningRate);
    cell(r.lastStep);
    const state = cell('');
    const badge = document.createElement('span');
    badge.className = 'badge ' + (r.live ? 'live' : 'finished');
    badge.textContent = r.live ? 'live' : 'finished';
    badge.title = 'last record ' + new Date(r.lastUpdate).toLocaleString();
    state.append(badge);
    if (r.versions > 1) {
      const v = document.createElement('div');
      v.className = 'counts';
      v.textContent = `${r.versions} analysis versions`;
      v.title = 'the monitor\'s and replays\' analyses; choose one on the run\'s page';
      state.append(v);
    }
    tr.dataset.live = String(r.live);
    const dist = cell('');
    dist.append(phaseBar(r.phases, r.layers));
    cell(r.meanAlpha === null ? '–' : fmt(r.meanAlpha));
    const rec = cell('');
    for (const t of r.recentTransitions.slice(0, 3)) {
      const d = document.createElement('div');
      d.className = 'counts';
      d.append(document.createTextNode(`${t.layer} @${t.step}: `), chip(t.from), document.createTextNode(' → '), chip(t.to));
      rec.append(d);
    }
    if (!r.recentTransitions.length) rec.textContent = 'none';
  }
}

/** A stacked bar of layers per phase, with the counts below it. */
function phaseBar(counts, total) {
  const wrap = document.createElement('div');
  const bar = document.createElement('div');
  bar.className = 'phasebar';
  const text = [];
  for (const p of phases()) {
    const n = counts[p.name] || 0;
    if (!n) continue;
    const s = document.createElement('span');
    s.style.width = (100 * n / total) + '%';
    paint(s, p);
    s.title = `${p.label}: ${n}`;
    s.dataset.phase = p.name;
    bar.append(s);
    text.push(`${p.label} ${n}`);
  }
  const c = document.createElement('div');
  c.className = 'counts';
  c.textContent = text.join(' · ');
  wrap.append(bar, c);
  return wrap;
}

/** One transition as a feed entry. */
export function feedItem(t, fresh) {
  const li = document.createElement('li');
  li.dataset.transitionId = t.transitionId;
  li.dataset.to = t.to;
  if (fresh) li.className = 'fresh';
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = new Date(t.time).toLocaleTimeString();
  const where = document.createElement('a');
  where.href = '#/run/' + encodeURIComponent(t.run);
  where.textContent = `${t.run} · ${t.layer}`;
  const step = document.createElement('span');
  step.textContent = `step ${t.step}` + (t.firstStep !== t.step ? ` (since ${t.firstStep})` : '');
  li.append(time, where, chip(t.from), document.createTextNode('→'), chip(t.to), step);
  const decisive = (t.evidence || []).filter(e => e.decisive).map(e => e.note || e.signal);
  if (decisive.length) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = decisive.join('; ');
    li.append(note);
  }
  li.title = `${labelOfName(t.from)} → ${labelOfName(t.to)}`;
  li.style.borderLeft = `6px solid ${colorOfName(t.to)}`;
  return li;
}

export function renderFeed(ol, transitions) {
  ol.replaceChildren(...transitions.map(t => feedItem(t, false)));
}
