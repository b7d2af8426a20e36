// Projector layout by demand. Rows, columns and sub-areas of the sheet get space in proportion to
// how much room their notes need, so that one font size can serve the whole sheet (the fit that
// follows then picks the largest size per area). Demand is measured from the rendered notes
// (area in units of font-size²), or estimated from the text for notes not measured yet.
import { method, COALITION_BLOCK } from './boot.js';
import { areaKeyOf } from './render.js';

const EMPTY_DEMAND = 70;      // an empty area still shows its guiding questions (in fs²)

/** Estimated room for a note, in units of (font size)². */
export function estimateDemand(note) {
  let chars = (note.text || '').length;
  let fixed = 16;
  if (note.block === COALITION_BLOCK) {
    fixed = 70;
    const coalition = note.coalition || {};
    for (const field of method.coalition_fields || []) {
      const value = (coalition[field.key] || '').trim();
      if (value) chars += value.length + 14;
    }
  }
  return fixed + chars * 0.8;
}

/** Shares proportional to weights, each kept within [min, max], summing to 1. */
export function shares(weights, min, max) {
  const n = weights.length;
  if (!n) return [];
  let result = weights.map(() => 1 / n);
  for (let round = 0; round < 10; round += 1) {
    const fixed = result.map((s) => (s < min ? min : s > max ? max : null));
    const fixedSum = fixed.reduce((a, s) => a + (s ?? 0), 0);
    const freeWeight = weights.reduce((a, w, i) => a + (fixed[i] === null ? w : 0), 0);
    const freeCount = fixed.filter((s) => s === null).length;
    const next = weights.map((w, i) => {
      if (fixed[i] !== null) return fixed[i];
      return freeWeight > 0 ? (w / freeWeight) * (1 - fixedSum) : (1 - fixedSum) / freeCount;
    });
    const done = next.every((s, i) => Math.abs(s - result[i]) < 1e-6);
    result = next;
    if (done && round > 0) break;
  }
  const sum = result.reduce((a, b) => a + b, 0) || 1;
  return result.map((s) => s / sum);
}

const fr = (values) => values.map((v) => `minmax(0, ${Math.max(0.001, v).toFixed(4)}fr)`).join(' ');

function measuredDemand(area, id) {
  if (!area.fontSize || area.el.classList.contains('is-compact')) return null;
  const el = area.list.querySelector(`[data-id="${CSS.escape(id)}"]`);
  if (!el || !el.offsetHeight) return null;
  const style = window.getComputedStyle(el);
  const gap = parseFloat(style.marginBottom) || 0;
  const fs = area.fontSize;
  return ((el.offsetWidth + fs * 0.5) * (el.offsetHeight + gap)) / (fs * fs);
}

/**
 * After a fit: learn from it. Areas that had to hide notes get a higher demand next time, areas
 * that fit with room to spare a lower one. Returns true when another layout may do better.
 */
export function learnFromFit(built, corrections, { min }) {
  let overflow = false;
  for (const [key, area] of built.areas) {
    if (!area.el.offsetHeight) continue;
    const count = Number(area.el.dataset.count || 0);
    const hidden = area.list.querySelectorAll('.is-older').length;
    let factor = corrections.get(key) || 1;
    const filled = area.list.offsetHeight / Math.max(1, area.box.clientHeight);
    if (hidden) {
      overflow = true;
      factor *= 1 + Math.min(0.8, (hidden / Math.max(1, count)) * 2);
    } else if (count && (area.fontSize >= min + 2 || filled < 0.7)) {
      factor *= 0.88; // room to spare
    } else if (area.el.classList.contains('is-compact')) {
      factor *= 1.04;
    }
    corrections.set(key, Math.min(4, Math.max(0.35, factor)));
  }
  return overflow;
}

// "Follow me": the share of the sheet's height (its row) and width (in the middle row) that the
// block in focus gets at least.
const FOCUS_ROW = 0.6;
const FOCUS_COL = 0.56;
const ROW_OF = { coalities: 0, spelregels: 1, identiteit: 1, regie: 1, organisatie: 2 };
const COL_OF = { spelregels: 0, identiteit: 1, regie: 2 };

/** `values` with the one at `index` raised to at least `share` of the total, the rest scaled down. */
export function emphasize(values, index, share) {
  const total = values.reduce((a, b) => a + b, 0);
  if (!total || index < 0 || index >= values.length || values[index] / total >= share) return values;
  const rest = total - values[index];
  return values.map((v, i) => {
    if (i === index) return share * total;
    return rest > 0 ? (v / rest) * (1 - share) * total : ((1 - share) * total) / (values.length - 1);
  });
}

