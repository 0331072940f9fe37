// REST access. Every answer that reflects the store carries the live event id it corresponds to.

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = { error: text }; }
  if (!res.ok) throw new ApiError(res.status, body.error || res.statusText);
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
