// The participant page's service worker (scope /j/), served by the server at /sw.js with the
// front end's version in its text: every change of a file under static/ is a new worker.
// docs/architecture.md, "The phone page offline", says why it works this way.
//
// - A participant page (/j/<code>): the network first, for at most NAVIGATION_TIMEOUT_MS; when
//   the server cannot be reached (or answers 5xx) the copy of that workshop's page kept in this
//   version's cache. A 404 (the workshop is gone) drops the kept copy.
// - Static files (/static/...): from this version's cache first, but only for a page of this
//   same version; a page of another version gets the network (no old page with new scripts,
//   no new page with old ones).
// - Everything else (/api/, /socket.io/, exports, posters, the facilitator's and the
//   projector's pages, any other URL) is not touched: the browser fetches it as if there were
//   no worker, and nothing of it is ever put in a cache.
//
// What goes into the cache: the static files the page itself loaded (it posts the list after
// load, so this does not depend on how static URLs are spelled) and then its page, under its
// path without the query (the join link's ?k= tag is never kept). A new version deletes every
// older version's cache when it activates and takes over the open pages at once.
'use strict';

const VERSION = {{ version|tojson }};
const CACHE_PREFIX = 'nc-shell-';
const CACHE = CACHE_PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 3000;
const PAGE_PATH = /^\/j\/[^/]+$/;
const STATIC_PATH = /^\/static\//;

// The version of the page behind each client id (from the page's response header or its
// message). Lost when the worker sleeps; a client it does not know gets the network first.
const pageVersion = new Map();

self.addEventListener('install', () => {
  // No waiting until every old page is closed: the old caches go in activate, and a page of
  // the old version is served from the network from then on (see pageVersion).
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && PAGE_PATH.test(url.pathname)) {
    event.respondWith(participantPage(event, url));
  } else if (STATIC_PATH.test(url.pathname)) {
    event.respondWith(staticFile(event));
  }
  // Anything else: not answered here, so the browser fetches it itself.
});

self.addEventListener('message', (event) => {
  const message = event.data;
  if (!message || message.type !== 'shell' || !event.source) return;
  pageVersion.set(event.source.id, message.version);
  if (message.version !== VERSION) return; // a page of another version: nothing of it is kept
  event.waitUntil(keepShell(message.page, message.urls));
});

/** The page's key in the cache: its path on this origin, without query or fragment. */
function pageKey(pathname) {
  return new URL(pathname, self.location.origin).href;
}

function participantPage(event, url) {
  const key = pageKey(url.pathname);
  const network = fetch(event.request).then(async (response) => {
    const version = response.headers.get('X-Static-Version');
    if (version) pageVersion.set(event.resultingClientId, version);
    const cache = await caches.open(CACHE);
    if (response.status === 404) await cache.delete(key);
    else if (response.ok && version === VERSION && await hasShell(cache)) {
      await cache.put(key, response.clone());
    }
    return response;
  });
  // The copy in the cache is brought up to date also when the network answers too late.
  event.waitUntil(network.catch(() => null));
  return (async () => {
    let timer;
    const late = new Promise((resolve) => { timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null); });
    const answer = await Promise.race([network.catch(() => null), late]);
    clearTimeout(timer);
    if (answer && answer.status < 500) return answer;
    const kept = await caches.match(key, { cacheName: CACHE });
    if (kept) {
      pageVersion.set(event.resultingClientId, VERSION);
      return kept;
    }
    return answer || network; // nothing kept: the network's own answer, or its error
  })();
}

async function staticFile(event) {
  const known = pageVersion.get(event.clientId);
  if (known !== undefined && known !== VERSION) return fetch(event.request);
  const cache = await caches.open(CACHE);
  if (known === VERSION) {
    const kept = await cache.match(event.request);
    if (kept) return kept;
  }
  try {
    return await fetch(event.request);
  } catch (error) {
    const kept = await cache.match(event.request);
    if (kept) return kept;
    throw error;
  }
}

/** Whether this version's static files are kept (a page is kept only once they are). */
async function hasShell(cache) {
  return Boolean(await cache.match(pageKey('/sw-shell')));
}

/** Keep the static files a page of this version loaded, then the page itself. */
async function keepShell(page, urls) {
  if (typeof page !== 'string' || !PAGE_PATH.test(page) || !Array.isArray(urls)) return;
  const cache = await caches.open(CACHE);
  const wanted = [];
  for (const href of urls) {
    let url;
    try { url = new URL(href, self.location.origin); } catch (error) { continue; }
    if (url.origin === self.location.origin && STATIC_PATH.test(url.pathname)
      && !wanted.includes(url.href) && !(await cache.match(url.href))) wanted.push(url.href);
  }
  try {
    // Usually from the browser's HTTP cache: the page has just loaded them.
    await cache.addAll(wanted);
    const response = await fetch(pageKey(page), { credentials: 'same-origin' });
    if (!response.ok || response.headers.get('X-Static-Version') !== VERSION) return;
    await cache.put(pageKey('/sw-shell'), new Response(JSON.stringify({ version: VERSION })));
    await cache.put(pageKey(page), response);
  } catch (error) {
    // Offline or the server changed version meanwhile: the next load of the page tries again.
  }
}
