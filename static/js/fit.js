// Measuring notes for the projector's packing (pack.js). A note is laid out once, off screen, in
// a column at each of a few widths given in font sizes, at a reference size: its heights in em
// are kept with the element, so the board can be packed at any size without laying it out
// again. A note is measured again only when its element is made anew (text, votes, author).
import { h } from './dom.js';
import { NOTE_WIDTHS, CARD_WIDTHS } from './pack.js';

const REFERENCE = 20; // px: the font size at which notes are measured

export class Measurer {
  /** root: the sheet (so that the sheet's note styles apply to what is measured). */
  constructor(root) {
    this.column = h('div', { class: 'area__col measure__col' });
    this.el = h('div', { class: 'measure', 'aria-hidden': 'true' }, this.column);
    this.el.style.setProperty('--fs', `${REFERENCE}px`);
    root.appendChild(this.el);
    this.heights = new WeakMap(); // element -> [em at each width]
    this.shows = new WeakMap();   // stack element -> [[em at each width] for each way it is shown]
  }

  /** A stack's heights (em, one per width) for each way it can be shown (`apply(el, way)`). */
  getShows(el) {
    return this.shows.get(el);
  }

  /**
   * Measure stacks (projector clusters) in each of the ways `ways(el)` (0 to n) they can be shown,
   * `apply(el, way)` setting one; the heights of the last (the fullest) are its heights.
   */
  measureShows(elements, ways, apply) {
    const todo = elements.filter((el) => !this.shows.has(el));
    for (const el of todo) {
      const parent = el.parentNode;
      const next = el.nextSibling;
      const shown = el.dataset.shown;
      this.column.replaceChildren(el);
      const all = [];
      for (let way = 0; way <= ways(el); way += 1) {
        apply(el, way);
        all.push(NOTE_WIDTHS.map((w) => {
          this.column.style.width = `${w * REFERENCE}px`;
          return el.offsetHeight / REFERENCE;
        }));
      }
      this.shows.set(el, all);
      this.heights.set(el, all[all.length - 1]);
      if (shown !== undefined) apply(el, Number(shown));
      this.column.replaceChildren();
      if (parent && parent !== this.column) parent.insertBefore(el, next && next.parentNode === parent ? next : null);
    }
  }

  /** The measured heights of `el` (em, one per width), or undefined if not measured yet. */
  get(el) {
    return this.heights.get(el);
  }

  /** Measure those of `elements` that are not measured yet (one layout per width). */
  measure(elements, card = false) {
    const todo = elements.filter((el) => !this.heights.has(el));
    if (!todo.length) return;
    const widths = card ? CARD_WIDTHS : NOTE_WIDTHS;
    // Where the elements were (on the board): they go back there after measuring.
    const places = todo.map((el) => [el, el.parentNode, el.nextSibling]);
    this.column.replaceChildren(...todo);
    const result = todo.map(() => []);
    for (const w of widths) {
      this.column.style.width = `${w * REFERENCE}px`;
      todo.forEach((el, i) => { result[i].push(el.offsetHeight / REFERENCE); });
    }
    todo.forEach((el, i) => this.heights.set(el, result[i]));
    this.column.replaceChildren();
    for (const [el, parent, next] of places) if (parent && parent !== this.column) parent.insertBefore(el, next && next.parentNode === parent ? next : null);
  }
}

/**
 * The largest font size (integer px, in [min, max]) at which `el`'s content fits `box`
 * (scrollHeight/scrollWidth within the box), set on `target` as --fs. A few layouts of one
 * element: for the spotlight, not for the board.
 */
export function fitOne(target, box, min, max) {
  const fits = (size) => {
    target.style.setProperty('--fs', `${size}px`);
    return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
  };
  let lo = min;
  let hi = max;
  if (fits(hi)) return hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid; else hi = mid - 1;
  }
  fits(lo);
  return lo;
}
