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

/** The quadrant rows of Identiteit as shown: the quadrants two by two, "Algemeen" below. */
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
 * empty areas already weighted). `areas`: [{key, blockKey, subareaKey, general, flow}] of the
 * areas shown (a block in flow shows its flow area only); `alpha` in [0, 1]: how far the plan
 * follows the notes rather than the paper canvas.
 */
export function planFor(areas, weight, metrics, alpha) {
  const w = (key) => weight.get(key) || 0;
  const of = (blockKey) => areas.filter((a) => a.blockKey === blockKey);
  const sum = (blockKey) => of(blockKey).reduce((s, a) => s + w(a.key), 0);

  // Identiteit has sub-area titles: its notes get less height than its row, so it needs more width.
  const idFactor = 1.15;
  const mid = [sum('spelregels'), sum('identiteit') * idFactor, sum('regie')];
  const width = Math.max(1, metrics.width);
  const midWidth = Math.max(1, metrics.width - 2 * metrics.colGap);
  const need = [sum('coalities') / width, mid.reduce((a, b) => a + b, 0) / midWidth, sum('organisatie') / width];
  const rows = blend(alpha, shares(need, 0.14, 0.72), PAPER_ROWS);
  const cols = blend(alpha, shares(mid, 0.2, 0.56), PAPER_COLS);
  cols[1] = Math.max(cols[1], 0.28);

  const idKeys = of('identiteit').map((a) => a.key);
  const sub = (s) => w(`identiteit:${s}`);
  const quadCols = blend(alpha, shares([sub('passie') + sub('positie'), sub('ambitie') + sub('stijl')], 0.3, 0.7), [0.5, 0.5]);
  const layout = quadLayout(idKeys);
  const quadRows = normalize(blend(alpha, shares(layout.map((row) => row.reduce((s, k) => s + w(k), 0) || EMPTY_DEMAND), 0.15, 0.85),
    normalize(layout.map((row) => (row[0] === 'identiteit:' ? 0.25 : 1)))));
  const orgKeys = of('organisatie').map((a) => a.key);
  const org = normalize(blend(alpha, shares(orgKeys.map((k) => w(k) || EMPTY_DEMAND), 0.1, 0.6), orgKeys.map(() => 1 / Math.max(1, orgKeys.length))));
  return { rows: normalize(rows), cols: normalize(cols), quadCols, quadRows, idKeys, orgKeys, org };
}

const normalize = (values) => {
  const total = values.reduce((a, b) => a + b, 0) || 1;
  return values.map((v) => v / total);
};

