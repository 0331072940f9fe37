// The dashboard page: runs list, per-run view (timeline, curves, ESD), transitions feed, status.
//
// Consistency with the live stream: every REST answer carries the event id its state reflects.
// The stream is opened after the oldest of those ids; each view ignores events it already
// includes (id <= its own) and, since a view may be loading while events arrive, replays the
// recent events newer than its state once it has loaded. So no event is lost or applied twice.

import { getJson, enc, eventSeq, inVersion } from './api.js';
import { loadPhases, renderLegend, phaseByName } from './palette.js';
import { Live } from './live.js';
import { Timeline } from './timeline.js';
import { Curves, METRICS } from './curves.js';
import { EsdView } from './esd.js';
import { renderRuns, renderFeed, feedItem } from './runs.js';
import { ReplayPanel } from './replays.js';

const $ = id => document.getElementById(id);
const RECENT = 5000;
const FEED_MAX = 300;

const state = {
  status: null,
  connection: 'connecting',
  runs: [],
  recent: [],                  // recent live events {kind, data, seq}, for views that finish loading
  feed: { ready: false, seq: -1, items: [] },
  // version: the analysis version shown (pinned once chosen, else the primary one); compare: the one
  // shown side by side ('' for none)
  run: { name: null, ready: false, seq: -1, layers: [], versions: [], version: null, pinned: false,
    compare: '', compareReady: false, compareSeq: -1 },
  esd: { layer: null, step: null, follow: true },
  sawData: false,
};
const hooks = { state, shown: {}, ready: false, errors: [] };
window.esdmon = hooks;

let timeline, compare, curves, esd, live, replays;
let runsTimer = null, esdTimer = null, layersTimer = null, versionsTimer = null;

/** A run endpoint of the shown run, for analysis version {version} (the shown one by default). */
function runApi(path, version = state.run.version) {
  const sep = path.includes('?') ? '&' : '?';
  return `api/runs/${enc(state.run.name)}/${path}` + (version ? `${sep}version=${enc(version)}` : '');
}

/**
 * A page opened as /?token=… has its cookie by now (the server set it with the page), so the token
 * leaves the address bar and this history entry: it is not shown, bookmarked or shared with the URL.
 */
