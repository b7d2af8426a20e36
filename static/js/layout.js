// Sharing the projector's sheet out over its blocks and sub-areas. The room each area gets
// follows the room its notes need (demand, in em², from the measured notes: pack.js), so that
// one font size can serve the whole sheet; then a few rounds of arithmetic move room from areas
// with room to spare to areas that would have to page. Nothing here reads the page but
// readMetrics(); plans are applied with applyPlan(). The rest is pure (tests/js/layout.test.mjs).

const EMPTY_DEMAND = 70;   // an empty area still shows its guiding questions (em²)
const PAPER_ROWS = [0.26, 0.46, 0.28];
const PAPER_COLS = [0.27, 0.46, 0.27];
export const QUAD = ['passie', 'ambitie', 'positie', 'stijl']; // row by row, two columns

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

const blend = (alpha, demand, paper) => demand.map((s, i) => alpha * s + (1 - alpha) * paper[i]);

/**
 * Blocks with sub-areas can show them a group at a time when the sheet is too full for all of
 * them at a legible size (a note taller than its area): Identiteit a row of quadrants at a time,
 * Organisatie two or three columns at a time (`single`: Identiteit one quadrant at a time,
 * Organisatie two columns). Returns Map block key → [[area keys], ...] for the blocks named in
 * `which`, from the areas shown.
 */
export function groupsFor(areas, which, single = false) {
  const groups = new Map();
  const keys = (blockKey) => areas.filter((a) => a.blockKey === blockKey).map((a) => a.key);
  if (which.includes('identiteit')) {
    const present = keys('identiteit');
    const rows = [['identiteit:passie', 'identiteit:ambitie'], ['identiteit:positie', 'identiteit:stijl'], ['identiteit:']]
      .map((row) => row.filter((k) => present.includes(k))).filter((row) => row.length);
    groups.set('identiteit', single ? present.map((k) => [k]) : rows);
  }
  if (which.includes('organisatie')) {
    const present = keys('organisatie');
    const half = Math.ceil(present.length / 2);
    groups.set('organisatie', single ? [present.slice(0, 2), present.slice(2, 4), present.slice(4)].filter((g) => g.length)
      : [present.slice(0, half), present.slice(half)].filter((g) => g.length));
  }
  return groups;
}

/** The quadrant rows of Identiteit as shown: visible quadrants two by two, "Algemeen" below. */
function quadLayout(keys) {
  const quads = keys.filter((k) => k !== 'identiteit:');
  const rows = [];
  quads.forEach((key, i) => {
    if (i % 2 === 0) rows.push([]);
    rows[rows.length - 1].push(key);
  });
  if (keys.includes('identiteit:')) rows.push(['identiteit:']);
  return rows;
}

/**
 * The plan (fractions of rows, columns and sub-areas) for area weights `weight` (Map key → em²;
 * empty areas already weighted). `areas`: [{key, blockKey, subareaKey, general}] of the areas
 * shown; `alpha` in [0, 1]: how far the plan follows the notes rather than the paper canvas;
 * `groups`: blocks that show their sub-areas a group at a time (groupsFor).
 */
export function planFor(areas, weight, metrics, alpha, groups = new Map()) {
  const w = (key) => weight.get(key) || 0;
  const of = (blockKey) => areas.filter((a) => a.blockKey === blockKey);
  const sum = (blockKey) => of(blockKey).reduce((s, a) => s + w(a.key), 0);

  // Identiteit has sub-area titles: its notes get less height than its row, so it needs more width.
  const idFactor = 1.15;
  const mid = [sum('spelregels'), sum('identiteit') * idFactor, sum('regie')];
  const width = Math.max(1, metrics.width);
  const midWidth = Math.max(1, metrics.width - 2 * metrics.colGap);
  // A block that shows a group at a time needs the room of its largest group only.
  const shown = (blockKey) => (groups.has(blockKey)
    ? Math.max(...groups.get(blockKey).map((g) => g.reduce((s, k) => s + w(k), 0))) : sum(blockKey));
  mid[1] = shown('identiteit') * idFactor;
  const need = [sum('coalities') / width, mid.reduce((a, b) => a + b, 0) / midWidth, shown('organisatie') / width];
  const rows = blend(alpha, shares(need, 0.12, 0.72), PAPER_ROWS);
  const cols = blend(alpha, shares(mid, 0.17, 0.54), PAPER_COLS);
  cols[1] = Math.max(cols[1], 0.28);

  const idKeys = of('identiteit').map((a) => a.key);
  const sub = (s) => w(`identiteit:${s}`);
  const quadCols = blend(alpha, shares([sub('passie') + sub('positie'), sub('ambitie') + sub('stijl')], 0.3, 0.7), [0.5, 0.5]);
  // Rows of quadrants: for every group (or the one layout) the fractions of its rows.
  const idGroups = groups.get('identiteit') || [idKeys];
  const quadRows = idGroups.map((keys) => {
    const layout = quadLayout(keys);
    const weights = layout.map((row) => row.reduce((s, k) => s + w(k), 0) || EMPTY_DEMAND);
    const paper = layout.map((row) => (row[0] === 'identiteit:' ? 0.25 : 1));
    return normalize(blend(alpha, shares(weights, 0.15, 0.85), normalize(paper)));
  });
  const orgGroups = groups.get('organisatie') || [of('organisatie').map((a) => a.key)];
  const org = orgGroups.map((keys) => normalize(blend(alpha, shares(keys.map((k) => w(k) || EMPTY_DEMAND), 0.1, 0.6), keys.map(() => 1 / keys.length))));
  return { rows: normalize(rows), cols: normalize(cols), quadCols, quadRows, idGroups, orgGroups, org };
}

