// Arranging a whole sheet on one screen (projector, snapshot page). Notes are measured once
// (fit.js), the sheet is shared out by demand (layout.js) and every area is packed as
// arithmetic (pack.js): all its notes whole at the largest size that fits, or, when they do not
// fit at the smallest legible size, in pages that turn by themselves ("2/4"), so that every note
// is shown whole within one round. A new note costs its own measurement and the packing of its
// own area; the whole sheet is shared out again only when that area no longer fits well (and then
// once for a burst of notes).
import { t } from './boot.js';
import { h } from './dom.js';
import { Measurer } from './fit.js';
import { packArea, demandOf, NOTE_WIDTHS, CARD_WIDTHS } from './pack.js';
import { distribute, applyPlan, readMetrics, groupsFor, better, areaBoxes } from './layout.js';

/** How long a page of an area stays (ms). ?page_ms= (at least 300) shortens it, e.g. for tests. */
export const PAGE_MS = 10000;
const CALM = 1.3;          // no area's text more than this times the smallest text on the sheet
const REPLAN_MS = 1500;    // a note that needs more room: the sheet is shared out again after this
const MEASURE_CHUNK = 60;  // notes measured per task at the start (keeps tasks short)

export function pageInterval() {
  const asked = Number(new URLSearchParams(window.location.search).get('page_ms'));
  return Number.isFinite(asked) && asked >= 300 ? asked : PAGE_MS;
}

/**
 * Font sizes by the screen's height: legible is 2.2 % of it (24 px at 1080, 16 at 720); with
 * room the text grows to 3.6 %. A block in focus gets larger text, a spotlit block larger still.
 */
export function screenSizes(kind = 'sheet', height = window.innerHeight) {
  const of = (share) => Math.max(12, Math.round(height * share));
  if (kind === 'focus') return { min: Math.ceil(height * 0.03), max: of(0.05) };
  if (kind === 'spot') return { min: Math.ceil(height * 0.034), max: of(0.065) };
  return { min: Math.ceil(height * 0.022), max: of(0.036) };
}


/**
 * Returns {place, refit, stop} for a sheet built by buildSheet(). `place(groups, fresh)` is
 * BoardView's: the notes of each area (Map key → [{note, el}], in order) and the ids that just
 * arrived. options.mode() → {single: block key or null, kind: 'sheet' | 'focus' | 'spot'};
 * options.interval: ms a page stays; options.onArranged(): after each arrangement.
 */