function forgetToken() {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

async function init() {
  forgetToken();
  await loadPhases(getJson);
  renderLegend($('legend'));
  for (const m of METRICS) $('curve-metric').append(new Option(m, m));
  timeline = new Timeline($('timeline'), $('timeline-tip'), {
    onSelect: (layer, step) => selectEsd(layer, step, false),
    fetchDetail: (layer, step) => getJson(runApi(`layers/${enc(layer)}/analyses/${step}?nearest=true`)),
  });
  hooks.timeline = timeline;
  compare = new Timeline($('timeline-compare'), $('compare-tip'), {
    onSelect: () => {},
    fetchDetail: (layer, step) => getJson(runApi(`layers/${enc(layer)}/analyses/${step}?nearest=true`,
      state.run.compare)),
  });
  hooks.compare = compare;
  replays = new ReplayPanel({ config: $('replay-config'), tag: $('replay-tag'), from: $('replay-from'),
    to: $('replay-to'), start: $('replay-start'), message: $('replay-message'), jobs: $('replay-jobs') },
  run => { if (run === state.run.name) refreshVersions(0); });
  hooks.replays = replays;
  $('run-version').addEventListener('change', () => {
    state.run.version = $('run-version').value;
    state.run.pinned = true;
    if (state.run.compare === state.run.version) state.run.compare = '';
    loadRun(state.run.name);
  });
  $('run-compare').addEventListener('change', () => { state.run.compare = $('run-compare').value; loadCompare(); });
  curves = new Curves($('curves'), getJson);
  hooks.curves = curves;
  esd = new EsdView($('esd'), $('esd-info'));
  live = new Live({ analysis: onAnalysis, transition: onTransition, status: onStatus, connection: onConnection, reload: onReload });
  $('curve-metric').addEventListener('change', showCurves);
  $('curve-layers').addEventListener('change', showCurves);
  $('curve-run').addEventListener('change', showCurves);
  $('esd-layer').addEventListener('change', () => selectEsd($('esd-layer').value, null, true));
  $('esd-step').addEventListener('change', () => selectEsd(state.esd.layer, Number($('esd-step').value), false));
  $('esd-latest').addEventListener('click', () => selectEsd(state.esd.layer, null, true));
  window.addEventListener('hashchange', route);
  await start();
}

/** Loads the state and opens the stream right after it. */
async function start() {
  const [status, runs] = await Promise.all([getJson('api/status'), getJson('api/runs')]);
  onStatus(status);
  state.runs = runs.runs;
  renderRunsView();
  live.connect(runs.eventId);
  await route();
  hooks.ready = true;
}

async function onReload(reason) {
  console.warn('reloading the dashboard state:', reason);
  state.recent = [];
  state.feed.ready = false;
  state.run.ready = false;
  await start();
}

// --- live events ---------------------------------------------------------------------------------

function remember(kind, data, seq) {
  state.recent.push({ kind, data, seq });
  if (state.recent.length > RECENT) state.recent.splice(0, state.recent.length - RECENT);
}

function onAnalysis(a, seq) {
  remember('analysis', a, seq);
  if (!state.sawData) { state.sawData = true; renderStatus(); }
  if (!state.runs.some(r => r.run === a.run)) refreshRuns(0); else refreshRuns(2000);
  applyToRun('analysis', a, seq);
}

function onTransition(t, seq) {
  remember('transition', t, seq);
  applyToFeed(t, seq);
  applyToRun('transition', t, seq);
  refreshRuns(1000);
}

function applyToRun(kind, data, seq) {
  const run = state.run;
  if (!run.ready || data.run !== run.name) {
    if (kind === 'analysis' && curves) curves.addAnalysis(data, seq); // a compared run
    return;
  }
  if (data.version && !run.versions.some(v => inVersion(data.version, v.id))) refreshVersions(1000);
  if (run.compareReady && seq > run.compareSeq && inVersion(data.version, run.compare)) applyToCompare(kind, data);
  if (seq <= run.seq || !inVersion(data.version, run.version)) return;
  if (kind === 'analysis') {
    const code = phaseByName(data.phase).code;
    const isNew = !timeline.layers().includes(data.layer);
    if (!timeline.addAnalysis(data, code)) {
      loadRun(run.name); // out of order: reload the rows
      return;
    }
    if (isNew) refreshLayers();
    curves.addAnalysis(data, seq);
    if (state.esd.follow && data.layer === state.esd.layer) {
      clearTimeout(esdTimer);
      esdTimer = setTimeout(() => selectEsd(state.esd.layer, null, true), 300);
    }
  } else {
    timeline.addTransition(data);
  }
}

function applyToCompare(kind, data) {
  if (kind === 'transition') compare.addTransition(data);
  else if (!compare.addAnalysis(data, phaseByName(data.phase).code)) loadCompare();
}

function applyToFeed(t, seq) {
  const feed = state.feed;
  if (!feed.ready || seq <= feed.seq || t.replay) return; // a replay re-labels the past: not news
  feed.items.unshift(t);
  feed.items.length = Math.min(feed.items.length, FEED_MAX);
  for (const ol of [$('feed'), $('feed-runs')]) {
    ol.prepend(feedItem(t, true));
    while (ol.children.length > (ol.id === 'feed' ? FEED_MAX : 12)) ol.lastChild.remove();
  }
  $('feed-empty').hidden = true;
  $('feed-runs-empty').hidden = true;
}

function onStatus(s) {
  state.status = s;
  renderStatus();
}

function onConnection(c) {
  state.connection = c;
  renderStatus();
}

const MESSAGES = {
  connecting: s => `Connecting to Kafka at ${s.kafka.bootstrap}…`,
  'kafka-unreachable': s => `Kafka unreachable: ${s.kafka.message}. Showing what was loaded before.`,
  reconnecting: s => `Reconnecting to Kafka: ${s.kafka.message}`,
  loading: s => `Loading history from Kafka (${s.kafka.recordsRead} records read)…`,
  'no-data': s => `No data yet: waiting for analyses on ${s.kafka.topics.analyses}.`,
  live: () => `Live · ${state.runs.length} run${state.runs.length === 1 ? '' : 's'}`,
  stopped: s => `Kafka feed stopped: ${s.kafka.message}`,
};

function renderStatus() {
  const el = $('status');
  const s = state.status;
  let condition = s ? s.condition : 'connecting';
  if (condition === 'no-data' && state.sawData) condition = 'live';
  let text = s ? MESSAGES[condition](s) : 'Connecting…';
  if (state.connection === 'reconnecting') {
    condition = 'server-reconnecting';
    text = 'Connection to the dashboard server lost; reconnecting…';
  }
  el.dataset.condition = condition;
  el.textContent = text;
  el.title = s ? s.kafka.message : '';
  const empty = $('runs-empty');
  empty.hidden = state.runs.length > 0;
  $('runs').hidden = state.runs.length === 0;
  if (!state.runs.length) empty.textContent = condition === 'live' || condition === 'no-data'
    ? 'No runs yet. Runs appear here as soon as the monitor writes their first analysis.'
    : text;
}

// --- views ---------------------------------------------------------------------------------------

async function route() {
  const hash = location.hash || '#/';
  const views = { runs: $('view-runs'), run: $('view-run'), transitions: $('view-transitions') };
  let name = 'runs';
  if (hash.startsWith('#/run/')) name = 'run';
  else if (hash.startsWith('#/transitions')) name = 'transitions';
  for (const [k, v] of Object.entries(views)) v.hidden = k !== name;
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === name));
  document.body.dataset.view = name;
  if (!state.feed.ready) await loadFeed();
  if (name === 'run') {
    const run = decodeURIComponent(hash.slice('#/run/'.length));
    if (run !== state.run.name || !state.run.ready) await loadRun(run);
  }
}

