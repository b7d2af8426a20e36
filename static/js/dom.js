// Tiny DOM helpers. User data only ever goes in as text nodes (never innerHTML).

/**
 * Create an element. `attrs`: class, text, dataset {..}, style {--var: value}, on {event: fn},
 * any other key becomes an attribute (true → empty attribute, false/null → skipped).
 * Children: nodes or strings (strings become text nodes), arrays are flattened, null skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
      else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
      else if (key in el && typeof value !== 'string' && key !== 'list') el[key] = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// What scrolls the participant's page: the window on a phone; on a laptop or tablet the column
// beside the sheet (#app: participant/wide.js, participantwide.css), while the page itself
// stays put. Positions are the screen's (getBoundingClientRect): a distance to scroll is the
// same for either.

/** The element that scrolls the page's content now. */
export function pageScroller() {
  const app = document.getElementById('app');
  if (app && window.getComputedStyle(app).overflowY === 'auto') return app;
  return document.scrollingElement || document.documentElement;
}

/** The part of the screen the page's content scrolls in: {top, bottom} in px. */
export function scrollView() {
  const scroller = pageScroller();
  if (scroller.id !== 'app') return { top: 0, bottom: window.innerHeight };
  const rect = scroller.getBoundingClientRect();
  return { top: rect.top, bottom: rect.bottom };
}

/** Scroll the page's content by `dy` px (down when positive). */
export function scrollPageBy(dy, behavior = 'auto') {
  pageScroller().scrollBy({ top: dy, behavior });
}

/** listener() whenever the page's content scrolls (the window, or the column). */
export function onPageScroll(listener) {
  window.addEventListener('scroll', listener, { passive: true });
  const app = document.getElementById('app');
  if (app) app.addEventListener('scroll', listener, { passive: true });
}

/** Ring `el` for a moment (its .is-located animation), from the start also if it is ringing. */
export function ringOnce(el) {
  el.classList.remove('is-located');
  void el.offsetWidth; // a reflow between, or the animation would not start again
  el.classList.add('is-located');
  el.addEventListener('animationend', () => el.classList.remove('is-located'), { once: true });
}
