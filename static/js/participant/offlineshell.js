// The participant page as an app that loads without a connection: registers the service
// worker (/sw.js, scope /j/, templates/sw.js) and tells it which static files this page
// loaded, so it keeps exactly those (however their URLs are spelled) and then the page.
// Browsers offer service workers only in a secure context (HTTPS, or localhost): elsewhere the
// page works as before, without the offline reload.
import { boot } from '../boot.js';

export function registerOfflineShell() {
  if (!('serviceWorker' in navigator) || !boot.static_version) return;
  const tell = (worker) => {
    if (worker) worker.postMessage({ type: 'shell', version: boot.static_version, page: window.location.pathname, urls: loadedUrls() });
  };
  navigator.serviceWorker.register('/sw.js', { scope: '/j/' }).catch(() => {});
  const whenLoaded = document.readyState === 'complete' ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  whenLoaded.then(() => navigator.serviceWorker.ready).then((registration) => tell(registration.active));
  // A new version's worker took over: it keeps nothing of an older page, but this page's
  // files if it is of that version (a page just loaded from the server).
  navigator.serviceWorker.addEventListener('controllerchange', () => tell(navigator.serviceWorker.controller));
}

/** The same-origin URLs this page loaded: scripts, styles, fonts, images and its icons. */
function loadedUrls() {
  const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
  for (const link of document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]')) urls.push(link.href);
  return [...new Set(urls.filter((url) => url.startsWith(`${window.location.origin}/`)))];
}
