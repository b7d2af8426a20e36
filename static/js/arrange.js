// Arranging a whole sheet on one screen (projector, snapshot page): lay out by demand, fit the
// text, and for a few frames at most learn from areas that overflowed; keep the best layout.
import { fitArea, harmonize } from './fit.js';
import { layoutSheet, learnFromFit } from './layout.js';

/** Font sizes scale with the screen (28px at 1920×1080), but never below a readable minimum. */
export function screenFitOptions() {
  const scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  return { max: Math.max(16, Math.round(28 * scale)), min: 13 };
}

/**
 * Returns {arrange(), refit()} for a sheet built by buildSheet() showing `store`.
 * options.fitOptions(): {max, min}; options.scroll: areas that still overflow at the smallest
 * size keep all their notes and scroll (instead of making way for the newest, as on the projector).
 * options.focus(): the key of the block brought forward ("follow me"), or null: it gets more room
 * and larger text.
 */
export function sheetArranger(built, store, { fitOptions = screenFitOptions, scroll = false, focus = () => null } = {}) {
  let corrections = new Map();
  let pass = 0;
  let best = null;
  let frame = 0;
  const hiddenNotes = () => built.root.querySelectorAll('.is-older').length;
  const fit = () => {
    const focused = focus();
    layoutSheet(built, store, corrections, focused);
    const options = fitOptions();
    if (!focused) {
      for (const area of built.areas.values()) fitArea(area, options);
      harmonize(built.areas);
      return;
    }
    // The block in focus: larger text (and it is kept calm on its own); the rest as usual.
    const big = Object.assign({}, options, { max: Math.round(options.max * 1.4), min: options.min + 2 });
    const inFocus = new Map();
    const others = new Map();
    for (const [key, area] of built.areas) (area.blockKey === focused ? inFocus : others).set(key, area);
    for (const area of inFocus.values()) fitArea(area, big);
    for (const area of others.values()) fitArea(area, options);
    harmonize(inFocus);
    harmonize(others);
  };
  const finish = () => {
    if (!scroll || !hiddenNotes()) return;
    for (const area of built.areas.values()) {
      if (area.list.querySelector('.is-older')) fitArea(area, Object.assign({}, fitOptions(), { scroll: true }));
    }
  };

  function arrange(iteration = 0) {
    const mine = ++pass;
    if (iteration === 0) best = null;
    fit();
    const hidden = hiddenNotes();
    if (!best || hidden < best.hidden) best = { hidden, corrections: new Map(corrections) };
    else if (hidden > best.hidden) {
      corrections = new Map(best.corrections);
      fit();
      finish();
      return;
    }
    if (hidden && iteration < 5) {
      learnFromFit(built, corrections, fitOptions());
      window.requestAnimationFrame(() => { if (mine === pass) arrange(iteration + 1); });
    } else {
      finish();
    }
  }

  function refit() {
    if (!frame) frame = window.requestAnimationFrame(() => { frame = 0; arrange(0); });
  }

  return { arrange, refit };
}
