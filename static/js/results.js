// The results of a voting round on the projector (settings.results, docs/protocol.md "Voting
// rounds and results"): clusters and the notes in no cluster (coalition cards too: they are
// voted on as notes), ranked by score, top first, across the canvas or for one block. Each row:
// its rank, its text (a cluster's title), its block, and its votes as a bar against the top
// score with the number; a coalition card's commitment (trekker, eerste stap, datum) under its
// name, as that is what the group discusses next. As many rows as fit at a size the back of the room reads (at most 10);
// live: a vote that arrives moves its bar.
import { t, tn, blockByKey, method } from './boot.js';
import { h } from './dom.js';
import { longDate } from './render.js';

export const RESULTS_TOP = 10;

/** The ranked items: [{kind, id, block, text, count, score}], highest score first. */
export function ranking(store, block, visible = () => true) {
  const items = [];
  for (const cluster of store.clusters.values()) {
    if (block && cluster.block !== block) continue;
    const notes = store.clusterNotes(cluster).filter(visible);
    if (!notes.length) continue;
    items.push({ kind: 'cluster', id: cluster.id, block: cluster.block, subarea: cluster.subarea,
      text: cluster.title || notes[0].text, untitled: !cluster.title, count: notes.length,
      score: store.clusterScore(cluster), at: cluster.created_at || '' });
  }
  for (const note of store.list(visible)) {
    if ((block && note.block !== block) || store.clusterOf(note.id)) continue;
    items.push({ kind: 'note', id: note.id, block: note.block, subarea: note.subarea, text: note.text,
      count: 1, score: Number(note.votes) || 0, at: note.created_at || '', coalition: note.coalition || null });
  }
  // A tie keeps the order of the board: what was there first comes first.
  return items.filter((item) => item.score > 0)
    .sort((a, b) => (b.score - a.score) || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || (a.id < b.id ? -1 : 1));
}

/** "Trekker Jan · Eerste stap … · Datum 15 mrt. 2027": the card's commitment fields that are set. */
function commitmentParts(coalition) {
  if (!coalition) return [];
  return (method.commitment_fields || []).filter((field) => String(coalition[field.key] || '').trim())
    .map((field) => h('span', { class: `results__commit results__commit--${field.key}` },
      h('span', { class: 'results__commit-title', text: field.title }), ' ',
      h('span', { class: 'results__commit-value',
        text: field.key === 'datum' ? longDate(coalition.datum) : String(coalition[field.key]).trim() })));
}

const placeOf = (item) => {
  const block = blockByKey.get(item.block);
  if (!block) return '';
  const sub = item.subarea && block.subareas.find((s) => s.key === item.subarea);
  return sub ? `${block.title} · ${sub.title}` : block.title;
};

export class ResultsView {
  /**
   * host: the element the results cover (they get an overlay as its child); store: the page's
   * NoteStore; options.visible(note): whether this screen shows a note; options.sizes() →
   * {min, max} font sizes of a row (px).
   */
  constructor(host, store, options = {}) {
    this.store = store;
    this.options = options;
    this.block = undefined; // undefined: not shown; null: the whole canvas; else a block key
    this.scope = h('p', { class: 'results__scope' });
    this.top = h('p', { class: 'results__top' });
    this.list = h('ol', { class: 'results__list' });
    this.empty = h('p', { class: 'results__empty', text: t('results_empty'), hidden: true });
    this.box = h('div', { class: 'results__box' }, this.list, this.empty);
    this.el = h('section', { class: 'results', hidden: true, 'aria-live': 'polite', 'aria-label': t('results_heading') },
      h('header', { class: 'results__head' },
        h('h2', { class: 'results__title', text: t('results_heading') }), this.scope, this.top),
      this.box);
    host.appendChild(this.el);
    this.rows = new Map(); // item id -> {el, text, place, bar, number, rank}
    this.frame = 0;
    this.last = 0;
    store.subscribe((change) => {
      if (change.type !== 'presence' && change.type !== 'participants') this.schedule();
    });
  }

  get open() {
    return !this.el.hidden;
  }

