// Building the canvas: sticky notes, coalition cards, the sheet layout and a list layout, and a
// renderer that keeps them in step with a NoteStore.
import { h } from './dom.js';
import { icon } from './icons.js';
import { hyphenate, hyphenationReady } from './hyphenate.js';
import {
  boot, lang, t, tn, method, blocks, blockByKey, colorHex, werkvormByKey, COALITION_BLOCK, guidingQuestions,
} from './boot.js';

/** User text as it should wrap (soft hyphens, no-break spaces), in the workshop's language: still text. */
const wrapping = (text) => hyphenate(text, boot.language || lang);

/** The area a note belongs in: "block" or "block:subarea" ("block:" for the general area). */
export function areaKeyOf(note) {
  const block = blockByKey.get(note.block);
  if (!block) return null;
  if (block.subareas.length) {
    const known = note.subarea && block.subareas.some((s) => s.key === note.subarea);
    return `${block.key}:${known ? note.subarea : ''}`;
  }
  return block.key;
}

function tilt(id) {
  let hash = 0;
  for (let i = 0; i < id.length; i += 1) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return `tilt-${Math.abs(hash) % 5}`;
}

function actionButtons(actions) {
  if (!actions || !actions.length) return null;
  return h('div', { class: 'note__actions' }, actions.map((action) => h('button', {
    type: 'button',
    class: `note__action note__action--${action.kind || 'default'}${(action.label && action.showLabel) || action.text ? ' has-label' : ''}`,
    title: action.label,
    'aria-label': action.label,
    on: { click: (event) => { event.stopPropagation(); action.onClick(); } },
  }, action.icon ? icon(action.icon, 18) : null, action.showLabel ? h('span', { text: action.label }) : null,
  // A short word beside the icon where its meaning is not obvious (the label stays the tooltip).
  action.text && !action.showLabel ? h('span', { class: 'note__action-text', text: action.text }) : null)));
}

function meta(note, { mine, showAuthor, actions, labels }) {
  const author = showAuthor && note.author ? note.author : '';
  const buttons = actionButtons(actions);
  const tags = (labels || []).filter(Boolean);
  if (!author && !mine && !buttons && !tags.length) return null;
  return h('footer', { class: 'note__meta' },
    author ? h('span', { class: 'note__author', text: author }) : null,
    mine ? h('span', { class: 'note__mine', text: t('my_note') }) : null,
    tags.map((label) => h('span', { class: 'note__label', text: label })),
    buttons);
}

/** The vote count as a round "dot sticker" in the note's corner (only when it has votes). */
function dots(note, options) {
  const n = Number(note.votes) || 0;
  if (!options.dots || n <= 0) return null;
  return h('span', { class: 'note__dots', title: tn('votes_count', n) },
    h('span', { 'aria-hidden': 'true', text: String(n) }),
    h('span', { class: 'visually-hidden', text: tn('votes_count', n) }));
}

function extra(options) {
  return (typeof options.extra === 'function' ? options.extra() : options.extra) || null;
}

function noteClasses(base, note, options, extra = '') {
  const n = Number(note.votes) || 0;
  return `${base}${options.mine ? ' is-mine' : ''}${extra}${options.dots && n > 0 ? ' has-dots' : ''}`
    + `${options.classes ? ` ${options.classes}` : ''}`;
}

/**
 * A sticky note (or, in Coalities, a coalition card) for `note`.
 * options: mine, showAuthor, actions [{label, icon, kind, showLabel, text, onClick}], tilted,
 * dots (show the vote count), labels [text], classes (extra classes), extra (an element, or a
 * function making one, added at the end)
 */
export function noteElement(note, options = {}) {
  if (note.block === COALITION_BLOCK) return coalitionElement(note, options);
  const { tilted = true } = options;
  return h('article', {
    class: noteClasses('note', note, options, tilted ? ` ${tilt(note.id)}` : ''),
    dataset: { id: note.id, color: note.color || '', votes: String(Number(note.votes) || 0) },
    style: { '--paper': colorHex(note.color) },
  },
  dots(note, options),
  agreementBadge(note),
  h('p', { class: 'note__text', text: wrapping(note.text) }),
  meta(note, options),
  extra(options));
}