const normalize = (values) => {
  const total = values.reduce((a, b) => a + b, 0) || 1;
  return values.map((v) => v / total);
};

/** The boxes (px) of the areas of one block in a rect of `bw` x `bh`, by the plan. */
function blockBoxes(blockKey, bw, bh, plan, metrics, areas, boxes) {
  const block = metrics.blocks[blockKey] || { padX: 0, padY: 0, head: 0 };
  const iw = Math.max(0, bw - block.padX);
  const ih = Math.max(0, bh - block.padY - block.head);
  const inner = (key, cw, ch) => {
    const a = metrics.areas[key] || { padX: 0, padY: 0, title: 0 };
    boxes.set(key, { width: Math.max(0, cw - a.padX), height: Math.max(0, ch - a.padY - a.title) });
  };
  if (blockKey === 'identiteit') {
    plan.idGroups.forEach((keys, g) => {
      quadLayout(keys).forEach((row, r) => {
        const rh = ih * (plan.quadRows[g][r] || 0);
        if (row[0] === 'identiteit:') inner(row[0], iw, rh);
        else row.forEach((key) => inner(key, row.length === 1 ? iw : iw * plan.quadCols[QUAD.indexOf(key.split(':')[1]) % 2], rh));
      });
    });
  } else if (blockKey === 'organisatie') {
    plan.orgGroups.forEach((keys, g) => keys.forEach((key, i) => inner(key, iw * plan.org[g][i], ih)));
  } else {
    for (const a of areas.filter((x) => x.blockKey === blockKey)) inner(a.key, iw, ih);
  }
}

/**
 * The box (px) of every area shown, by the plan: Map key → {width, height}. With
 * `metrics.single` ({key, width, height}: one block in a rect of its own, as in "follow me" or a
 * spotlight on a block) only that block's areas get a box.
 */
export function areaBoxes(plan, metrics, areas) {
  const boxes = new Map();
  if (metrics.single) {
    blockBoxes(metrics.single.key, metrics.single.width, metrics.single.height, plan, metrics, areas, boxes);
    return boxes;
  }
  const rowsPx = plan.rows.map((r) => r * Math.max(0, metrics.height - 2 * metrics.rowGap));
  const midPx = plan.cols.map((c) => c * Math.max(0, metrics.width - 2 * metrics.colGap));
  blockBoxes('coalities', metrics.width, rowsPx[0], plan, metrics, areas, boxes);
  blockBoxes('spelregels', midPx[0], rowsPx[1], plan, metrics, areas, boxes);
  blockBoxes('identiteit', midPx[1], rowsPx[1], plan, metrics, areas, boxes);
  blockBoxes('regie', midPx[2], rowsPx[1], plan, metrics, areas, boxes);
  blockBoxes('organisatie', metrics.width, rowsPx[2], plan, metrics, areas, boxes);
  return boxes;
}

/**
 * Whether score `a` is better than `b`. The cost is the round (pages until every note was shown)
 * plus how much notes are too tall for their areas at the legible size (such a note is shown
 * smaller, on a page of its own: a note 20 % too tall costs as much as 4 more pages); then fewer
 * extra pages, then larger text.
 */
export function better(a, b) {
  if (!b) return true;
  const cost = (s) => s.cycle + 100 * s.tooTall;
  if (Math.abs(cost(a) - cost(b)) > 1e-6) return cost(a) < cost(b);
  if (a.extraPages !== b.extraPages) return a.extraPages < b.extraPages;
  if (a.minSize !== b.minSize) return a.minSize > b.minSize;
  return a.meanSize > b.meanSize + 1e-9;
}