export function sheetArranger(built, options = {}) {
  const mode = options.mode || (() => ({ single: null, kind: 'sheet' }));
  const interval = options.interval || pageInterval();
  const measurer = new Measurer(built.root);
  const areas = built.areas;
  const state = new Map(Array.from(areas.keys(), (key) => [key, {
    items: [], ids: '', pack: null, page: 0, shownAt: 0, box: null, pager: null, stretch: 1,
  }]));
  let groups = new Map(Array.from(areas.keys(), (key) => [key, []]));
  let plan = null;
  let cap = Infinity;      // the largest size any area may have (calm)
  let floor = 0;           // the smallest size on the sheet
  let lastMode = '';
  let replanTimer = 0;
  let frame = 0;
  let generation = 0;
  let verifying = 0;
  let grouped = new Map(); // block key → [[area keys]]: blocks that show a group at a time
  const group = new Map(); // block key → the index of the group shown
  const groupTicks = new Map();
  const away = (area) => area.el.classList.contains('is-away');
  let rounds = 0;          // arrangements in a row that the page corrected

  // The page indicator ("2/4") goes in the area's title, or for a block of one area in the
  // block's header: beside the notes, never over them.
  for (const [key, area] of areas) {
    // Always there (invisible on an area of one page), so that headers do not wrap otherwise.
    const pager = h('span', { class: 'area__pager is-off' });
    const title = area.el.querySelector(':scope > .area__title');
    const head = area.el.closest('[data-block]').querySelector('.block__head');
    (title || head).appendChild(pager);
    state.get(key).pager = pager;
  }

  const widthsOf = (area) => (area.blockKey === 'coalities' ? CARD_WIDTHS : NOTE_WIDTHS);
  const shown = (area) => {
    const m = mode();
    if (m.single && area.blockKey !== m.single) return false;
    return !(area.general && !groups.get(area.key).length);
  };
  const measured = (items) => items.map((item) => ({ heights: measurer.get(item.el) || [] }));

  function pack(area, box, sizes) {
    const s = state.get(area.key);
    const notes = measured(s.items);
    // An area that turned out taller than its arithmetic gets a little less height (see verify).
    return packArea(notes, widthsOf(area), box.width, box.height / s.stretch, sizes);
  }

  /** Share out the sheet and pack every area (arithmetic), then draw. */
  function arrangeAll(correcting = false) {
    if (!correcting) rounds = 0;
    window.clearTimeout(replanTimer);
    replanTimer = 0;
    const m = mode();
    const sizes = screenSizes(m.kind);
    const list = Array.from(areas.values()).filter(shown);
    const metrics = readMetrics(built, m.single);
    const demand = new Map();
    let total = 0;
    for (const area of list) {
      const d = measured(state.get(area.key).items).reduce((sum, n) => sum + demandOf(n, widthsOf(area)), 0);
      demand.set(area.key, d);
      total += d;
    }
    const room = Math.max(1, (metrics.single ? metrics.single.width * metrics.single.height : metrics.width * metrics.height));
    const fill = (total * sizes.max * sizes.max) / room;
    const evaluate = (boxes) => {
      const result = new Map();
      for (const area of list) {
        if (!state.get(area.key).items.length) continue;
        const box = boxes.get(area.key);
        if (!box) continue;
        const p = pack(area, box, sizes);
        result.set(area.key, { size: p.size, pages: Math.max(1, p.pages.length), tooTall: p.tooTall || 0, tallCount: p.tallCount || 0 });
      }
      return result;
    };
    // All sub-areas at once if every note fits its area at a legible size; else the blocks with
    // sub-areas show them a group at a time (Identiteit first, then Organisatie too).
    let best = distribute(list, demand, metrics, evaluate, { fill });
    for (const [which, single] of [[['identiteit'], false], [['identiteit', 'organisatie'], false], [['identiteit', 'organisatie'], true]]) {
      if (!best.score.tooTall) break;
      if (m.single && !which.includes(m.single)) continue;
      const groups = groupsFor(list, which, single);
      const tried = distribute(list, demand, metrics, evaluate, { fill, groups });
      if (better(tried.score, best.score)) best = Object.assign(tried, { groups });
    }
    plan = best.plan;
    grouped = best.groups || new Map();
    for (const key of Array.from(group.keys())) if (!grouped.has(key)) group.delete(key);
    for (const [key, list2] of grouped) group.set(key, Math.min(group.get(key) || 0, list2.length - 1));
    applyPlan(built, plan, { single: Boolean(m.single), group });
    for (const blockKey of ['identiteit', 'organisatie']) showGroupBar(blockKey);
    // Headers wrap by their width: the boxes as the page has them now, for this plan.
    const boxes = areaBoxes(plan, readMetrics(built, m.single), list);
    const fitSizes = Array.from(best.result.values(), (r) => r.size);
    floor = fitSizes.length ? Math.min(...fitSizes) : sizes.max;
    cap = Math.max(sizes.min, Math.round(floor * CALM));
    for (const area of areas.values()) {
      const s = state.get(area.key);
      s.box = shown(area) ? boxes.get(area.key) || null : null;
      if (!s.box) { s.pack = null; continue; }
      s.pack = pack(area, s.box, { min: sizes.min, max: Math.min(sizes.max, cap) });
      s.page = Math.min(s.page, Math.max(0, s.pack.pages.length - 1));
      area.el.dataset.box = `${Math.round(s.box.width)}x${Math.round(s.box.height)}`;
      draw(area);
    }
    built.root.dataset.plan = JSON.stringify({ plan, metrics, score: best.score });
    lastMode = JSON.stringify(m);
    built.root.dataset.cycle = String(cycle());
    if (options.onArranged) options.onArranged();
    scheduleVerify();
  }

  /** Draw the current page of one area: its columns, its size, its page indicator. */
  function draw(area) {
    const s = state.get(area.key);
    const { list } = area;
    if (!s.items.length || !s.pack) {
      s.pager.classList.add('is-off');
      const wanted = !s.items.length && area.prompts ? [area.prompts] : [];
      if (list.children.length !== wanted.length || (wanted[0] && list.firstChild !== wanted[0])) list.replaceChildren(...wanted);
      if (s.pack === null && !s.items.length) area.el.style.removeProperty('--fs');
      return;
    }
    const { pack: p } = s;
    const size = p.sizes[Math.min(s.page, p.pages.length - 1)] || p.size;
    area.el.style.setProperty('--fs', `${size}px`);
    area.el.dataset.fs = String(size);
    list.style.setProperty('--cols', String(p.columns));
    const page = p.pages[Math.min(s.page, p.pages.length - 1)] || [];
    const columns = page.map((column) => h('div', { class: 'area__col' }, column.map((i) => s.items[i].el)));
    for (const item of s.items) item.el.dataset.h = (measurer.get(item.el) || []).map((x) => x.toFixed(2)).join(',');
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
   * In the header of a block that shows a group at a time: its groups by the titles of their
   * sub-areas, the one shown marked ("PASSIE · AMBITIE | POSITIE · STIJL").
   */
  const groupBars = new Map();
  function showGroupBar(blockKey) {
    const section = built.root.querySelector(`[data-block="${blockKey}"]`);
    let bar = groupBars.get(blockKey);
    const groups = grouped.get(blockKey);
    if (!groups) { if (bar) bar.hidden = true; return; }
    if (!bar) {
      bar = h('p', { class: 'block__groups' });
      section.insertBefore(bar, section.querySelector(':scope > .block__body'));
      groupBars.set(blockKey, bar);
    }
    bar.hidden = false;
    const title = (key) => {
      const t2 = areas.get(key).el.querySelector(':scope > .area__title');
      return t2 ? t2.firstChild.textContent : '';
    };
    const current = group.get(blockKey) || 0;
    bar.replaceChildren(...groups.map((keys, i) => h('span', {
      class: `block__group${i === current ? ' is-current' : ''}`,
      text: keys.map(title).join(' · '),
    })));
  }

  /** The group of `blockKey` shown now; `index`: show that one (its areas from their first page). */
  function showGroup(blockKey, index) {
    group.set(blockKey, index);
    groupTicks.set(blockKey, 0);
    applyPlan(built, plan, { single: Boolean(mode().single), group });
    showGroupBar(blockKey);
    for (const key of grouped.get(blockKey)[index]) {
      const s = state.get(key);
      s.page = 0;
      s.shownAt = performance.now();
      draw(areas.get(key));
    }
  }

  /** Turn the pages: every area with more than one page shows its next one. */
  function turn() {
    const now = performance.now();
    // A block showing its sub-areas a group at a time goes on to the next group once the
    // group's areas have shown all their pages.
    for (const [blockKey, groups] of grouped) {
      const index = group.get(blockKey) || 0;
      const ticks = (groupTicks.get(blockKey) || 0) + 1;
      const longest = Math.max(1, ...groups[index].map((key) => (state.get(key).pack ? state.get(key).pack.pages.length : 1)));
      if (ticks >= longest) showGroup(blockKey, (index + 1) % groups.length);
      else groupTicks.set(blockKey, ticks);
    }
    for (const area of areas.values()) {
      const s = state.get(area.key);
      if (!s.pack || s.pack.pages.length < 2 || away(area)) continue;
      // A page that was just jumped to (a new note) stays its full time.
      if (now - s.shownAt < interval * 0.75) continue;
      s.page = (s.page + 1) % s.pack.pages.length;
      s.shownAt = now;
      draw(area);
    }
  }
  const timer = window.setInterval(turn, interval);

  /** After drawing: an area whose notes are taller than the arithmetic said gets less height. */
  function scheduleVerify() {
    if (verifying) return;
    verifying = window.requestAnimationFrame(() => {
      verifying = 0;
      let again = false;
      for (const area of areas.values()) {
        const s = state.get(area.key);
        if (!s.pack || !s.box || away(area)) continue;
        // The page differs from the arithmetic (a header that wraps otherwise, a page indicator
        // that came or went): share out again with what the page says now.
        if (Math.abs(area.box.clientHeight - s.box.height) > 2 || Math.abs(area.box.clientWidth - s.box.width) > 2) again = true;
        if (!s.items.length) continue;
        const over = area.list.scrollHeight - area.box.clientHeight;
        if (over > 1 && s.stretch < 1.5) {
          s.stretch *= Math.min(1.2, 1 + over / Math.max(1, area.box.clientHeight) + 0.02);
          again = true;
        }
      }
      if (again && rounds < 3) { rounds += 1; arrangeAll(true); } else { rounds = 0; }
    });
  }

  /** The notes of the areas changed (BoardView); `fresh`: ids of notes that just arrived. */
  function place(next, fresh = new Set()) {
    groups = next;
    const mine = ++generation;
    const elements = [];
    const cards = [];
    for (const [key, items] of next) {
      for (const item of items) {
        if (measurer.get(item.el)) continue;
        (areas.get(key).blockKey === 'coalities' ? cards : elements).push(item.el);
      }
    }
    const pending = elements.length + cards.length;
    if (pending > MEASURE_CHUNK) {
      // Many notes at once (the first state, a reveal): measure them a chunk per task.
      const step = () => {
        if (mine !== generation) return;
        measurer.measure(elements.splice(0, MEASURE_CHUNK));
        measurer.measure(cards.splice(0, MEASURE_CHUNK), true);
        if (elements.length || cards.length) window.setTimeout(step, 0);
        else window.setTimeout(() => { if (mine === generation) settle(next, fresh); }, 0);
      };
      step();
      return;
    }
    measurer.measure(elements);
    measurer.measure(cards, true);
    settle(next, fresh);
  }

  function settle(next, fresh) {
    const changed = [];
    for (const [key, items] of next) {
      const s = state.get(key);
      const ids = items.map((item) => item.note.id).join('\n');
      const els = items.map((item) => item.el);
      const same = ids === s.ids && els.every((el, i) => s.items[i] && s.items[i].el === el);
      s.items = items;
      s.ids = ids;
      if (!same) changed.push(key);
    }
    const now = performance.now();
    const everything = !plan || JSON.stringify(mode()) !== lastMode
      || changed.some((key) => areas.get(key).general && !state.get(key).box !== !next.get(key).length);
    if (everything) {
      arrangeAll();
    } else if (changed.length) {
      const sizes = screenSizes(mode().kind);
      let replan = false;
      for (const key of changed) {
        const area = areas.get(key);
        const s = state.get(key);
        if (!s.box) continue;
        const before = s.pack;
        s.pack = pack(area, s.box, { min: sizes.min, max: Math.min(sizes.max, cap) });
        // Worse than the sheet can do: smaller than the rest, or pages where it had none.
        if (s.pack.size < floor || (s.pack.pages.length > 1 && (!before || before.pages.length <= 1))
            || (!before || s.pack.pages.length > before.pages.length)) replan = true;
        s.page = Math.min(s.page, Math.max(0, s.pack.pages.length - 1));
        draw(area);
      }
      if (replan && !replanTimer) replanTimer = window.setTimeout(arrangeAll, REPLAN_MS);
      scheduleVerify();
    }
    // A note that just arrived is shown at once: its area turns to its page.
    for (const key of changed) {
      const s = state.get(key);
      if (!s.pack || s.pack.pages.length < 2) continue;
      const index = s.items.findIndex((item) => fresh.has(item.note.id));
      if (index < 0) continue;
      let last = index;
      s.items.forEach((item, i) => { if (fresh.has(item.note.id)) last = i; });
      const page = s.pack.pages.findIndex((columns) => columns.some((column) => column.includes(last)));
      if (page >= 0 && page !== s.page) {
        s.page = page;
        draw(areas.get(key));
      }
      s.shownAt = now;
    }
    // A note that arrives in a group not shown: its group comes forward.
    for (const key of changed) {
      const area = areas.get(key);
      const groups = grouped.get(area.blockKey);
      if (!groups || !state.get(key).items.some((item) => fresh.has(item.note.id))) continue;
      const index = groups.findIndex((g) => g.includes(key));
      if (index >= 0 && index !== group.get(area.blockKey)) {
        const page = state.get(key).page;
        showGroup(area.blockKey, index);
        state.get(key).page = page;
        draw(area);
      }
    }
  }

  /**
   * How long (ms) until every note has been on the screen: the longest area (or, for a block
   * that shows a group at a time, the sum over its groups of their longest area) times a page.
   */
  function cycle() {
    let longest = 1;
    const pagesOf = (key) => (state.get(key).pack ? Math.max(1, state.get(key).pack.pages.length) : 1);
    for (const area of areas.values()) {
      if (!grouped.has(area.blockKey)) longest = Math.max(longest, pagesOf(area.key));
    }
    for (const groups of grouped.values()) {
      longest = Math.max(longest, groups.reduce((sum, g) => sum + Math.max(1, ...g.map(pagesOf)), 0));
    }
    return longest * interval;
  }

  /** Arrange again from scratch in the next frame (resize, banners, mode). */
  function refit() {
    if (!frame) frame = window.requestAnimationFrame(() => { frame = 0; if (plan || groups.size) arrangeAll(); });
  }

  /** Where a note is: {area, page (0-based), pages}, or null. */
  function whereIs(id) {
    for (const [key, s] of state) {
      const index = s.items.findIndex((item) => item.note.id === id);
      if (index >= 0 && s.pack) {
        const page = s.pack.pages.findIndex((columns) => columns.some((column) => column.includes(index)));
        return { area: key, page, pages: s.pack.pages.length };
      }
    }
    return null;
  }

  return {
    place,
    refit,
    whereIs,
    interval,
    cycle,
    stop() { window.clearInterval(timer); },
  };
}