  /** settings.results: {block: key|null} shows the results, null hides them. */
  set(results) {
    const block = results && typeof results === 'object'
      ? (typeof results.block === 'string' && blockByKey.has(results.block) ? results.block : null) : undefined;
    if (block === this.block) return;
    this.block = block;
    this.el.hidden = block === undefined;
    this.el.dataset.block = block || '';
    if (block === undefined) { this.list.replaceChildren(); this.rows.clear(); return; }
    this.render();
  }

  /** Votes arrive in bursts: the rows follow at most four times a second. */
  schedule() {
    if (!this.open || this.frame) return;
    const wait = Math.max(0, 250 - (performance.now() - this.last));
    this.frame = window.setTimeout(() => window.requestAnimationFrame(() => { this.frame = 0; this.render(); }), wait);
  }

  row(item) {
    let row = this.rows.get(item.id);
    if (!row) {
      const rank = h('span', { class: 'results__rank' });
      const text = h('p', { class: 'results__text' });
      const place = h('p', { class: 'results__place' });
      const commitment = h('p', { class: 'results__commitment', hidden: true });
      const bar = h('span', { class: 'results__bar' });
      const number = h('span', { class: 'results__votes' });
      const el = h('li', { class: 'results__row', dataset: { id: item.id, kind: item.kind } },
        rank, h('div', { class: 'results__label' }, text, commitment, place),
        h('div', { class: 'results__track' }, h('span', { class: 'results__lane' }, bar), number));
      row = { el, rank, text, place, commitment, bar, number };
      this.rows.set(item.id, row);
    }
    return row;
  }

  render() {
    this.last = performance.now();
    if (!this.open) return;
    const block = this.block;
    this.scope.textContent = block ? blockByKey.get(block).title : t('results_scope_all');
    const items = ranking(this.store, block, this.options.visible).slice(0, RESULTS_TOP);
    const best = items.length ? items[0].score : 1;
    const els = items.map((item, i) => {
      const row = this.row(item);
      row.el.dataset.block = item.block;
      row.el.dataset.score = String(item.score);
      row.el.classList.toggle('is-podium', i < 3);
      row.rank.textContent = String(i + 1);
      row.text.textContent = item.text;
      row.text.classList.toggle('is-untitled', Boolean(item.untitled));
      row.place.replaceChildren(h('span', { class: 'results__block', text: placeOf(item) }),
        ...(item.kind === 'cluster' ? [h('span', { class: 'results__kind', text: `${t('cluster')} · ${tn('block_count', item.count)}` })] : []));
      const commitment = commitmentParts(item.coalition);
      row.commitment.replaceChildren(...commitment);
      row.commitment.hidden = commitment.length === 0;
      row.bar.style.width = `${(100 * item.score) / best}%`;
      row.number.textContent = String(item.score);
      row.number.title = tn('votes_count', item.score);
      return row.el;
    });
    const keep = new Set(items.map((item) => item.id));
    for (const id of this.rows.keys()) if (!keep.has(id)) this.rows.delete(id);
    this.list.replaceChildren(...els);
    this.empty.hidden = items.length > 0;
    this.fit(els);
  }

  /** As large as the rows fit; at the smallest size, as many rows as fit (the header says). */
  fit(els = Array.from(this.list.children)) {
    if (!this.open) return;
    const { min, max } = this.options.sizes ? this.options.sizes() : { min: 20, max: 40 };
    const fits = (size) => {
      this.el.style.setProperty('--fs', `${size}px`);
      return this.box.scrollHeight <= this.box.clientHeight + 1;
    };
    let shown = els.length;
    let lo = min;
    let hi = max;
    if (!fits(hi)) {
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(mid)) lo = mid; else hi = mid - 1;
      }
      fits(lo);
      while (shown > 1 && this.box.scrollHeight > this.box.clientHeight + 1) {
        shown -= 1;
        els[shown].remove();
      }
    }
    this.top.hidden = shown === 0;
    this.top.textContent = t('results_top', { n: shown });
    this.el.dataset.shown = String(shown);
  }
}