/** Lay out a sheet built by buildSheet() for the notes in `store`; `focus`: a block to bring forward. */
export function layoutSheet(built, store, corrections = new Map(), focus = null) {
  const sheet = built.root;
  const demand = new Map(Array.from(built.areas.keys(), (key) => [key, 0]));
  let cardHeight = 0; // the tallest card, in font sizes
  for (const note of store.notes.values()) {
    const key = areaKeyOf(note);
    if (!demand.has(key)) continue;
    const area = built.areas.get(key);
    const measured = measuredDemand(area, note.id);
    demand.set(key, demand.get(key) + (measured ?? estimateDemand(note)));
    if (note.block === COALITION_BLOCK) {
      const el = area.list.querySelector(`[data-id="${CSS.escape(note.id)}"]`);
      const h = el && el.offsetHeight && area.fontSize && !area.el.classList.contains('is-compact')
        ? el.offsetHeight / area.fontSize : 14;
      cardHeight = Math.max(cardHeight, h);
    }
  }
  for (const [key, area] of built.areas) {
    if (!demand.get(key) && !area.general) demand.set(key, EMPTY_DEMAND);
    else demand.set(key, demand.get(key) * (corrections.get(key) || 1));
  }
  const d = (key) => demand.get(key) || 0;
  const blockDemand = (blockKey) => Array.from(built.areas.values())
    .filter((a) => a.blockKey === blockKey).reduce((sum, a) => sum + d(a.key), 0);
  const blockEl = (key) => sheet.querySelector(`[data-block="${key}"]`);
  const box = (key) => built.areas.get(key).box.clientHeight;

  // Room taken by headers and titles, per block (what is not note boxes).
  const overhead = (key, stacked) => {
    const el = blockEl(key);
    const inner = stacked.filter((k) => built.areas.get(k).el.offsetHeight > 0).reduce((s, k) => s + box(k), 0);
    return Math.max(0, el.clientHeight - inner);
  };
  const ov = {
    coalities: overhead('coalities', ['coalities']),
    spelregels: overhead('spelregels', ['spelregels']),
    regie: overhead('regie', ['regie']),
    identiteit: overhead('identiteit', ['identiteit:passie', 'identiteit:positie', 'identiteit:']),
    organisatie: overhead('organisatie', ['organisatie:wie']),
  };
  const style = window.getComputedStyle(sheet);
  const rowGap = parseFloat(style.rowGap) || 0;
  const colGap = parseFloat(style.columnGap) || 0;
  const width = sheet.clientWidth;
  const midOverhead = Math.min(ov.spelregels, ov.regie);
  const contentHeight = Math.max(60, sheet.clientHeight - 2 * rowGap - ov.coalities - midOverhead - ov.organisatie);

  // Identity has sub-area titles: its notes get less height than its row, so it needs more width.
  const idTitles = Math.max(0, ov.identiteit - midOverhead);
  const midGuess = contentHeight * 0.5;
  const idFactor = midGuess / Math.max(40, midGuess - idTitles);
  const mid = [blockDemand('spelregels'), blockDemand('identiteit') * idFactor, blockDemand('regie')];
  const top = blockDemand('coalities');
  const bottom = blockDemand('organisatie');

  // With the same font size f everywhere, a row of width W and demand D needs D·f²/W of height.
  const midWidth = width - 2 * colGap;
  const need = [top / width, mid.reduce((a, b) => a + b, 0) / midWidth, bottom / width];
  // A sheet with few notes keeps the proportions of the paper canvas; the fuller it gets, the more
  // the space follows the notes.
  const fill = ((top + bottom + mid.reduce((a, b) => a + b, 0)) * 400) / Math.max(1, width * contentHeight);
  const alpha = Math.min(1, Math.max(0, fill * 1.1));
  const blend = (demandShares, paper) => demandShares.map((s, i) => alpha * s + (1 - alpha) * paper[i]);
  let heights = blend(shares(need, 0.1, 0.75), [0.26, 0.46, 0.28]).map((s) => s * contentHeight);
  // A row of cards must be at least one card high (at the size the others will get).
  const fEstimate = Math.sqrt(contentHeight / Math.max(1e-6, need.reduce((a, b) => a + b, 0)));
  if (cardHeight) {
    // At least a shortened card (name and one line per field, about 9.5 font sizes high).
    const minTop = Math.min(contentHeight * 0.4, Math.min(cardHeight, 9.5) * Math.max(13, Math.min(fEstimate, 28)) + 8);
    if (heights[0] < minTop) {
      const rest = contentHeight - minTop;
      const other = heights[1] + heights[2];
      heights = [minTop, (heights[1] / other) * rest, (heights[2] / other) * rest];
    }
  }
  if (focus && focus in ROW_OF) heights = emphasize(heights, ROW_OF[focus], FOCUS_ROW);
  const rows = [heights[0] + ov.coalities, heights[1] + midOverhead, heights[2] + ov.organisatie];
  sheet.style.setProperty('grid-template-rows', fr(rows));

  let cols = blend(shares(mid, 0.18, 0.52), [0.27, 0.46, 0.27]);
  cols[1] = Math.max(cols[1], 0.3);
  if (focus && focus in COL_OF) cols = emphasize(cols, COL_OF[focus], FOCUS_COL);
  sheet.style.setProperty('grid-template-columns', fr(cols));

  const body = (blockKey) => blockEl(blockKey).querySelector('.block__body');

  // Identiteit: two columns and two rows of quadrants, plus the general area when it has notes.
  const quad = body('identiteit');
  const qCols = blend(shares([d('identiteit:passie') + d('identiteit:positie'), d('identiteit:ambitie') + d('identiteit:stijl')], 0.28, 0.72), [0.5, 0.5]);
  const qRows = blend(shares([d('identiteit:passie') + d('identiteit:ambitie'), d('identiteit:positie') + d('identiteit:stijl')], 0.28, 0.72), [0.5, 0.5]);
  quad.style.setProperty('grid-template-columns', fr(qCols));
  const general = d('identiteit:');
  if (general) {
    const g = Math.min(0.5, Math.max(0.22, general / blockDemand('identiteit') * 1.2));
    quad.style.setProperty('grid-template-rows', fr([qRows[0] * (1 - g), qRows[1] * (1 - g), g]));
  } else {
    quad.style.setProperty('grid-template-rows', fr(qRows));
  }

  // Organisatie: one column per sub-area (and the general one when it has notes).
  const keys = Array.from(built.areas.values())
    .filter((a) => a.blockKey === 'organisatie' && (!a.general || d(a.key)))
    .map((a) => a.key);
  const orgShares = blend(shares(keys.map(d), 0.1, 0.5), keys.map(() => 1 / keys.length));
  body('organisatie').style.setProperty('grid-template-columns', fr(orgShares));
}
