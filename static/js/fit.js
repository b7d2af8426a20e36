// Fit text to the projector: per area, the largest font size at which all its notes fit.
// If even the smallest size is too big: long notes are shortened (line clamp), and as a last
// resort the oldest notes of that area make way, with a "+n more" badge, so new notes always show.
import { t } from './boot.js';
import { h } from './dom.js';

export const FIT_MAX = 28;
export const FIT_MIN = 13;

// Notes are slightly rotated: their corners may stick out a few pixels, which is fine.
const SLACK = 1;

// Column width of notes, in font sizes (as in the CSS), and the gap between columns.
const COLUMN_EM = 8.2;
const GAP_EM = 0.45;

function fitsAt(area, size) {
  area.el.style.setProperty('--fs', `${size}px`);
  if (area.multicol === undefined) area.multicol = window.getComputedStyle(area.list).display !== 'flex';
  if (area.multicol) {
    // As many columns as fit, but never more than there are notes: one note gets the full width.
    const count = area.list.querySelectorAll(':scope > [data-id]:not(.is-older)').length || 1;
    const width = area.list.clientWidth;
    const columns = Math.max(1, Math.min(count, Math.floor((width + GAP_EM * size) / ((COLUMN_EM + GAP_EM) * size))));
    area.list.style.setProperty('column-count', String(columns));
  }
  // The list is a multi-column box of automatic height: too much text makes it taller.
  return area.list.offsetHeight <= area.box.clientHeight + SLACK;
}

/** The largest size in [lo, hi] that fits, or null; `hint` (the last size) is tried first. */
function largestFit(area, lo, hi, hint) {
  let size = Math.min(hi, Math.max(lo, hint || hi));
  if (fitsAt(area, size)) {
    while (size < hi && fitsAt(area, size + 1)) size += 1;
    return size;
  }
  if (!fitsAt(area, lo)) return null;
  let a = lo;
  let b = size - 1;
  while (a < b) {
    const mid = Math.ceil((a + b) / 2);
    if (fitsAt(area, mid)) a = mid; else b = mid - 1;
  }
  return a;
}

function notesOf(area) {
  return Array.from(area.list.children).filter((el) => el.dataset.id);
}

/** Fit one area; starts from its last size, so an extra note usually costs one or two layouts. */
export function fitArea(area, { max = FIT_MAX, min = FIT_MIN, scroll = false } = {}) {
  const { el } = area;
  if (el.offsetWidth === 0 && el.offsetHeight === 0) return; // hidden
  el.classList.remove('is-compact', 'is-overflowing');
  if (area.more) { area.more.remove(); area.more = null; }
  for (const note of area.list.querySelectorAll('.is-older')) note.classList.remove('is-older');

  let size = largestFit(area, min, max, area.fontSize);
  if (size !== null && size < max && notesOf(area).length <= 8) {
    // With few notes the column count jumps with the size, so a larger size may fit again.
    for (let probe = Math.min(max, size + 6); probe > size; probe -= 1) {
      if (fitsAt(area, probe)) { size = probe; break; }
    }
  }
  if (size === null && scroll) size = min; // the area scrolls (facilitator's board)
  if (size === null) {
    el.classList.add('is-compact');
    size = largestFit(area, min, max, min);
  }
  if (size === null) {
    size = min;
    // Only notes make way; an area with nothing but its guiding questions just clips them.
    if (notesOf(area).length) hideOldest(area, min);
  }
  fitsAt(area, size);
  area.fontSize = size;
  el.dataset.fs = String(size);
}

function hideOldest(area, size) {
  const notes = notesOf(area);
  // The badge goes in the area's title, or in the block's header: not in the way of the notes.
  area.more = h('span', { class: 'area__more' });
  const title = area.el.querySelector('.area__title');
  if (title) title.appendChild(area.more);
  else area.list.prepend(area.more);
  setHidden(notes, 0);
  // The smallest number of oldest notes to hide so that the rest fits.
  let lo = 1;
  let hi = notes.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    setHidden(notes, mid);
    area.more.textContent = t('more_notes', { n: mid });
    if (fitsAt(area, size)) hi = mid; else lo = mid + 1;
  }
  setHidden(notes, lo);
  area.more.textContent = t('more_notes', { n: lo });
  area.el.classList.add('is-overflowing');
}

function setHidden(notes, count) {
  // Sorted by votes (projector, key V) the last notes are the least important: they make way.
  const fromEnd = notes.length > 0 && notes[0].closest('.is-sorted') !== null;
  notes.forEach((note, i) => note.classList.toggle('is-older', fromEnd ? i >= notes.length - count : i < count));
}

/**
 * Keep the sheet calm: no area's notes more than `ratio` times the size of the smallest notes on
 * it (a smaller font always still fits).
 */
export function harmonize(areas, ratio = 1.3) {
  const sizes = Array.from(areas.values())
    .filter((a) => a.fontSize && Number(a.el.dataset.count || 0) > 0 && a.el.offsetHeight)
    .map((a) => a.fontSize);
  if (!sizes.length) return;
  const cap = Math.round(Math.min(...sizes) * ratio);
  for (const area of areas.values()) {
    if (area.fontSize && area.fontSize > cap) {
      area.el.style.setProperty('--fs', `${cap}px`);
      area.el.dataset.fs = String(cap);
    }
  }
}