function renderRunsView() {
  renderRuns($('runs').tBodies[0], state.runs, run => { location.hash = '#/run/' + enc(run); });
  renderStatus();
  const select = $('curve-run');
  const current = select.value;
  select.replaceChildren(new Option('(none)', ''));
  for (const r of state.runs) if (r.run !== state.run.name) select.append(new Option(r.run, r.run));
  select.value = [...select.options].some(o => o.value === current) ? current : '';
}

function refreshRuns(delay) {
  if (runsTimer) return;
  runsTimer = setTimeout(async () => {
    runsTimer = null;
    try {
      state.runs = (await getJson('api/runs')).runs;
      renderRunsView();
    } catch (e) { hooks.errors.push(e.message); }
  }, delay);
}

async function loadFeed() {
  const body = await getJson('api/transitions?limit=' + FEED_MAX);
  state.feed = { ready: true, seq: eventSeq(body.eventId), items: body.transitions };
  renderFeed($('feed'), body.transitions);
  renderFeed($('feed-runs'), body.transitions.slice(0, 12));
  $('feed-empty').hidden = body.transitions.length > 0;
  $('feed-runs-empty').hidden = body.transitions.length > 0;
  for (const ev of state.recent) if (ev.kind === 'transition') applyToFeed(ev.data, ev.seq);
}

async function loadRun(run) {
  const r = state.run;
  const switching = r.name !== run;
  r.name = run;
  r.ready = false;
  r.compareReady = false; // reloaded below
  document.title = `${run} · esdmon`;
  $('run-title').textContent = run;
  if (switching) Object.assign(r, { version: null, pinned: false, compare: '', compareReady: false });
  let body, layers;
  try {
    chooseVersion((await getJson(`api/runs/${enc(run)}/versions`)).versions);
    [body, layers] = await Promise.all([getJson(runApi('timeline')), getJson(runApi('layers'))]);
  } catch (e) {
    $('run-title').textContent = `${run}: ${e.message}`;
    return;
  }
  if (r.name !== run) return; // navigated away meanwhile
  r.seq = eventSeq(body.eventId);
  r.layers = layers.layers;
  const summary = state.runs.find(x => x.run === run);
  const tags = $('run-tags');
  tags.replaceChildren();
  for (const [k, v] of Object.entries(summary ? summary.tags : {})) {
    const s = document.createElement('span');
    s.textContent = `${k}=${v}`;
    tags.append(s);
  }
  timeline.load(body);
  r.ready = true;
  for (const ev of state.recent) {
    if (ev.data.run === run && ev.seq > r.seq && inVersion(ev.data.version, r.version)) applyToRun(ev.kind, ev.data, ev.seq);
  }
  fillLayerSelects(switching);
  renderRunsView();
  if (switching) replays.show(run);
  await Promise.all([showCurves(), loadCompare(),
    selectEsd(switching || !state.esd.layer ? r.layers[0]?.layer : state.esd.layer, null, true)]);
}

/** Takes a run's versions (primary first): keeps the chosen ones that still exist, else the primary. */
function chooseVersion(versions) {
  const r = state.run;
  r.versions = versions;
  const ids = versions.map(v => v.id);
  if (!r.pinned || !ids.includes(r.version)) { r.version = ids[0] ?? null; r.pinned = false; }
  if (!ids.includes(r.compare) || r.compare === r.version) r.compare = '';
  renderVersions();
}