/** The boxes (px) of the areas of one block in a rect of `bw` x `bh`, by the plan. */
function blockBoxes(blockKey, bw, bh, plan, metrics, areas, boxes) {
  const block = metrics.blocks[blockKey] || { padX: 0, padY: 0, head: 0 };
  const iw = Math.max(0, bw - block.padX);
  const ih = Math.max(0, bh - block.padY - headAt(block, bw));
  const inner = (key, cw, ch) => {
    const a = metrics.areas[key] || { padX: 0, padY: 0, title: 0 };
    boxes.set(key, { width: Math.max(0, cw - a.padX), height: Math.max(0, ch - a.padY - a.title) });
  };
  const mine = areas.filter((a) => a.blockKey === blockKey);
  if (mine.some((a) => a.flow)) {
    inner(`${blockKey}:*`, iw, ih);
  } else if (blockKey === 'identiteit') {
    quadLayout(plan.idKeys).forEach((row, r) => {
      const rh = ih * (plan.quadRows[r] || 0);
      if (row[0] === 'identiteit:') inner(row[0], iw, rh);
      else row.forEach((key) => inner(key, iw * plan.quadCols[QUAD.indexOf(key.split(':')[1]) % 2], rh));
    });
  } else if (blockKey === 'organisatie') {
    plan.orgKeys.forEach((key, i) => inner(key, iw * plan.org[i], ih));
  } else {
    for (const a of mine) inner(a.key, iw, ih);
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
 * The height (px) of a block's head at block width `bw`: a header wraps to more lines in a
 * narrower column. `block.heads` ([[width, height]], widths rising; readMetrics) holds it as
 * measured at widths a step apart: the one at the widest width measured not above `bw` (a head
 * is never lower in a narrower block, so this is never less than it will be); without it, the
 * head as it is on the page.
 */
export function headAt(block, bw) {
  const table = block.heads;
  if (!table || !table.length) return block.head || 0;
  let height = table[0][1];
  // (Less a px or two: a grid's track may come out a fraction narrower than planned.)
  for (const [width, h] of table) {
    if (width > bw - 2) break;
    height = h;
  }
  return height;
}

const ROW_OF = { coalities: 0, spelregels: 1, identiteit: 1, regie: 1, organisatie: 2 };

/**
 * The plan with its rows raised where an area is lower than its tallest note needs
 * (`minimumHeights(key, width)` → px), the room taken from rows with room to spare.
 */
export function withMinimums(plan, metrics, areas, minimumHeights) {
  if (metrics.single) return plan;
  const avail = Math.max(1, metrics.height - 2 * metrics.rowGap);
  let rows = plan.rows.map((r) => r * avail);
  for (let round = 0; round < 3; round += 1) {
    const boxes = areaBoxes(Object.assign({}, plan, { rows: rows.map((r) => r / avail) }), metrics, areas);
    const deficit = [0, 0, 0];
    const slack = [Infinity, Infinity, Infinity];
    for (const area of areas) {
      const box = boxes.get(area.key);
      if (!box) continue;
      const row = ROW_OF[area.blockKey];
      const need = minimumHeights(area.key, box.width);
      // How much of the row's height this area gets (quadrant rows share the block's height).
      const part = Math.max(0.1, box.height / Math.max(1, rows[row]));
      if (need > box.height) deficit[row] = Math.max(deficit[row], (need - box.height) / part);
      else slack[row] = Math.min(slack[row], (box.height - need) / part);
    }
    const want = deficit.reduce((a, b) => a + b, 0);
    if (want < 1) break;
    const spare = slack.map((x, i) => (deficit[i] > 0 || x === Infinity ? 0 : x));
    const give = spare.reduce((a, b) => a + b, 0);
    if (give < 1) break;
    const scale = Math.min(1, give / want);
    rows = rows.map((r, i) => r + deficit[i] * scale - (spare[i] / give) * want * scale);
  }
  return Object.assign({}, plan, { rows: normalize(rows.map((r) => Math.max(1, r))) });
}

/**
 * Whether score `a` is better than `b`: fewer notes too tall for their area at the legible size
 * (such a note would have to be smaller), then fewer stacks that show their title only where the
 * round is about as long (within a fifth, at least a page: a stack with its first note says what
 * the group is about, a bare title does not; worth a page more, not a round twice as long), then
 * a shorter round (pages until every note was shown), then fewer extra pages, then larger text.
 */
export function better(a, b) {
  if (!b) return true;
  if (Math.abs(a.tooTall - b.tooTall) > 1e-6) return a.tooTall < b.tooTall;
  if ((a.bare || 0) !== (b.bare || 0)
    && Math.abs(a.cycle - b.cycle) <= Math.max(1, Math.round(Math.min(a.cycle, b.cycle) * 0.2))) return (a.bare || 0) < (b.bare || 0);
  if (a.cycle !== b.cycle) return a.cycle < b.cycle;
  if (a.extraPages !== b.extraPages) return a.extraPages < b.extraPages;
  if (a.minSize !== b.minSize) return a.minSize > b.minSize;
  return a.meanSize > b.meanSize + 1e-9;
}

/** The number of pages until every note was shown: the pages of the longest area. */
export function cycleOf(result) {
  let cycle = 1;
  for (const r of result.values()) cycle = Math.max(cycle, r.pages);
  return cycle;
}

/**
 * A plan's score (see better()). With `scroll` (areas too full scroll, nothing turns): the
 * fewest blocks that scroll (each other block is whole on the screen), then the least to
 * scroll in all, instead of the shortest round.
 */
function scoreOf(result, scroll = false) {
  const sizes = [];
  let extraPages = 0;
  const scrolling = new Set(); // blocks (an area key is "block" or "block:sub-area")
  let tooTall = 0;         // (scrolling: as the arranger reckons it, see arrange.js)
  let bare = 0;
  for (const [key, r] of result) {
    sizes.push(r.size);
    extraPages += Math.max(0, r.pages - 1);
    if (r.pages > 1) scrolling.add(String(key).split(':')[0]);
    tooTall += r.tooTall || 0;
    bare += r.bare || 0;
  }
  if (scroll) extraPages = scrolling.size + extraPages / 1000;
  return {
    tooTall,
    bare,
    cycle: scroll ? Math.min(2, cycleOf(result)) : cycleOf(result),
    extraPages,
    minSize: sizes.length ? Math.min(...sizes) : 0,
    meanSize: sizes.reduce((a, b) => a + b, 0) / Math.max(1, sizes.length),
  };
}

const clone = (plan) => ({ rows: [...plan.rows], cols: [...plan.cols], quadCols: [...plan.quadCols],
  quadRows: [...plan.quadRows], idKeys: plan.idKeys, orgKeys: plan.orgKeys, org: [...plan.org] });

/**
 * `values` with the one at `index` scaled by `factor` (its share kept in [lo, hi]), the others
 * giving or taking the difference in proportion to what they have above `lo`. Null when nothing
 * changes.
 */
function reshare(values, index, factor, lo, hi) {
  const total = values.reduce((a, b) => a + b, 0);
  if (values.length < 2 || total <= 0) return null;
  const floorOf = lo * total;
  const target = Math.min(hi * total, Math.max(floorOf, values[index] * factor));
  let delta = target - values[index];
  const room = values.reduce((a, v, i) => a + (i === index ? 0 : Math.max(0, v - floorOf)), 0);
  if (delta > room) delta = room;
  if (Math.abs(delta) < total * 1e-4) return null;
  return values.map((v, i) => {
    if (i === index) return v + delta;
    const above = Math.max(0, v - floorOf);
    return delta > 0 ? v - (room > 0 ? (above / room) * delta : 0) : v - delta / (values.length - 1);
  });
}

/**
 * The plan that serves the notes best. `demand`: Map key → em² of the notes (0: empty);
 * `evaluate(boxes)` → Map key → {size, pages} for the areas with notes (pack.js); `fill`: how
 * full the sheet is (the share of its room the notes need at the largest size), for the blend
 * with the paper canvas. Starts from room by demand, then moves room between rows, columns and
 * sub-areas one at a time while that helps (fewer pages, then larger text), for at most `budget`
 * plans tried (a number, not a time: the same notes on the same screen are shared out the same
 * way on a fast and on a busy machine); `from`: a plan to go on from; `scroll`: areas too full
 * scroll rather than turn pages (scoreOf). Returns {plan, boxes, result, score, unfinished}.
 */
export function distribute(areas, demand, metrics, evaluate, {
  fill = 1, passes = 2, minimumHeights = null, budget = Infinity, from = null, cursor = 0, scroll = false,
} = {}) {
  const alpha = Math.min(1, Math.max(0, fill * 1.1));
  const weight = new Map(areas.map((a) => {
    const d = demand.get(a.key) || 0;
    return [a.key, d || (a.general ? 0 : EMPTY_DEMAND)];
  }));
  // Plans by demand start with every row at least as high as its tallest note needs; the
  // rounds after that judge by the score alone.
  const start = (raw) => (minimumHeights ? withMinimums(raw, metrics, areas, minimumHeights) : raw);
  const run = (plan) => {
    const boxes = areaBoxes(plan, metrics, areas);
    const result = evaluate(boxes);
    return { plan, boxes, result, score: scoreOf(result, scroll) };
  };
  let best = run(from || start(planFor(areas, weight, metrics, alpha)));
  if (alpha < 1 && !from) {
    const other = run(start(planFor(areas, weight, metrics, 1)));
    if (better(other.score, best.score)) best = other;
  }
  const single = metrics.single ? metrics.single.key : null;
  // The coordinates: [part of the plan, index, lowest share, highest share].
  const coordinates = [];
  // (A side column narrower than about a fifth makes long notes too tall for it.)
  if (!single) coordinates.push(['rows', 0, 0.14, 0.75], ['rows', 2, 0.14, 0.75], ['cols', 0, 0.2, 0.55], ['cols', 2, 0.2, 0.55], ['rows', 1, 0.15, 0.8], ['cols', 1, 0.25, 0.6]);
  if ((!single || single === 'identiteit') && best.plan.idKeys.length > 1) {
    coordinates.push(['quadCols', 0, 0.2, 0.8]);
    best.plan.quadRows.forEach((_, i) => { if (best.plan.quadRows.length > 1) coordinates.push(['quadRows', i, 0.12, 0.88]); });
  }
  if ((!single || single === 'organisatie') && best.plan.orgKeys.length > 1) {
    best.plan.org.forEach((_, i) => coordinates.push(['org', i, 0.06, 0.8]));
  }
  const steps = [0.6, 0.8, 1.25, 1.6];
  best.unfinished = false;
  // `cursor`: where an earlier call stopped (pass × coordinates + coordinate).
  let step = 0;
  let spent = 0;
  for (let pass = 0; pass < passes; pass += 1) {
    let improved = false;
    for (const [part, index, lo, hi] of coordinates) {
      step += 1;
      if (step <= cursor) continue;
      if (!best.score.extraPages && pass > 0 && best.score.minSize === best.score.meanSize) break;
      let winner = null;
      // (Within the plans given: a full sheet is shared out in short tasks; `unfinished`
      // says that more rounds may do better, from this plan and `cursor` on.)
      if (spent >= budget) { best.unfinished = true; best.cursor = step - 1; break; }
      for (const factor of steps) {
        const values = reshare(best.plan[part], index, factor, lo, hi);
        if (!values) continue;
        const plan = clone(best.plan);
        plan[part] = values;
        const tried = run(plan);
        spent += 1;
        if (better(tried.score, (winner || best).score)) winner = tried;
      }
      if (winner) { best = Object.assign(winner, { unfinished: false }); improved = true; }
    }
    if (best.unfinished || (!improved && step > cursor)) break;
  }
  // A note still too tall for its area: its row takes height from rows that have some to spare.
  if (best.score.tooTall && minimumHeights) {
    const repaired = run(start(best.plan));
    if (better(repaired.score, best.score)) best = Object.assign(repaired, { unfinished: best.unfinished });
  }
  return best;
}

const fr = (values) => values.map((v) => `minmax(0, ${Math.max(0.001, v).toFixed(4)}fr)`).join(' ');

/**
 * Give the plan to the page: the sheet's rows and columns, the quadrants, the columns below;
 * `flow`: the blocks that show their notes as one flow (their sub-areas wait).
 */
export function applyPlan(built, plan, { single = false, flow = new Set() } = {}) {
  const sheet = built.root;
  if (single) {
    sheet.style.removeProperty('grid-template-rows');
    sheet.style.removeProperty('grid-template-columns');
  } else {
    sheet.style.setProperty('grid-template-rows', fr(plan.rows));
    sheet.style.setProperty('grid-template-columns', fr(plan.cols));
  }
  for (const key of ['identiteit', 'organisatie']) {
    const section = sheet.querySelector(`[data-block="${key}"]`);
    section.classList.toggle('is-flow', flow.has(key));
  }
  const body = (key) => sheet.querySelector(`[data-block="${key}"] > .block__body`);
  const quad = body('identiteit');
  const org = body('organisatie');
  if (flow.has('identiteit')) {
    quad.style.setProperty('grid-template-columns', 'minmax(0, 1fr)');
    quad.style.setProperty('grid-template-rows', 'minmax(0, 1fr)');
  } else {
    quad.style.setProperty('grid-template-columns', fr(plan.quadCols));
    quad.style.setProperty('grid-template-rows', fr(plan.quadRows));
  }
  org.style.setProperty('grid-template-columns', flow.has('organisatie') ? 'minmax(0, 1fr)' : fr(plan.org));
}

const px = (value) => parseFloat(value) || 0;
const titleHeights = new WeakMap();
const headTables = new WeakMap(); // sheet -> {key, tables}: the heads as measured last
const MID_BLOCKS = ['spelregels', 'identiteit', 'regie'];
const MID_SHARES = [0.12, 0.64]; // the widths a middle column can have (shares, see distribute)
const HEAD_STEPS = 48;           // widths measured in that range

/**
 * The heads of the middle row's blocks (their width is the plan's) at widths from narrow to
 * wide: Map blockKey → [[width, height]]. Copies of the heads are laid out once, side by side,
 * off screen (one layout, like notes: fit.js), and kept while the sheet's width and the heads'
 * text stay the same.
 */
function measureHeads(sheet, sections, midWidth, now) {
  // (Fonts that arrive later wrap otherwise: the fonts loaded are part of the key.)
  const fonts = document.fonts ? Array.from(document.fonts).filter((f) => f.status === 'loaded').length : 0;
  const key = [Math.round(midWidth), window.innerWidth, window.innerHeight, fonts, ...sections.map((section) => {
    const head = section.querySelector(':scope > .block__head');
    const hidden = section.querySelector(':scope > .block__hidden');
    return `${section.className}|${head ? head.textContent : ''}|${hidden && !hidden.hidden ? hidden.textContent : ''}`;
  })].join('\n');
  const known = headTables.get(sheet);
  // Measured again also when a head on the page is taller than its copy was at that width.
  const stale = (tables) => sections.some((section) => {
    const table = tables.get(section.dataset.block);
    const { width, head } = now.get(section.dataset.block);
    return width >= table[0][0] && head > headAt({ heads: table }, width) + 1;
  });
  if (known && known.key === key && !stale(known.tables)) return known.tables;
  const lo = Math.floor(midWidth * MID_SHARES[0]);
  const hi = Math.ceil(midWidth * MID_SHARES[1]);
  const step = Math.max(4, (hi - lo) / HEAD_STEPS);
  const widths = [];
  for (let w = lo; w < hi + step; w += step) widths.push(Math.round(w));
  const box = document.createElement('div');
  box.className = 'measure measure--heads';
  box.setAttribute('aria-hidden', 'true');
  const probes = [];
  for (const section of sections) {
    for (const width of widths) {
      // The block without its notes: the same classes (so the same styles), its head and what
      // stands between head and body, an empty body whose top is where the notes begin.
      const copy = section.cloneNode(false);
      copy.removeAttribute('data-block');
      copy.removeAttribute('id');
      copy.style.cssText = `position:absolute;left:0;top:0;width:${width}px;height:auto;`;
      for (const child of section.children) {
        if (child.classList.contains('block__body')) break;
        copy.appendChild(child.cloneNode(true));
      }
      const body = document.createElement('div');
      copy.appendChild(body);
      box.appendChild(copy);
      probes.push({ block: section.dataset.block, width, copy, body });
    }
  }
  sheet.appendChild(box);
  const tables = new Map(sections.map((section) => [section.dataset.block, []]));
  for (const { block, width, copy, body } of probes) {
    const s = window.getComputedStyle(copy);
    const head = body.getBoundingClientRect().top - copy.getBoundingClientRect().top - px(s.paddingTop) - px(s.borderTopWidth);
    tables.get(block).push([width, Math.max(0, head)]);
  }
  box.remove();
  headTables.set(sheet, { key, tables });
  return tables;
}

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
  // The middle row's heads wrap by the width the plan gives their column: the arithmetic takes
  // each at the width it reckons with, not as the page has it now (an area would come out lower).
  if (!single) {
    const mids = MID_BLOCKS.map((key) => sheet.querySelector(`:scope > [data-block="${key}"]`)).filter(Boolean);
    const now = new Map(mids.map((section) => [section.dataset.block, { width: section.offsetWidth, head: metrics.blocks[section.dataset.block].head }]));
    const tables = measureHeads(sheet, mids, Math.max(0, metrics.width - 2 * metrics.colGap), now);
    for (const [key, table] of tables) if (metrics.blocks[key]) metrics.blocks[key].heads = table;
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
