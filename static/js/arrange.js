// Arranging a whole sheet on one screen (projector, snapshot page). Notes are measured once
// (fit.js), the sheet is shared out by demand (layout.js) and every area is packed as
// arithmetic (pack.js): all its notes whole at the largest size that fits, or, when they do not
// fit at the smallest legible size, in pages that turn by themselves ("2/4"), so that every note
// is shown whole within one round. When a note is too tall for its sub-area, a block with
// sub-areas shows its notes as one flow, sub-area after sub-area, each note labelled. A new note
// costs its own measurement and the packing of its own area; the whole sheet is shared out again
// only when that area no longer fits well (and then once for a burst of notes).
import { t, tn } from './boot.js';
import { h } from './dom.js';
import { Measurer } from './fit.js';
import { packArea, demandOf, tallestAt, heightsAt, NOTE_WIDTHS, CARD_WIDTHS, GAP } from './pack.js';
import { distribute, applyPlan, readMetrics, better, areaBoxes } from './layout.js';
import { stackShows, showTop } from './stacks.js';

/** How long a page of an area stays (ms). ?page_ms= (at least 300) shortens it, e.g. for tests. */
export const PAGE_MS = 10000;
const CALM = 1.3;          // no area's text more than this times the smallest text on the sheet
const REPLAN_MS = 1500;    // a note that needs more room: the sheet is shared out again after this
const MEASURE_CHUNK = 12;  // notes measured per task at the start (keeps tasks short)
const TAG_EM = 1;          // the sub-area label above a note in a flow (projector.css)
const EDGE_PX = 3;        // kept free below an area's notes (see pack())
const PLANS = 40;          // plans tried per task when sharing out the sheet (about 25 ms)
const REFINE_ROUNDS = 60;  // tasks in which sharing out may go on (each short)
const SCROLL_TALL = 1.5;   // scrolling (options.scroll): a note up to this times its box is fine
const FLOWS = [['identiteit'], ['identiteit', 'organisatie']];

export function pageInterval() {
  const asked = Number(new URLSearchParams(window.location.search).get('page_ms'));
  return Number.isFinite(asked) && asked >= 300 ? asked : PAGE_MS;
}

/**
 * Font sizes by the screen's height: legible is 2.2 % of it (24 px at 1080, 16 at 720); with
 * room the text grows to 3.6 %. A block in focus gets larger text, a spotlit block larger still.
 * The facilitator's overview is read from arm's length on a laptop beside the controls: a fixed
 * 13 px at least (so that more of a full board is on it at once), growing to 17 with room.
 */
export function screenSizes(kind = 'sheet', height = window.innerHeight) {
  const of = (share) => Math.max(12, Math.round(height * share));
  if (kind === 'overview') return { min: 13, max: 17 };
  if (kind === 'focus') return { min: Math.ceil(height * 0.03), max: of(0.05) };
  if (kind === 'spot') return { min: Math.ceil(height * 0.034), max: of(0.065) };
  return { min: Math.ceil(height * 0.022), max: of(0.036) };
}

/**
 * Returns {place, refit, stop, cycle, whereIs} for a sheet built by buildSheet().
 * `place(groups, fresh)` is BoardView's: the notes of each area (Map key → [{note, el}], in
 * order) and the ids that just arrived. options.mode() → {single: block key or null, kind:
 * 'sheet' | 'focus' | 'spot'}; options.interval: ms a page stays; options.scale() → a factor
 * for the largest text size (the projector's larger text); options.scroll: an area too full
 * for one page scrolls instead of turning pages (a reader at their own screen).
 */