/** The number of pages until every note was shown: the longest area, or group after group. */
export function cycleOf(result, groups = new Map()) {
  const inGroup = new Set([...groups.values()].flat(2));
  let cycle = 1;
  for (const [key, r] of result) if (!inGroup.has(key)) cycle = Math.max(cycle, r.pages);
  for (const list of groups.values()) {
    cycle = Math.max(cycle, list.reduce((sum, g) => sum + Math.max(1, ...g.map((k) => (result.get(k) || { pages: 1 }).pages)), 0));
  }
  return cycle;
}

function scoreOf(result, groups) {
  const sizes = [];
  let extraPages = 0;
  let tooTall = 0;
  let tallCount = 0;
  for (const r of result.values()) {
    sizes.push(r.size);
    extraPages += Math.max(0, r.pages - 1);
    tooTall += r.tooTall || 0;
    tallCount += r.tallCount || 0;
  }
  return {
    tallCount,
    tooTall,
    cycle: cycleOf(result, groups),
    extraPages,
    minSize: sizes.length ? Math.min(...sizes) : 0,
    meanSize: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length),
  };
}

const clone = (plan) => ({ rows: [...plan.rows], cols: [...plan.cols], quadCols: [...plan.quadCols],
  quadRows: plan.quadRows.map((r) => [...r]), idGroups: plan.idGroups, orgGroups: plan.orgGroups,
  org: plan.org.map((o) => [...o]) });

const get = (plan, part) => (Array.isArray(part) ? plan[part[0]][part[1]] : plan[part]);
function set(plan, part, values) {
  if (Array.isArray(part)) plan[part[0]][part[1]] = values; else plan[part] = values;
}

/** `values` with the one at `index` scaled by `factor` (kept in [lo, hi]) and the rest taking up the difference. */
function reshare(values, index, factor, lo, hi) {
  const total = values.reduce((a, b) => a + b, 0);
  const next = Math.min(hi * total, Math.max(lo * total, values[index] * factor));
  const rest = total - values[index];
  if (rest <= 0 || values.length < 2) return null;
  const scale = (total - next) / rest;
  const result = values.map((v, i) => (i === index ? next : v * scale));
  return result.every((v) => v >= lo * total * 0.999) ? result : null;
}

/**
 * The plan that serves the notes best. `demand`: Map key → em² of the notes (0: empty);
 * `evaluate(boxes)` → Map key → {size, pages} for the areas with notes (pack.js); `fill`: how
 * full the sheet is (the share of its room the notes need at the largest size), for the blend
 * with the paper canvas. Starts from room by demand, then moves room between rows, columns and
 * sub-areas one at a time while that helps (fewer pages, then larger text). Returns
 * {plan, boxes, result, score}.
 */
export function distribute(areas, demand, metrics, evaluate, { fill = 1, passes = 3, groups = new Map() } = {}) {
  const alpha = Math.min(1, Math.max(0, fill * 1.1));
  const weight = new Map(areas.map((a) => {
    const d = demand.get(a.key) || 0;
    return [a.key, d || (a.general ? 0 : EMPTY_DEMAND)];
  }));
  const run = (plan) => {
    const boxes = areaBoxes(plan, metrics, areas);
    const result = evaluate(boxes);
    return { plan, boxes, result, score: scoreOf(result, groups) };
  };
  let best = run(planFor(areas, weight, metrics, alpha, groups));
  if (alpha < 1) {
    const other = run(planFor(areas, weight, metrics, 1, groups));
    if (better(other.score, best.score)) best = other;
  }
  const single = metrics.single ? metrics.single.key : null;
  // The coordinates: [part of the plan, index, lowest share, highest share].
  const coordinates = [];
  if (!single) coordinates.push(['rows', 0, 0.1, 0.75], ['rows', 2, 0.1, 0.75], ['cols', 0, 0.15, 0.55], ['cols', 2, 0.15, 0.55], ['rows', 1, 0.15, 0.8], ['cols', 1, 0.25, 0.7]);
  if (!single || single === 'identiteit') {
    coordinates.push(['quadCols', 0, 0.2, 0.8]);
    best.plan.quadRows.forEach((rows, g) => rows.forEach((_, i) => { if (rows.length > 1) coordinates.push([['quadRows', g], i, 0.12, 0.88]); }));
  }
  if (!single || single === 'organisatie') {
    best.plan.org.forEach((shares, g) => shares.forEach((_, i) => { if (shares.length > 1) coordinates.push([['org', g], i, 0.06, 0.8]); }));
  }
  const steps = [0.6, 0.78, 0.9, 1.12, 1.3, 1.65];
  for (let pass = 0; pass < passes; pass += 1) {
    let improved = false;
    for (const [part, index, lo, hi] of coordinates) {
      if (!best.score.extraPages && pass > 0 && best.score.minSize === best.score.meanSize) break;
      let winner = null;
      for (const factor of steps) {
        const values = reshare(get(best.plan, part), index, factor, lo, hi);
        if (!values) continue;
        const plan = clone(best.plan);
        set(plan, part, values);
        const tried = run(plan);
        if (better(tried.score, (winner || best).score)) winner = tried;
      }
      if (winner) { best = winner; improved = true; }
    }
    if (!improved) break;
  }
  return best;
}

