// Packing notes into an area of the projector, as arithmetic. Every note is measured once, at a
// few column widths given in font sizes (em): at any font size its height in em is the same, so
// how many notes fit in a box at a size, in how many columns and on how many pages is a matter
// of adding heights, without laying the page out again. Pure functions: Node tests them
// (tests/js/pack.test.mjs); arrange.js measures and draws.

/** Column widths (em) at which notes and coalition cards are measured. */
export const NOTE_WIDTHS = [8, 10, 12.5, 15.5, 20, 26];
export const CARD_WIDTHS = [12, 15, 19, 24, 30, 40, 52, 66];
export const GAP = 0.45;        // between notes in a column and between columns, in em
export const SLACK = 0.015;     // measured heights are raised by this share (rounding, wrapping)
const PAD = 0.75;               // a note's padding, about (em)
const LINE = 1.25;              // a line of text, about (em)
// A note set tight (closer lines, less padding: projector.css .is-tight) takes at most this share
// of its height; a card (more padding and gaps to give) less.
export const TIGHT = 0.9;
export const TIGHT_CARD = 0.84;

/**
 * Split `heights` (em, in order) over pages of `columns` columns of height `cap` (em). Each note
 * goes in the first column, of the first page, that still has room for it (so a short note
 * fills the gap a long one left: no page turns while it has room for a note of a later page),
 * else in a new column or on a new page. Returns the pages: each a list
 * of columns, each a list of indexes into `heights`, in order. A note taller than a column gets
 * a column of its own.
 */
export function paginate(heights, cap, columns) {
  const pages = [];
  heights.forEach((height, i) => {
    for (const page of pages) {
      for (const column of page) {
        if (column.used + GAP + height <= cap) {
          column.items.push(i);
          column.used += GAP + height;
          return;
        }
      }
      if (page.length < columns) {
        page.push({ items: [i], used: height });
        return;
      }
    }
    pages.push([{ items: [i], used: height }]);
  });
  return pages.map((page) => page.map((column) => column.items));
}

/** The shortest column height (em) at which `heights` fit in `columns` columns, at most `cap`. */
function balancedCap(heights, cap, columns) {
  let lo = Math.max(0, ...heights);
  let hi = cap;
  for (let i = 0; i < 18 && hi - lo > 0.05; i += 1) {
    const mid = (lo + hi) / 2;
    if (paginate(heights, mid, columns).length <= 1) hi = mid; else lo = mid;
  }
  return hi;
}

/**
 * The heights (em, with slack) of `notes` in a column `column` em wide, from those measured at
 * the widths around it; far wider than the widest width measured, a note's text takes fewer
 * lines, about in proportion. (A wrap may still come out a line otherwise: the arrangement
 * checks the page afterwards, arrange.js.)
 */
export function heightsAt(notes, widths, column) {
  let widthIndex = 0;
  while (widthIndex + 1 < widths.length && widths[widthIndex + 1] <= column) widthIndex += 1;
  const last = widths.length - 1;
  // (Not for cards: their fields are lines of their own, short ones stay one line.)
  const wide = widths !== CARD_WIDTHS && widthIndex === last && column > widths[last] * 1.15 ? widths[last] / column : 0;
  // Between two widths measured: in between, by the reciprocal of the width (lines of text
  // go about as one over the width); never more than at the narrower one.
  // (Cards: as at the narrower width; their fields go side by side in steps.)
  const next = widths !== CARD_WIDTHS && widthIndex < last && column > widths[widthIndex] ? widthIndex + 1 : -1;
  const t = next < 0 ? 0 : (1 / widths[widthIndex] - 1 / column) / (1 / widths[widthIndex] - 1 / widths[next]);
  // Narrower than the narrowest width measured: more lines than there, about in proportion,
  // and words too long for a line break up (worse still): reckoned as the square, so that a
  // sharing out never squeezes an area into a sliver in which its notes read as a word a line.
  const narrow = column < widths[0] ? (widths[0] / Math.max(column, 0.5)) ** 2 : 0;
  const heights = notes.map((n) => {
    // Seen on the screen at this width: as it came out.
    if (n.exact && Math.abs(n.exact.column - column) < 0.15) return n.exact.height * (1 + SLACK / 3);
    let h = n.heights[widthIndex];
    if (next >= 0) h += (n.heights[next] - h) * t;
    // (Not for a stack: its notes go side by side, a wider one is not fewer lines of text; it
    // is never taller than at the widest width measured: projector.css .cluster__notes.)
    if (wide && !n.stack) h = Math.min(h, PAD + Math.max(LINE, (h - PAD) * wide + LINE * 0.5));
    if (narrow) h = PAD + (h - PAD) * narrow;
    return h * (1 + SLACK);
  });
  return { widthIndex, heights };
}

/** The height (px) the tallest of `notes` needs in one column as wide as `width` px, at `size`. */
export function tallestAt(notes, widths, width, size) {
  if (!notes.length) return 0;
  return Math.max(...heightsAt(notes, widths, width / size).heights) * size;
}

/**
 * How the notes of one area go into a box of `width` x `height` px at font size `size`.
 * `notes`: [{heights: [em at each of `widths`], exact: {column, height} or null (as seen on the
 * screen)}]. Tries every number of columns: a column is
 * then (width / columns) wide. A note too tall for such a column goes on a page of one column
 * as wide as the box (where it takes fewer lines). Returns the packing {columns, pageColumns
 * (per page), heights (em, as packed), pages, fits, tooTall} with the fewest pages (then the most
 * columns); tooTall: the sum of the squares of how much too tall notes are even so (0: all fit).
 */