export function sheetArranger(built, options = {}) {
  const mode = options.mode || (() => ({ single: null, kind: 'sheet' }));
  const scale = options.scale || (() => 1);
  const sizesOf = (kind) => {
    const sizes = screenSizes(kind);
    // Only the largest size grows: with room the notes grow a quarter larger. The legible
    // minimum stays, because a long note in a narrow area must still fit it whole (at 1280x720
    // with 150 notes, one in "Regie" did not at 18 px).
    return { min: sizes.min, max: Math.round(sizes.max * scale()) };
  };
  const interval = options.interval || pageInterval();
  const scroll = Boolean(options.scroll);
  // Scrolling, an area shows all its notes at the size packed: it scrolls where a projector
  // would turn pages or set a note too tall for its page smaller.
  // Scrolling, a note may be somewhat taller than its box (one scrolls through it); only more
  // than that counts as too tall (as pack.js reckons it: the square of how much).
  const overTall = (p, box) => (p.heights || []).reduce((sum, x) => sum
    + Math.max(0, (x * p.size) / Math.max(1, box.height) - SCROLL_TALL) ** 2, 0);
  const scrolls = (p) => scroll && (p.pages.length > 1 || p.sizes.some((x) => x < p.size));
  const measurer = new Measurer(built.root);
  const areas = built.areas;
  const state = new Map(Array.from(areas.keys(), (key) => [key, {
    items: [], ids: '', pack: null, page: 0, shownAt: 0, box: null, pager: null, refilled: -1,
  }]));
  let groups = new Map(Array.from(areas.keys(), (key) => [key, []]));
  let flow = new Set();    // blocks that show their notes as one flow
  let plan = null;
  let cap = Infinity;      // the largest size any area may have (calm)
  let floor = 0;           // the smallest size on the sheet
  let lastMode = '';
  let replanTimer = 0;
  let frame = 0;
  let generation = 0;
  let verifying = 0;
  let rounds = 0;          // corrections in a row after drawing
  let going = null;        // {score, rounds}: sharing out goes on in later tasks (refine)
  let refineTimer = 0;

  // The page indicator ("2/4") goes in the area's title, or for a block of one area (or in a
  // flow) in the block's header: beside the notes, never over them. Always there (invisible on
  // an area of one page), so that headers do not wrap otherwise when it comes.
  for (const [key, area] of areas) {
    const pager = h('span', { class: 'area__pager is-off' });
    const title = area.el.querySelector(':scope > .area__title');
    const head = area.el.closest('[data-block]').querySelector('.block__head');
    (title || head).appendChild(pager);
    state.get(key).pager = pager;
  }
  const titleOf = (area) => {
    const title = area.el.querySelector(':scope > .area__title');
    return title ? title.firstChild.textContent : '';
  };

  const widthsOf = (area) => (area.blockKey === 'coalities' ? CARD_WIDTHS : NOTE_WIDTHS);
  const shown = (area, flows = flow) => {
    const m = mode();
    if (m.single && area.blockKey !== m.single) return false;
    if (area.flow) return flows.has(area.blockKey);
    if (flows.has(area.blockKey)) return false;
    return !(area.general && !groups.get(area.key).length);
  };
  // A note seen on the screen is known exactly at that column width (seen: el → {column, height,
  // flow} in em; in a flow with its label).
  const seen = new WeakMap();
  let packs = 0;
  const pinnedOnce = new Set(); // notes that were brought into view on arrival
  // A stack (a cluster) can be shown with 0 to STACK_TOP of its notes (stacks.js): `fit` {width,
  // height, size} (px) picks for each the most that fit the box in one column at that size;
  // without it, `least` takes at most one note (the tallest a row must make room for), else all.
  const measured = (area, items, { fit = null, least = false } = {}) => items.map((item) => {
    const ways = item.cluster ? measurer.getShows(item.el) : null;
    let heights = measurer.get(item.el) || [];
    let way;
    if (ways) {
      way = least ? Math.min(1, ways.length - 1) : ways.length - 1;
      if (fit) {
        const column = fit.width / fit.size;
        const tag = area.flow ? TAG_EM : 0;
        while (way > 0 && heightsAt([{ heights: ways[way].map((x) => x + tag), stack: true }], NOTE_WIDTHS, column).heights[0] * fit.size > fit.height) way -= 1;
      }
      heights = ways[way];
    }
    const exact = seen.get(item.el);
    return {
      heights: area.flow ? heights.map((x) => x + TAG_EM) : heights,
      exact: exact && exact.flow === Boolean(area.flow) && exact.way === way ? exact : null,
      way,
      stack: Boolean(ways),
      most: ways ? ways.length - 1 : 0,
    };
  });
  /** The notes of a flow: those of the block's sub-areas, sub-area after sub-area. */
  const flowItems = (blockKey) => Array.from(areas.values())
    .filter((a) => a.blockKey === blockKey && !a.flow).flatMap((a) => groups.get(a.key) || []);

  function pack(area, box, sizes, items = state.get(area.key).items) {
    const s = state.get(area.key);
    // An area that turned out taller than its arithmetic gets a little less height (see verify).
    // (A few px kept free at the bottom: a font whose glyphs reach past its line height, and
    // rounding, can make a column come out that much taller than reckoned.)
    const height = Math.max(0, box.height - EDGE_PX);
    const notes = measured(area, items, { fit: { width: box.width, height, size: sizes.min } });
    // Stacks that show their title only (too low a box for one of their notes): see better().
    const bare = notes.filter((n) => n.stack && n.way === 0 && n.most > 0).length;
    return Object.assign(packArea(notes, widthsOf(area), box.width, height, sizes), { ways: notes.map((n) => n.way), bare });
  }

  /** Share out the sheet and pack every area (arithmetic), then draw. */
  function arrangeAll(fresh = false) {
    const started = performance.now();
    rounds = 0;
    if (fresh) going = null;
    window.clearTimeout(replanTimer);
    replanTimer = 0;
    const m = mode();
    const sizes = sizesOf(m.kind);
    const metrics = readMetrics(built, m.single);
    const itemsOf = (area) => (area.flow ? flowItems(area.blockKey) : groups.get(area.key) || []);
    const packed = new Map(); // sharing out tries many plans; most change a few boxes only
    const tallest = new Map();
    const minimumHeights = (key, width) => {
      const memo = `${key}|${Math.round(width / 4)}`;
      if (!tallest.has(memo)) {
        const area = areas.get(key);
        tallest.set(memo, tallestAt(measured(area, itemsOf(area), { least: true }), widthsOf(area), width, sizes.min));
      }
      return tallest.get(memo);
    };
    // The rounds of sharing out stop after this long: a full sheet is arranged in a short task.
    let budget = PLANS;
    const attempt = (flows, passes, from = null, cursor = 0) => {
      const list = Array.from(areas.values()).filter((a) => shown(a, flows));
      const demand = new Map();
      let total = 0;
      for (const area of list) {
        const d = measured(area, itemsOf(area)).reduce((sum, n) => sum + demandOf(n, widthsOf(area)), 0);
        demand.set(area.key, d);
        total += d;
      }
      const room = Math.max(1, (metrics.single ? metrics.single.width * metrics.single.height : metrics.width * metrics.height));
      const fill = (total * sizes.max * sizes.max) / room;
      const evaluate = (boxes) => {
        const result = new Map();
        for (const area of list) {
          const items = itemsOf(area);
          const box = boxes.get(area.key);
          if (!items.length || !box) continue;
          const memo = `${area.key}|${Math.round(box.width / 2)}|${Math.round(box.height / 2)}`;
          let p = packed.get(memo);
          if (!p) { p = pack(area, box, sizes, items); packed.set(memo, p); }
          result.set(area.key, { size: p.size, pages: Math.max(1, p.pages.length), tooTall: scroll ? overTall(p, box) : p.tooTall || 0, bare: p.bare || 0 });
        }
        return result;
      };
      return Object.assign(distribute(list, demand, metrics, evaluate, { fill, passes, minimumHeights, budget, from, cursor, scroll }), { flows, list });
    };
    if (going) {
      // Going on from the plan on the screen (refine): better, or nothing changes.
      const more = attempt(flow, 2, plan, going.cursor);
      const next = more.unfinished ? { score: more.score, rounds: going.rounds + 1, cursor: more.cursor } : null;
      if (!better(more.score, going.score)) {
        going = next && Object.assign(next, { score: going.score });
        return going ? scheduleRefine() : undefined;
      }
      going = next;
      return finish(more, m, sizes, started);
    }
    // Sub-areas as on the paper canvas while every note fits its area at a legible size; else
    // Identiteit (then Organisatie too) as one flow. (Judged by the plan by demand; then only the
    // way chosen is refined.)
    let best = attempt(new Set(), 0);
    for (const which of FLOWS) {
      if (!best.score.tooTall && !scroll) break; // (scrolling: a flow may leave fewer blocks to scroll)
      if (m.single && !which.includes(m.single)) continue;
      const tried = attempt(new Set(which), 0);
      if (better(tried.score, best.score)) best = tried;
    }
    // A note too tall for its area (it would be shown smaller): this is worth a longer task.
    if (best.score.tooTall) budget = 4 * PLANS;
    best = attempt(best.flows, 2);
    going = best.unfinished ? { score: best.score, rounds: 0, cursor: best.cursor } : null;
    return finish(best, m, sizes, started);
  }

  /** Give a plan to the page and draw every area by it. */
  function finish(best, m, sizes, started) {
    plan = best.plan;
    flow = best.flows;
    for (const area of areas.values()) if (area.flow) state.get(area.key).items = flow.has(area.blockKey) ? flowItems(area.blockKey) : [];
    // Every area is drawn anew: empty them first, so that reading the headers below lays out an
    // empty sheet, not the old notes at their new sizes.
    for (const area of areas.values()) if (area.list.firstChild && state.get(area.key).items.length) area.list.replaceChildren();
    applyPlan(built, plan, { single: Boolean(m.single), flow });
    // Headers wrap by their width: the boxes as the page has them now, for this plan.
    const boxes = areaBoxes(plan, readMetrics(built, m.single), best.list);
    const fitSizes = Array.from(best.result.values(), (r) => r.size);
    floor = fitSizes.length ? Math.min(...fitSizes) : sizes.max;
    cap = Math.max(sizes.min, Math.round(floor * CALM));
    const pins = new Set(Array.from(state.values(), (x) => x.pin).filter(Boolean));
    for (const area of areas.values()) {
      const s = state.get(area.key);
      s.box = shown(area) ? boxes.get(area.key) || null : null;
      if (!s.box) {
        s.pack = null;
        s.pager.classList.add('is-off');
        s.pin = null; // (taken over by the area that shows the note now, above)
        if (area.flow && area.list.firstChild) area.list.replaceChildren();
        continue;
      }
      s.pack = pack(area, s.box, { min: sizes.min, max: Math.min(sizes.max, cap) });
      s.page = Math.min(s.page, Math.max(0, s.pack.pages.length - 1));
      // A note that just arrived stays in view (its area shows the page it is on now; the
      // note may have come to another area, into or out of a flow).
      const pinned = pins.size ? s.items.findIndex((item) => pins.has(item.note.id)) : -1;
      if (pinned >= 0) {
        const page = s.pack.pages.findIndex((columns) => columns.some((column) => column.includes(pinned)));
        if (page >= 0) { s.page = page; s.pin = s.items[pinned].note.id; }
      }
      draw(area);
    }
    lastMode = JSON.stringify(m);
    built.root.dataset.cycle = String(cycle());
    scheduleVerify();
    if (going) scheduleRefine();
    return started;
  }

  /** The sharing out was cut short (its time is up): go on from there in a later task. */
  function scheduleRefine() {
    window.clearTimeout(refineTimer);
    if (!going || going.rounds >= REFINE_ROUNDS) { going = null; return; }
    refineTimer = window.setTimeout(() => { if (going) arrangeAll(); }, 30);
  }

  /** Draw the current page of one area: its columns, its size, its page indicator. */
  function draw(area) {
    const s = state.get(area.key);
    const { list } = area;
    if (!s.items.length || !s.pack) {
      s.pager.classList.add('is-off');
      area.el.classList.remove('is-paged', 'is-tight');
      delete area.el.dataset.pages;
      const wanted = !s.items.length && area.prompts ? [area.prompts] : [];
      if (list.children.length !== wanted.length || (wanted[0] && list.firstChild !== wanted[0])) list.replaceChildren(...wanted);
      return;
    }
    const { pack: p } = s;
    // Which packing the page drawn belongs to (a note's page is only meaningful within one).
    if (!p.id) { packs += 1; p.id = packs; }
    area.el.dataset.pack = String(p.id);
    if (scrolls(p)) { drawScrolling(area, s, p); return; }
    area.el.classList.remove('is-scrolling');
    s.pager.classList.remove('is-count');
    const size = p.sizes[Math.min(s.page, p.pages.length - 1)] || p.size;
    area.el.classList.toggle('is-tight', Boolean(p.tight && p.tight[Math.min(s.page, p.pages.length - 1)]));
    area.el.style.setProperty('--fs', `${size}px`);
    area.el.dataset.fs = String(size);
    list.style.setProperty('--cols', String(p.pageColumns[Math.min(s.page, p.pages.length - 1)] || p.columns));
    const page = p.pages[Math.min(s.page, p.pages.length - 1)] || [];
    for (const i of page.flat()) if (p.ways && p.ways[i] !== undefined) showTop(s.items[i].el, p.ways[i]);
    const columns = page.map((column) => h('div', { class: 'area__col' }, column.map((i) => s.items[i].el)));
    list.replaceChildren(...columns);
    const paged = p.pages.length > 1;
    s.pager.classList.toggle('is-off', !paged);
    area.el.classList.toggle('is-paged', paged);
    if (paged) {
      s.pager.textContent = `${s.page + 1}/${p.pages.length}`;
      s.pager.title = t('page_of', { n: s.page + 1, total: p.pages.length });
    }
    area.el.dataset.pages = String(p.pages.length);
    area.el.dataset.page = String(s.page + 1);
  }

  /**
   * A reader who scrolls (options.scroll): an area too full for one page shows all its notes at
   * the smallest legible size, as many columns as a page has, each note in the shortest column
   * (reading order goes across, then down); the area scrolls, no page turns.
   */
  function drawScrolling(area, s, p) {
    const size = p.size;
    // (No more columns than notes: two cards take half the width each, not a quarter.)
    const count = Math.min(s.items.length, Math.max(1, ...p.pageColumns.filter(Boolean), p.columns || 1));
    area.el.classList.remove('is-tight');
    area.el.classList.add('is-scrolling');
    area.el.style.setProperty('--fs', `${size}px`);
    area.el.dataset.fs = String(size);
    area.list.style.setProperty('--cols', String(count));
    const columns = Array.from({ length: count }, () => ({ height: 0, items: [] }));
    s.items.forEach((item, i) => {
      if (p.ways && p.ways[i] !== undefined) showTop(item.el, p.ways[i]);
      const shortest = columns.reduce((a, b) => (b.height < a.height ? b : a));
      shortest.items.push(item.el);
      shortest.height += (p.heights && p.heights[i]) || 1;
    });
    area.list.replaceChildren(...columns.map((c) => h('div', { class: 'area__col' }, c.items)));
    // Where a projector says "2/4": how many notes the area holds (more than one sees at once).
    const notes = s.items.reduce((n, item) => n + (item.notes ? item.notes.length : 1), 0);
    s.pager.textContent = tn(area.blockKey === 'coalities' ? 'cards_count' : 'notes_count', notes);
    s.pager.title = '';
    s.pager.classList.remove('is-off');
    s.pager.classList.add('is-count');
    area.el.classList.remove('is-paged');
    area.el.dataset.pages = '1';
    area.el.dataset.page = '1';
  }

  /** Turn the pages: every area with more than one page shows its next one. */
  function turn() {
    if (scroll) return;
    const now = performance.now();
    let turned = false;
    for (const area of areas.values()) {
      const s = state.get(area.key);
      if (!s.pack || !s.box || s.pack.pages.length < 2) continue;
      // A page that was just jumped to (a new note) stays its full time.
      if (now - s.shownAt < interval * 0.75) continue;
      s.page = (s.page + 1) % s.pack.pages.length;
      s.shownAt = now;
      s.pin = null;
      s.refilled = -1;
      draw(area);
      turned = true;
    }
    // Every page drawn is checked once it is on the screen (a wrap otherwise than reckoned).
    if (turned) scheduleVerify();
  }
  const timer = window.setInterval(turn, interval);

  /**
   * After drawing: is the page as the arithmetic said? An area whose box came out otherwise (a
   * header that wraps otherwise) is packed again for the box it has; one whose notes came out
   * taller than measured reckons with a little less height from then on.
   */
  function scheduleVerify() {
    if (verifying) return;
    verifying = window.requestAnimationFrame(() => {
      verifying = 0;
      const sizes = sizesOf(mode().kind);
      const redo = [];
      for (const area of areas.values()) {
        const s = state.get(area.key);
        if (!s.pack || !s.box || !s.items.length) continue;
        const width = area.box.clientWidth;
        const height = area.box.clientHeight;
        // (Not "> 2": a box reckoned without numbers, NaN, is packed again too.)
        let again = !(Math.abs(height - s.box.height) <= 2) || !(Math.abs(width - s.box.width) <= 2);
        if (again) s.box = { width, height };
        // An area that scrolls is taller than its box by design: only its box is checked.
        if (scrolls(s.pack)) {
          if (again) redo.push(area);
          continue;
        }
        // The notes on the screen as they came out: from now on reckoned with exactly (at this
        // column width); if they came out taller than reckoned, the area is packed again.
        // (Not from a page set tight: its notes are shorter than they are set normally.)
        const fs = area.el.classList.contains('is-tight') ? 0 : parseFloat(area.el.dataset.fs) || 0;
        for (const col of fs ? area.list.children : []) {
          const column = col.getBoundingClientRect().width / fs;
          for (const el of col.children) {
            if (el.dataset.id) seen.set(el, { column, height: el.offsetHeight / fs, flow: Boolean(area.flow) });
            else if (el.dataset.cluster) seen.set(el, { column, height: el.offsetHeight / fs, flow: Boolean(area.flow), way: Number(el.dataset.shown) });
          }
        }
        if (area.list.scrollHeight > height) again = true;
        // Notes that came out shorter than reckoned may leave room for a note of a later page:
        // packed again (once per page shown) with their heights as they came out.
        if (!again && fs && s.refilled !== s.page && roomForLater(area, s, height, fs)) {
          again = true;
          s.refilled = s.page;
        }
        if (again) redo.push(area);
      }
      for (const area of redo) {
        const s = state.get(area.key);
        s.pack = pack(area, s.box, { min: sizes.min, max: Math.min(sizes.max, cap) });
        s.page = Math.min(s.page, Math.max(0, s.pack.pages.length - 1));
        // Packed again, a note that just arrived may be on another page now: follow it.
        const pinned = s.pin ? s.items.findIndex((item) => item.note.id === s.pin) : -1;
        const page = pinned < 0 ? -1 : s.pack.pages.findIndex((columns) => columns.some((column) => column.includes(pinned)));
        if (page >= 0) s.page = page;
        draw(area);
      }
      if (redo.length && rounds < 3) { rounds += 1; built.root.dataset.cycle = String(cycle()); scheduleVerify(); } else { rounds = 0; }
    });
  }

  /**
   * Whether a column of the page drawn has room, as it came out, for a note of a later page as
   * the packing reckoned it (a page of as many columns, at the same size): the notes above came
   * out shorter than reckoned (a wrap between two widths measured), and the packing puts every
   * note in the first column with room for it (pack.js paginate).
   */
  function roomForLater(area, s, height, fs) {
    const p = s.pack;
    const index = Math.min(s.page, p.pages.length - 1);
    if (!p.heights) return false;
    const size = (i) => p.sizes[i] || p.size;
    let smallest = Infinity;
    for (let i = index + 1; i < p.pages.length; i += 1) {
      if (p.pageColumns[i] !== p.pageColumns[index] || size(i) !== size(index)) continue;
      for (const j of p.pages[i].flat()) smallest = Math.min(smallest, p.heights[j]);
    }
    if (smallest === Infinity) return false;
    const need = (smallest + GAP) * fs;
    for (const col of area.list.children) {
      const last = col.lastElementChild;
      if (last && height - (last.getBoundingClientRect().bottom - col.getBoundingClientRect().top) >= need) return true;
    }
    return false;
  }

  /** The notes of the areas changed (BoardView); `fresh`: ids of notes that just arrived. */
  function place(next, fresh = new Set()) {
    groups = next;
    const mine = ++generation;
    const elements = [];
    const cards = [];
    const stacks = [];
    for (const [key, items] of next) {
      const area = areas.get(key);
      const sub = area.subareaKey || area.general ? titleOf(area) : '';
      for (const item of items) {
        if (sub && item.el.dataset.sub !== sub) item.el.dataset.sub = sub;
        if (measurer.get(item.el)) continue;
        (item.cluster ? stacks : area.blockKey === 'coalities' ? cards : elements).push(item.el);
      }
    }
    const measureStacks = (els) => measurer.measureShows(els, stackShows, showTop);
    if (elements.length + cards.length + stacks.length * 4 > MEASURE_CHUNK) {
      // Many notes at once (the first state, a reveal): measure them a chunk per task; the
      // notes on the board stay as they are meanwhile. (A stack is measured in up to four ways.)
      const step = () => {
        if (mine !== generation) return;
        measurer.measure(elements.splice(0, MEASURE_CHUNK));
        measurer.measure(cards.splice(0, MEASURE_CHUNK), true);
        measureStacks(stacks.splice(0, MEASURE_CHUNK / 4));
        if (elements.length || cards.length || stacks.length) window.setTimeout(step, 0);
        else window.setTimeout(() => { if (mine === generation) settle(next, fresh); }, 0);
      };
      step();
      return;
    }
    measurer.measure(elements);
    measurer.measure(cards, true);
    measureStacks(stacks);
    settle(next, fresh);
  }

  function settle(next, fresh) {
    const changed = [];
    const update = (key, items) => {
      const s = state.get(key);
      const ids = items.map((item) => item.note.id).join('\n');
      const same = ids === s.ids && items.every((item, i) => s.items[i] && s.items[i].el === item.el);
      s.items = items;
      s.ids = ids;
      if (!same) changed.push(key);
    };
    for (const [key, items] of next) update(key, items);
    for (const area of areas.values()) {
      if (area.flow) update(area.key, flow.has(area.blockKey) ? flowItems(area.blockKey) : []);
    }
    const now = performance.now();
    const everything = !plan || JSON.stringify(mode()) !== lastMode
      || changed.some((key) => areas.get(key).general && !flow.has(areas.get(key).blockKey)
        && !state.get(key).box !== !next.get(key).length);
    if (everything) {
      arrangeAll(true);
    } else if (changed.length) {
      const sizes = sizesOf(mode().kind);
      let replan = false;
      for (const key of changed) {
        const area = areas.get(key);
        const s = state.get(key);
        if (!s.box) continue;
        const before = s.pack;
        s.pack = pack(area, s.box, { min: sizes.min, max: Math.min(sizes.max, cap) });
        // Share out again only when this area is now worse than the sheet as it is: a note too
        // tall for it, text smaller than the rest, or more pages than the longest round.
        if (s.pack.tooTall || s.pack.size < floor || !before || s.pack.pages.length * interval > cycle()) replan = true;
        s.page = Math.min(s.page, Math.max(0, s.pack.pages.length - 1));
        draw(area);
      }
      if (replan && !replanTimer) replanTimer = window.setTimeout(() => arrangeAll(true), REPLAN_MS);
      built.root.dataset.cycle = String(cycle());
      scheduleVerify();
    }
    // A note that just arrived is shown at once, once: its area turns to its page. (After
    // sharing out again every area looks: a block's notes may have gone into one flow.)
    for (const key of everything ? areas.keys() : changed) {
      const s = state.get(key);
      if (!s.pack || !s.box || s.pack.pages.length < 2) continue;
      let last = -1;
      s.items.forEach((item, i) => { if (fresh.has(item.note.id) && !pinnedOnce.has(item.note.id)) last = i; });
      if (last < 0) continue;
      const page = s.pack.pages.findIndex((columns) => columns.some((column) => column.includes(last)));
      if (page >= 0 && page !== s.page) {
        s.page = page;
        draw(areas.get(key));
      }
      s.shownAt = now;
      s.pin = s.items[last].note.id;
      pinnedOnce.add(s.pin);
    }
  }

  /** How long (ms) until every note has been on the screen: the area with most pages. */
  function cycle() {
    let longest = 1;
    for (const s of state.values()) if (s.pack && s.box) longest = Math.max(longest, s.pack.pages.length);
    return longest * interval;
  }

  /** Arrange again from scratch in the next frame (resize, banners, mode). */
  function refit() {
    if (!frame) frame = window.requestAnimationFrame(() => { frame = 0; if (plan) arrangeAll(true); });
  }

  return {
    place,
    refit,
    interval,
    cycle,
    stop() { window.clearInterval(timer); },
  };
}