const fr = (values) => values.map((v) => `minmax(0, ${Math.max(0.001, v).toFixed(4)}fr)`).join(' ');

/**
 * Give the plan to the page: the sheet's rows and columns, the quadrants, the columns below.
 * `group`: Map block key → the index of the group shown (blocks that show a group at a time).
 */
export function applyPlan(built, plan, { single = false, group = new Map() } = {}) {
  const sheet = built.root;
  if (single) {
    sheet.style.removeProperty('grid-template-rows');
    sheet.style.removeProperty('grid-template-columns');
  } else {
    sheet.style.setProperty('grid-template-rows', fr(plan.rows));
    sheet.style.setProperty('grid-template-columns', fr(plan.cols));
  }
  const body = (key) => sheet.querySelector(`[data-block="${key}"] > .block__body`);
  const quad = body('identiteit');
  const g = group.get('identiteit') || 0;
  const rows = quadLayout(plan.idGroups[g] || []);
  const cols = rows.some((row) => row.length > 1) ? plan.quadCols : [1];
  quad.style.setProperty('grid-template-columns', fr(cols));
  quad.style.setProperty('grid-template-rows', fr(plan.quadRows[g] || [1]));
  body('organisatie').style.setProperty('grid-template-columns', fr(plan.org[group.get('organisatie') || 0] || [1]));
  for (const [blockKey, groups] of [['identiteit', plan.idGroups], ['organisatie', plan.orgGroups]]) {
    const visible = new Set(groups[group.get(blockKey) || 0] || []);
    for (const groupKeys of groups) {
      for (const key of groupKeys) built.areas.get(key).el.classList.toggle('is-away', groups.length > 1 && !visible.has(key));
    }
  }
}

const px = (value) => parseFloat(value) || 0;
const titleHeights = new WeakMap();

/**
 * What the arithmetic needs to know of the page (one layout read): the sheet's size and gaps,
 * per block its padding and header, per area its padding and title. `single`: the key of a block
 * that has the sheet to itself (its rect is read as it is).
 */
export function readMetrics(built, single = null) {
  const sheet = built.root;
  const style = window.getComputedStyle(sheet);
  const metrics = {
    width: sheet.clientWidth,
    height: sheet.clientHeight,
    rowGap: px(style.rowGap),
    colGap: px(style.columnGap),
    blocks: {},
    areas: {},
  };
  for (const section of sheet.querySelectorAll(':scope > [data-block]')) {
    const s = window.getComputedStyle(section);
    const body = section.querySelector(':scope > .block__body');
    const padY = px(s.paddingTop) + px(s.paddingBottom) + px(s.borderTopWidth) + px(s.borderBottomWidth);
    // Everything above the body (the header, a count chip) is the block's head.
    const head = body ? Math.max(0, body.getBoundingClientRect().top - section.getBoundingClientRect().top
      - px(s.paddingTop) - px(s.borderTopWidth)) : 0;
    metrics.blocks[section.dataset.block] = {
      padX: px(s.paddingLeft) + px(s.paddingRight) + px(s.borderLeftWidth) + px(s.borderRightWidth),
      padY,
      head,
    };
    if (single === section.dataset.block) {
      metrics.single = { key: single, width: section.offsetWidth, height: section.offsetHeight };
    }
  }
  for (const [key, area] of built.areas) {
    const s = window.getComputedStyle(area.el);
    const title = area.el.querySelector(':scope > .area__title');
    const t = title ? window.getComputedStyle(title) : null;
    // An area not shown now (another group is) keeps the title height it had when shown.
    let titleHeight = title && title.offsetHeight ? title.offsetHeight + px(t.marginTop) + px(t.marginBottom) : 0;
    if (title && !titleHeight) titleHeight = titleHeights.get(area.el) || 0;
    else if (title) titleHeights.set(area.el, titleHeight);
    metrics.areas[key] = {
      padX: px(s.paddingLeft) + px(s.paddingRight) + px(s.borderLeftWidth) + px(s.borderRightWidth),
      padY: px(s.paddingTop) + px(s.paddingBottom) + px(s.borderTopWidth) + px(s.borderBottomWidth),
      title: titleHeight,
    };
  }
  return metrics;
}
