// Phase colours and the legend, from GET /api/phases (the server owns the palette). A phase whose
// colour would vanish on white (Undetermined) comes with an outline, drawn wherever its colour is.

const byName = new Map();
const byCode = new Map();

export async function loadPhases(getJson) {
  const { phases } = await getJson('api/phases');
  for (const p of phases) {
    const rgb = [1, 3, 5].map(i => parseInt(p.color.slice(i, i + 2), 16));
    const entry = { ...p, rgb };
    byName.set(p.name, entry);
    byCode.set(p.code, entry);
  }
  return phases;
}

export const phaseByName = name => byName.get(name) || byName.get('UNCLASSIFIED');
export const phaseByCode = code => byCode.get(code) || byName.get('UNCLASSIFIED');
export const colorOfCode = code => phaseByCode(code).color;
export const colorOfName = name => phaseByName(name).color;
export const outlineOfCode = code => phaseByCode(code).outline || null;
export const labelOfName = name => phaseByName(name).label;
export const phases = () => [...byName.values()];

export function renderLegend(el) {
  el.replaceChildren();
  for (const p of byName.values()) {
    if (p.name === 'SKIPPED') continue;
    const item = document.createElement('div');
    item.className = 'item';
    item.dataset.phase = p.name;
    item.innerHTML = '<span class="swatch"></span><span class="label"></span><span class="summary"></span>';
    paint(item.querySelector('.swatch'), p);
    item.querySelector('.label').textContent = p.label;
    item.querySelector('.summary').textContent = '— ' + p.summary;
    el.append(item);
  }
}

/** A small coloured chip with the phase's label. */
export function chip(name) {
  const s = document.createElement('span');
  s.className = 'chip';
  s.dataset.phase = name || 'NONE';
  if (!name) { s.textContent = '(first)'; s.style.background = '#fff'; return s; }
  const p = phaseByName(name);
  s.textContent = p.label;
  paint(s, p);
  return s;
}

/** Gives an element a phase's colour, with its outline as a border when it has one. */
export function paint(el, p) {
  el.style.background = p.color;
  if (p.outline) el.style.border = `1px solid ${p.outline}`;
}
