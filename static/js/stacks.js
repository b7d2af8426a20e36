// A cluster on the projector: a stack (render.js clusterElement) with its title, its count, its
// votes and its first notes. How many of its notes a stack shows is decided by the packing
// (arrange.js): as many of the first STACK_TOP as fit its area at a legible size, the rest
// counted ("en nog 4"). Each way of showing it is measured once, like a note (fit.js).
import { tn } from './boot.js';
import { h } from './dom.js';

/**
 * At most this many notes of a cluster on the board. Three reads as "what this group is about"
 * (the title names it, three notes show its range); more turns one stack into a wall that takes
 * the room of a whole area and pushes the other notes to later pages. The spotlight shows all.
 */
export const STACK_TOP = 3;

const notesOf = (el) => el.querySelectorAll(':scope > .cluster__notes > [data-id]');

/** The ways a stack can be shown: 0 (title and count only) to its first notes, at most STACK_TOP. */
export function stackShows(el) {
  return Math.min(STACK_TOP, notesOf(el).length);
}

/** Show the first `n` notes of stack `el`, the rest counted. */
export function showTop(el, n) {
  if (el.dataset.shown === String(n)) return;
  const notes = notesOf(el);
  notes.forEach((note, i) => note.classList.toggle('is-beyond', i >= n));
  const body = el.querySelector(':scope > .cluster__notes');
  if (!body) return;
  const rest = (Number(el.dataset.count) || notes.length) - Math.min(n, notes.length);
  let more = body.querySelector(':scope > .cluster__more');
  if (!more) {
    more = h('p', { class: 'cluster__more' });
    body.appendChild(more);
  }
  more.hidden = rest <= 0 || n === 0;
  more.textContent = rest > 0 ? tn('cluster_more', rest) : '';
  body.hidden = n === 0;
  el.dataset.shown = String(n);
}
