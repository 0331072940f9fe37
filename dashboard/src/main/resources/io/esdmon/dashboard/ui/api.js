// REST access. Every answer that reflects the store carries the live event id it corresponds to.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }));
}

/** A POST (or other method) with a JSON body; answers like getJson. */
export async function sendJson(method, path, body) {
  return answer(await fetch(path, { method, credentials: 'same-origin',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) }));
}

async function answer(res) {
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = { error: text }; }
  if (!res.ok) { const e = new ApiError(res.status, body.error || res.statusText); e.body = body; throw e; }
  return body;
}

export const enc = encodeURIComponent;

/** The sequence number of an event id "<stream>-<n>", or -1. */
export function eventSeq(id) {
  if (!id) return -1;
  const n = Number(id.slice(id.lastIndexOf('-') + 1));
  return Number.isFinite(n) ? n : -1;
}

/** The stream part of an event id "<stream>-<n>". */
export function eventStream(id) {
  return id ? id.slice(0, id.lastIndexOf('-')) : '';
}

/**
 * Whether a record of analysis version {recordVersion} belongs to the shown version {shown}: the same
 * id, or an unclassified analysis ("cfg-…~", a layer the engine skipped) of the same engine config.
 */
export function inVersion(recordVersion, shown) {
  if (!recordVersion || !shown) return recordVersion === shown;
  return recordVersion === shown || (recordVersion.endsWith('~') && shown.startsWith(recordVersion));
}