/** "✓ Afspraak" on a note the facilitator marked as an agreement (an icon and a word). */
function agreementBadge(note) {
  if (!note.agreement) return null;
  return h('p', { class: 'note__agreement' },
    h('span', { class: 'note__agreement-icon', 'aria-hidden': 'true' }, icon('check', 14)),
    h('span', { text: t('agreement_badge') }));
}

/** A card's commitment (trekker, first step, date), the fields that are set; null if none. */
function commitmentElement(coalition) {
  const rows = (method.commitment_fields || [])
    .filter((field) => (coalition[field.key] || '').trim())
    .map((field) => h('div', { class: `ccard__field ccard__field--${field.key}` },
      h('dt', { text: field.title }),
      h('dd', { text: field.key === 'datum' ? longDate(coalition.datum) : wrapping(coalition[field.key]) })));
  return rows.length ? h('dl', { class: 'ccard__fields ccard__commitment' }, rows) : null;
}

/** '15 mrt. 2027' from '2027-03-15', in the page's language (the value itself if no date). */
export function longDate(value) {
  const [y, m, d] = String(value).split('-').map(Number);
  if (!y || !m || !d) return String(value);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A coalition card: name, werkvorm and the labelled fields (empty fields are left out). */
export function coalitionElement(note, options = {}) {
  const coalition = note.coalition || {};
  const werkvorm = coalition.werkvorm ? werkvormByKey.get(coalition.werkvorm) : null;
  const fields = (method.coalition_fields || [])
    .filter((field) => (coalition[field.key] || '').trim())
    .map((field) => h('div', { class: 'ccard__field' },
      h('dt', { text: field.title }),
      h('dd', { text: wrapping(coalition[field.key]) })));
  return h('article', {
    class: noteClasses('ccard', note, options),
    dataset: { id: note.id, color: note.color || '', votes: String(Number(note.votes) || 0) },
    style: { '--paper': colorHex(note.color) },
  },
  dots(note, options),
  agreementBadge(note),
  h('header', { class: 'ccard__head' },
    werkvorm ? h('p', { class: 'ccard__werkvorm', text: werkvorm.title }) : null,
    h('h3', { class: 'ccard__name', text: wrapping(note.text) })),
  fields.length ? h('dl', { class: 'ccard__fields' }, fields) : null,
  commitmentElement(coalition),
  meta(note, options),
  extra(options));
}

/**
 * A cluster as a stack: its title (or, without one, its first note's text), how many notes it
 * holds, its votes, and its notes (`noteEls`, in the cluster's order).
 * options: top (show only the first `top` notes; the count says how many there are), collapsed
 * (only the head, with a button to open it; `onToggle(open)` is told), actions [{label, icon,
 * kind, onClick}] in the head, dots (show the score), score (the votes of the cluster and its
 * notes), classes, extra
 */
export function clusterElement(cluster, notes, noteEls, options = {}) {
  const { top = null, collapsed = false, score = 0 } = options;
  const shown = top !== null && top >= 0 ? noteEls.slice(0, top) : noteEls;
  const rest = noteEls.length - shown.length;
  const first = notes[0];
  const titled = Boolean(cluster.title);
  const bodyId = `cluster-${cluster.id}-notes`;
  const title = h('h4', { class: `cluster__title${titled ? '' : ' is-untitled'}`,
    text: wrapping(titled ? cluster.title : (first ? first.text : '')) });
  const count = h('span', { class: 'cluster__count', title: tn('block_count', notes.length) },
    h('span', { 'aria-hidden': 'true', text: String(notes.length) }),
    h('span', { class: 'visually-hidden', text: tn('block_count', notes.length) }));
  const votes = options.dots && score > 0 ? h('span', { class: 'cluster__dots', title: tn('votes_count', score) },
    h('span', { 'aria-hidden': 'true', text: String(score) }),
    h('span', { class: 'visually-hidden', text: tn('votes_count', score) })) : null;
  const toggle = options.onToggle ? h('button', {
    type: 'button', class: 'cluster__toggle', 'aria-expanded': collapsed ? 'false' : 'true', 'aria-controls': bodyId,
    on: { click: (event) => { event.stopPropagation(); options.onToggle(collapsed); } },
  }, title, count, icon('chevron', 20)) : null;
  const head = h('header', { class: 'cluster__head' },
    toggle || [title, count], votes, actionButtons(options.actions));
  const body = collapsed ? null : h('div', { class: 'cluster__notes', id: bodyId }, shown,
    rest > 0 ? h('p', { class: 'cluster__more', text: tn('cluster_more', rest) }) : null);
  return h('section', {
    class: `cluster${collapsed ? ' is-collapsed' : ''}${options.dots && score > 0 ? ' has-dots' : ''}`
      + `${options.classes ? ` ${options.classes}` : ''}`,
    dataset: { cluster: cluster.id, count: String(notes.length), votes: String(score) },
    style: { '--paper': colorHex(first ? first.color : '') },
    'aria-label': `${t('cluster')}: ${titled ? cluster.title : (first ? first.text : '')}`,
  }, head, body, extra(options));
}

function prompts(blockKey, subareaKey) {
  const block = blockByKey.get(blockKey);
  let questions = guidingQuestions(blockKey, subareaKey);
  if (!questions.length && block) questions = [block.about];
  // Hyphenated like the notes where the page has the patterns (the sheets import them at their
  // start): a narrow sub-area wraps "gemeenschappelijke" instead of cutting it. (Not a reason to
  // load them: the phone's list shows no prompts, and an empty workshop needs no patterns.)
  const wrap = hyphenationReady() ? wrapping : (q) => q;
  return h('ul', { class: 'area__prompts' }, questions.map((q) => h('li', { text: wrap(q) })));
}

function area(blockKey, subarea, { general = false, flow = false } = {}) {
  let key = subarea ? `${blockKey}:${subarea.key}` : (general ? `${blockKey}:` : blockKey);
  if (flow) key = `${blockKey}:*`;
  const list = h('div', { class: 'area__notes' });
  const box = h('div', { class: 'area__box' }, list);
  const el = h('div', {
    class: `area${subarea ? ' area--sub' : ''}${general ? ' area--general' : ''}${flow ? ' area--flow' : ''}`,
    dataset: { area: key },
  },
  subarea || general ? h('h3', { class: 'area__title', text: subarea ? subarea.title : t('subarea_any') }) : null,
  box);
  return { key, el, box, list, blockKey, subareaKey: subarea ? subarea.key : null, general, flow,
    prompts: general || flow ? null : prompts(blockKey, subarea ? subarea.key : null) };
}

/**
 * The sheet: coalities on top, spelregels | identiteit | regie, organisatie along the bottom.
 * Returns {root, areas: Map(key -> area)}. A block with sub-areas also has a "flow" area
 * ("block:*", hidden but on a full projector: arrange.js) that holds no notes of its own.
 */
export function buildSheet(root) {
  const areas = new Map();
  root.classList.add('sheet');
  root.replaceChildren();
  for (const block of blocks) {
    const body = h('div', { class: 'block__body' });
    if (block.subareas.length) {
      body.classList.add(`block__body--${block.key === 'identiteit' ? 'quad' : 'row'}`);
      for (const sub of block.subareas) {
        const a = area(block.key, sub);
        areas.set(a.key, a);
        body.appendChild(a.el);
      }
      const general = area(block.key, null, { general: true });
      areas.set(general.key, general);
      body.appendChild(general.el);
      // The whole block as one flow of notes, sub-area after sub-area (a full projector).
      const flow = area(block.key, null, { flow: true });
      areas.set(flow.key, flow);
      body.appendChild(flow.el);
    } else {
      const a = area(block.key, null);
      areas.set(a.key, a);
      body.appendChild(a.el);
    }
    root.appendChild(h('section', { class: `block block--${block.key}`, dataset: { block: block.key },
      'aria-label': block.title },
    h('header', { class: 'block__head' },
      h('h2', { class: 'block__title', text: block.title }),
      h('p', { class: 'block__question', text: block.question })),
    body));
  }
  return { root, areas };
}

/**
 * The canvas as a vertical list of the five blocks (phones). Sub-areas get their own heading;
 * returns {root, areas} like buildSheet. With `collapsible`, each block's title is a button that
 * folds its notes away (aria-expanded; the page keeps the state) and shows how many it holds.
 */
export function buildList(root, { collapsible = false } = {}) {
  const areas = new Map();
  root.classList.add('clist');
  root.replaceChildren();
  for (const block of blocks) {
    const bodyId = `${root.id || 'clist'}-${block.key}`;
    const title = collapsible
      ? h('h3', { class: 'lblock__title' },
        h('button', { type: 'button', class: 'lblock__toggle', 'aria-expanded': 'true', 'aria-controls': bodyId },
          h('span', { class: 'lblock__name', text: block.title }),
          h('span', { class: 'lblock__count', 'aria-hidden': 'true', text: '0' }),
          h('span', { class: 'visually-hidden lblock__count-text', text: tn('block_count', 0) }),
          icon('chevron', 22)))
      : h('h3', { class: 'lblock__title', text: block.title });
    const body = h('div', { class: 'lblock__body', id: bodyId });
    const section = h('section', { class: `lblock lblock--${block.key}`, dataset: { block: block.key },
      id: `${bodyId}-block`, 'aria-label': block.title },
    h('header', { class: 'lblock__head' }, title, h('p', { class: 'lblock__question', text: block.question })),
    body);
    const groups = block.subareas.length
      ? [...block.subareas.map((s) => area(block.key, s)), area(block.key, null, { general: true })]
      : [area(block.key, null)];
    for (const a of groups) {
      a.prompts = null;
      areas.set(a.key, a);
      body.appendChild(a.el);
    }
    body.appendChild(h('p', { class: 'lblock__empty', text: t('empty_block') }));
    root.appendChild(section);
  }
  return { root, areas };
}

/**
 * Keeps a built sheet or list in step with a store.
 * options: filter(note) → bool, decorate(note) → options for noteElement, showPrompts,
 * onRendered(view) after every render (e.g. to fit), animate (highlight live arrivals),
 * sort: null or a comparator of two notes (per area; ties keep the oldest first),
 * place(groups, fresh): instead of putting every note in its area, hand the notes of each area
 * (Map key → [{note, el}], in order) and the ids that just arrived to an arranger (projector).
 * clusters (default true): a cluster's notes are shown together as one stack, an entry
 * {note (its first), cluster, notes, score, el} in the place of its first note;
 * decorateCluster(cluster, notes) → options for clusterElement (its `signature` says when to
 * rebuild the stack).
 */
export class BoardView {
  constructor(built, store, options = {}) {
    this.root = built.root;
    this.areas = built.areas;
    this.store = store;
    this.options = Object.assign({ filter: null, decorate: () => ({}), showPrompts: false, animate: true, delay: 0,
      sort: null, place: null, clusters: true, decorateCluster: () => ({}) }, options);
    this.stacks = new Map();  // cluster id -> {el, signature}
    this.cache = new Map();   // id -> {note, el, signature}
    this.fresh = new Set();
    this.ready = false;
    this.frame = 0;
    store.subscribe((change) => {
      if (change.type === 'presence' || change.type === 'participants') return;
      if (this.ready && this.options.animate && (change.type === 'added' || change.type === 'updated')
          && (change.type === 'added' || change.previous?.text !== change.note?.text
          || change.previous?.block !== change.note?.block)) this.fresh.add(change.id);
      if (this.ready && this.options.animate && change.type === 'revealed') {
        for (const id of change.ids || []) this.fresh.add(id);
      }
      this.schedule();
    });
  }

  /** Render in the next frame; with options.delay, at most once per that many ms (bursts). */
  schedule() {
    if (this.frame) return;
    const frame = () => window.requestAnimationFrame(() => { this.frame = 0; this.render(); });
    if (this.options.delay && this.ready) this.frame = window.setTimeout(frame, this.options.delay);
    else this.frame = frame();
  }

  /**
   * Gather the notes of each cluster into one stack entry {note (its first), cluster, notes,
   * score, el}, in the place of its first note; notes of no cluster stay as they are.
   */
  stack(groups) {
    const { decorateCluster } = this.options;
    const kept = new Set();
    for (const [key, entries] of groups) {
      const byCluster = new Map();
      for (const entry of entries) {
        const cluster = this.store.clusterOf(entry.note.id);
        if (!cluster) continue;
        if (!byCluster.has(cluster.id)) byCluster.set(cluster.id, { cluster, members: new Map() });
        byCluster.get(cluster.id).members.set(entry.note.id, entry);
      }
      if (!byCluster.size) continue;
      const result = [];
      const placed = new Set();
      for (const entry of entries) {
        const cluster = this.store.clusterOf(entry.note.id);
        if (!cluster) { result.push(entry); continue; }
        if (placed.has(cluster.id)) continue;
        placed.add(cluster.id);
        const { members } = byCluster.get(cluster.id);
        const inOrder = cluster.note_ids.filter((id) => members.has(id)).map((id) => members.get(id));
        const notes = inOrder.map((e) => e.note);
        const score = this.store.clusterScore(cluster);
        const opts = decorateCluster(cluster, notes) || {};
        const signature = `${cluster.title}|${cluster.votes || 0}|${score}|${opts.signature || ''}|`
          + inOrder.map((e) => this.cache.get(e.note.id)?.signature || e.note.id).join('/');
        let stack = this.stacks.get(cluster.id);
        const els = inOrder.map((e) => e.el);
        if (!stack || stack.signature !== signature || els.some((el, i) => stack.els[i] !== el)) {
          stack = { el: clusterElement(cluster, notes, els, Object.assign({ score }, opts)), signature, els };
          this.stacks.set(cluster.id, stack);
        }
        kept.add(cluster.id);
        result.push({ note: notes[0], cluster, notes, score, el: stack.el });
      }
      groups.set(key, result);
    }
    for (const id of this.stacks.keys()) if (!kept.has(id)) this.stacks.delete(id);
  }

  /** Force a full rebuild of every element (e.g. when who-is-me or show_authors changed). */
  refresh() {
    this.stacks.clear();
    this.cache.clear();
    this.schedule();
  }

  render() {
    const { filter, decorate, showPrompts } = this.options;
    const groups = new Map(Array.from(this.areas.keys(), (key) => [key, []]));
    const seen = new Set();
    const fresh = new Set();
    for (const note of this.store.notes.values()) {
      if (filter && !filter(note)) continue;
      const key = areaKeyOf(note);
      if (!groups.has(key)) continue;
      const opts = decorate(note) || {};
      const signature = `${note.version}|${note.updated_at}|${note.votes || 0}|${note.hidden ? 'h' : ''}`
        + `|${note.author || ''}|${opts.signature || ''}`;
      let entry = this.cache.get(note.id);
      if (!entry || entry.signature !== signature) {
        entry = { el: noteElement(note, opts), signature };
        this.cache.set(note.id, entry);
      }
      if (this.fresh.has(note.id)) {
        const el = entry.el;
        el.classList.remove('is-new');
        if (el.isConnected) void el.offsetWidth; // restart the animation
        el.classList.add('is-new');
        el.addEventListener('animationend', () => el.classList.remove('is-new'), { once: true });
        fresh.add(note.id);
      }
      seen.add(note.id);
      groups.get(key).push({ note, el: entry.el });
    }
    this.fresh.clear();
    if (this.options.clusters) this.stack(groups);
    const { sort } = this.options;
    // A stack sorts as its first note would with the score of the whole cluster.
    const sortKey = (entry) => (entry.cluster ? Object.assign({}, entry.note, { votes: entry.score }) : entry.note);
    if (sort) for (const list of groups.values()) list.sort((a, b) => sort(sortKey(a), sortKey(b)));
    for (const id of this.cache.keys()) if (!seen.has(id)) this.cache.delete(id);

    for (const [key, entries] of groups) {
      const elements = entries.map((entry) => entry.el);
      const a = this.areas.get(key);
      a.el.classList.toggle('is-empty', elements.length === 0);
      // Counted in notes: a stack counts as the notes it holds (the blocks' counts say "notes").
      const notes = entries.reduce((n, entry) => n + (entry.notes ? entry.notes.length : 1), 0);
      if (a.el.dataset.count !== String(notes)) a.el.dataset.count = String(notes);
      if (this.options.place) continue; // the arranger decides what is on the screen
      const wanted = elements.length === 0 && showPrompts && a.prompts ? [a.prompts] : elements;
      const current = a.list.children;
      const same = current.length === wanted.length && wanted.every((el, i) => current[i] === el);
      if (!same) a.list.replaceChildren(...wanted);
    }
    for (const section of this.root.querySelectorAll('[data-block]')) {
      const count = Array.from(section.querySelectorAll('.area')).reduce((n, el) => n + Number(el.dataset.count || 0), 0);
      section.classList.toggle('is-empty', count === 0);
      if (section.dataset.count !== String(count)) section.dataset.count = String(count);
      const counter = section.querySelector('.lblock__count');
      if (counter) {
        counter.textContent = String(count);
        section.querySelector('.lblock__count-text').textContent = tn('block_count', count);
      }
    }
    if (this.options.place) this.options.place(groups, fresh);
    this.ready = true;
    if (this.options.onRendered) this.options.onRendered(this);
  }
}