export function packAt(notes, widths, width, height, size) {
  const cap = height / size;
  const room = width / size;
  const full = heightsAt(notes, widths, room).heights;
  let best = null;
  const most = Math.max(1, Math.floor((room + GAP) / (widths[0] + GAP)));
  for (let columns = 1; columns <= most; columns += 1) {
    const column = (room - (columns - 1) * GAP) / columns;
    const narrowHeights = columns === 1 ? full : heightsAt(notes, widths, column).heights;
    const narrow = [];
    const wide = [];
    narrowHeights.forEach((x, i) => (x <= cap || columns === 1 ? narrow : wide).push(i));
    const isWide = new Set(wide);
    const heights = notes.map((_, i) => (isWide.has(i) ? full[i] : narrowHeights[i]));
    const of = (indexes, pages) => pages.map((page) => page.map((col) => col.map((j) => indexes[j])));
    const pagesNarrow = of(narrow, paginate(narrow.map((i) => heights[i]), cap, columns));
    const pagesWide = of(wide, paginate(wide.map((i) => heights[i]), cap, 1));
    const pages = pagesNarrow.concat(pagesWide);
    const tooTall = heights.reduce((sum, x) => sum + Math.max(0, x / cap - 1) ** 2, 0);
    const pageColumns = pagesNarrow.map(() => columns).concat(pagesWide.map(() => 1));
    const candidate = { columns, pageColumns, heights, pages, fits: pages.length <= 1 && !tooTall, tooTall };
    if (!best || less(candidate, best)) best = candidate;
  }
  return best;
}

function less(a, b) {
  const x = [a.tooTall, a.pages.length, -a.columns];
  const y = [b.tooTall, b.pages.length, -b.columns];
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/**
 * The largest font size in [min, max] at which all notes fit on one page, with its packing;
 * else the packing at `min`, in pages. Returns {size, columns, widthIndex, pages, fits}; the
 * columns of a single page are balanced (no tall column beside short ones). `heights`: each
 * note's height (em, with slack) as it was packed.
 */
export function packArea(notes, widths, width, height, { min, max }) {
  if (!notes.length) return { size: max, columns: 1, widthIndex: 0, pages: [], fits: true };
  if (!(width > 0) || !(height > 0) || !(min > 0)) {
    // No box to pack into (a layout read while the sheet was changing): every note in one
    // column for now; the check after drawing packs the area again for the box it has.
    return { size: min > 0 ? min : 8, sizes: [min > 0 ? min : 8], tight: [false], columns: 1, pageColumns: [1],
      pages: [[notes.map((_, i) => i)]], heights: notes.map(() => 0), fits: false, tooTall: 0 };
  }
  // A first guess from the total area (em²) the notes need: start the search near it.
  let lo = min;
  let hi = Math.max(min, Math.floor(max));
  const atMin = packAt(notes, widths, width, height, min);
  if (!atMin || !atMin.fits) return finish(notes, widths, height, atMin, min);
  // The largest size that fits; fitting is nearly monotonic in the size, so bisect, then look
  // a few sizes up (the column count jumps with the size).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const p = packAt(notes, widths, width, height, mid);
    if (p && p.fits) lo = mid; else hi = mid - 1;
  }
  let size = lo;
  for (let probe = Math.min(max, lo + 4); probe > lo; probe -= 1) {
    const p = packAt(notes, widths, width, height, probe);
    if (p && p.fits) { size = probe; break; }
  }
  return finish(notes, widths, height, packAt(notes, widths, width, height, size), size);
}

function finish(notes, widths, height, packing, size) {
  let { pages } = packing;
  const { heights } = packing;
  let pageColumns = packing.pageColumns;
  if (pages.length === 1 && !packing.tooTall && pageColumns[0] > 1) {
    pages = paginate(heights, balancedCap(heights, height / size, pageColumns[0]), pageColumns[0]);
    pageColumns = [pageColumns[0]];
  }
  // A note too tall for its area even so (a long text in a small area) is shown on a page of its
  // own: a little too tall, with its lines set closer (TIGHT, projector.css .is-tight) at the
  // same size; more than that, at the size at which it is whole.
  const tight = [];
  const squeeze = widths === CARD_WIDTHS ? TIGHT_CARD : TIGHT;
  const sizes = pages.map((page, i) => {
    // (Without the slack: the page is checked after drawing.)
    const tallest = Math.max(...page.flat().map((j) => heights[j])) / (1 + SLACK);
    tight[i] = tallest * size > height && tallest * size * squeeze <= height;
    if (tallest * size <= height || tight[i]) return size;
    return Math.max(8, Math.floor(height / tallest));
  });
  return { size, sizes, tight, columns: packing.columns, pageColumns, pages, heights, fits: packing.fits, tooTall: packing.tooTall };
}

/** The room (em²) a note takes in a column of the reference width (for sharing out space). */
export function demandOf(note, widths, ref = 2) {
  const i = Math.min(ref, widths.length - 1);
  return (note.heights[i] * (1 + SLACK) + GAP) * (widths[i] + GAP);
}