function renderVersions() {
  const r = state.run;
  const label = v => v.label + (v.primary ? ' · primary' : '');
  $('run-version').replaceChildren(...r.versions.map(v => new Option(label(v), v.id, false, v.id === r.version)));
  $('run-compare').replaceChildren(new Option('(none)', ''), ...r.versions.filter(v => v.id !== r.version)
    .map(v => new Option(label(v), v.id, false, v.id === r.compare)));
  $('run-compare').disabled = r.versions.length < 2;
  const shown = r.versions.find(v => v.id === r.version);
  $('timeline-label').textContent = shown ? label(shown) : '';
  $('timeline-label').dataset.version = r.version ?? '';
}

/** Re-reads the run's versions (a replay wrote a new one); reloads when the primary one changed. */
function refreshVersions(delay) {
  if (versionsTimer) return;
  versionsTimer = setTimeout(async () => {
    versionsTimer = null;
    const r = state.run, run = r.name, before = r.version;
    try {
      const body = await getJson(`api/runs/${enc(run)}/versions`);
      if (r.name !== run) return;
      chooseVersion(body.versions);
      if (r.version !== before) await loadRun(run);
    } catch (e) { hooks.errors.push(e.message); }
  }, delay);
}

/** Loads the version shown side by side, if any. */
async function loadCompare() {
  const r = state.run, run = r.name, want = r.compare;
  r.compareReady = false;
  $('compare-col').hidden = !want;
  renderVersions();
  if (!want) return;
  const v = r.versions.find(x => x.id === want);
  $('compare-label').textContent = v ? v.label : want;
  $('compare-label').dataset.version = want;
  let body;
  try {
    body = await getJson(runApi('timeline', want));
  } catch (e) {
    $('compare-label').textContent = e.message;
    return;
  }
  if (r.name !== run || r.compare !== want) return;
  r.compareSeq = eventSeq(body.eventId);
  compare.load(body);
  r.compareReady = true;
  for (const ev of state.recent) {
    if (ev.data.run === run && ev.seq > r.compareSeq && inVersion(ev.data.version, want)) applyToCompare(ev.kind, ev.data);
  }
}

function refreshLayers() {
  if (layersTimer) return;
  layersTimer = setTimeout(async () => {
    layersTimer = null;
    const run = state.run.name;
    try {
      const body = await getJson(runApi('layers'));
      if (state.run.name === run) { state.run.layers = body.layers; fillLayerSelects(false); }
    } catch (e) { hooks.errors.push(e.message); }
  }, 1000);
}

function fillLayerSelects(reset) {
  const names = state.run.layers.map(l => l.layer);
  const cl = $('curve-layers');
  const chosen = reset ? names.slice(0, 3) : [...cl.selectedOptions].map(o => o.value);
  cl.replaceChildren(...names.map(n => new Option(n, n, false, chosen.includes(n))));
  const el = $('esd-layer');
  el.replaceChildren(...names.map(n => new Option(n, n)));
  if (state.esd.layer) el.value = state.esd.layer;
}

async function showCurves() {
  const layers = [...$('curve-layers').selectedOptions].map(o => o.value);
  try {
    await curves.show(state.run.name, layers, $('curve-metric').value, $('curve-run').value, state.run.version);
    for (const ev of state.recent) if (ev.kind === 'analysis') curves.addAnalysis(ev.data, ev.seq);
  } catch (e) { hooks.errors.push(e.message); }
}

/** Shows the ESD of a layer at a step (null: its newest step; follow: keep showing the newest). */
async function selectEsd(layer, step, follow) {
  if (!layer) { esd.clear('No layer yet.'); return; }
  state.esd = { layer, step, follow };
  $('esd-layer').value = layer;
  const s = step === null ? state.run.layers.find(l => l.layer === layer)?.lastStep ?? 0 : step;
  const latest = timeline.byLayer.get(layer)?.lastStep;
  const at = step === null && latest !== undefined ? latest : s;
  timeline.select(layer, at);
  try {
    const d = await getJson(runApi(`layers/${enc(layer)}/analyses/${at}?nearest=true`));
    if (state.esd.layer !== layer) return;
    $('esd-step').value = d.step;
    esd.show(d);
  } catch (e) {
    esd.clear(e.message);
  }
}

init().catch(e => {
  hooks.errors.push(e.message);
  const el = $('status');
  el.dataset.condition = 'stopped';
  el.textContent = 'The dashboard could not start: ' + e.message;
});
