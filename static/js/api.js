// HTTP calls to the JSON API (docs/protocol.md, "HTTP"). Never throws: a failure resolves to
// {ok: false, status, error, code} with a message fit to show.
import { t } from './boot.js';

/**
 * fetch `path` and read its JSON answer.
 * options: method, key (sent as X-Facilitator-Key), json (a value to send as JSON), body (raw
 * JSON text to send as is).
 * Resolves to {ok: true, status, body} or {ok: false, status, error, code}.
 */
export async function api(path, { method = 'GET', key = null, json, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers['X-Facilitator-Key'] = key;
  const init = { method, headers, cache: 'no-store' };
  if (json !== undefined) { init.body = JSON.stringify(json); headers['Content-Type'] = 'application/json'; }
  if (body !== undefined) { init.body = body; headers['Content-Type'] = 'application/json'; }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    return { ok: false, status: 0, code: 'network', error: t('error.network') };
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch (error) { data = null; }
  }
  if (response.ok) return { ok: true, status: response.status, body: data };
  const code = (data && data.code) || (response.status === 413 ? 'too_large' : 'internal');
  return { ok: false, status: response.status, code, error: (data && data.error) || t(`error.${code}`) };
}

/** The API paths of one workshop (code) and, for exports, of one snapshot id or 'current'. */
export const paths = {
  snapshots: (code) => `/api/workshops/${encodeURIComponent(code)}/snapshots`,
  snapshot: (code, id) => `/api/workshops/${encodeURIComponent(code)}/snapshots/${encodeURIComponent(id)}`,
  poster: (code, id, size) => `${paths.snapshot(code, id)}/poster.pdf?size=${encodeURIComponent(size)}`,
  export: (code, id, kind) => `${paths.snapshot(code, id)}/export.${kind}`,
  compare: (code, from, to) => `/api/workshops/${encodeURIComponent(code)}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
  workshop: (code) => `/api/workshops/${encodeURIComponent(code)}`,
  import: '/api/workshops/import',
  // Pages
  snapshotPage: (code, id) => `/s/${encodeURIComponent(code)}/${encodeURIComponent(id)}`,
  comparePage: (code, from, to) => `/c/${encodeURIComponent(code)}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
};
