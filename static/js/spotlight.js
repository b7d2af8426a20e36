// One note or coalition card large on the screen (projector, snapshot page): whole, with its
// author (when authors are shown) and its votes. The facilitator puts it there for the room
// (settings.spotlight); a click on a note does the same on this screen only. A cluster in the
// spotlight shows its title and all its notes, as large as they fit together.
import { t, tn, blockByKey, blocks } from './boot.js';
import { h } from './dom.js';
import { noteElement, areaKeyOf } from './render.js';
import { fitOne } from './fit.js';

/** Where a note is on the canvas, in words: "Identiteit · Passie". */
export function placeOf(note) {
  const block = blockByKey.get(note.block);
  if (!block) return '';
  const sub = note.subarea && block.subareas.find((s) => s.key === note.subarea);
  return sub ? `${block.title} · ${sub.title}` : block.title;
}

/**
 * The order in which the projector shows the notes: block by block as on the sheet (top to
 * bottom, left to right), sub-area by sub-area, oldest first. Stepping through a spotlight
 * (the facilitator's arrow keys) follows it.
 */
const SHEET_ORDER = ['coalities', 'spelregels', 'identiteit', 'regie', 'organisatie'];
export function boardOrder(notes) {
  const areaRank = new Map();
  const blockKeys = [...SHEET_ORDER.filter((k) => blockByKey.has(k)), ...blocks.map((b) => b.key).filter((k) => !SHEET_ORDER.includes(k))];
  for (const key of blockKeys) {
    const block = blockByKey.get(key);
    if (block.subareas.length) {
      for (const sub of block.subareas) areaRank.set(`${key}:${sub.key}`, areaRank.size);
      areaRank.set(`${key}:`, areaRank.size);
    } else {
      areaRank.set(key, areaRank.size);
    }
  }
  const rank = (note) => areaRank.get(areaKeyOf(note)) ?? areaRank.size;
  return notes.map((note, i) => [note, i]).sort((a, b) => (rank(a[0]) - rank(b[0])) || (a[1] - b[1])).map(([note]) => note);
}

export class Spotlight {
  /**
   * host: the element the spotlight covers (it gets the overlay as its child).
   * options.decorate(note) → noteElement options; options.onClose(): the close button (local
   * spotlights); options.sizes() → {min, max} font sizes for the note.
   */
  constructor(host, options = {}) {
    this.options = options;
    this.where = h('p', { class: 'spot__where' });
    this.stage = h('div', { class: 'spot__stage' });
    this.votes = h('p', { class: 'spot__votes', hidden: true });
    this.close = h('button', { type: 'button', class: 'spot__close', text: t('spotlight_close'),
      on: { click: () => options.onClose && options.onClose() } });
    this.el = h('section', { class: 'spot', hidden: true, 'aria-live': 'polite', 'aria-label': t('spotlight_on') },
      h('header', { class: 'spot__head' }, this.where, this.votes, this.close),
      this.stage);
    this.el.addEventListener('click', (event) => {
      if (event.target === this.el || event.target === this.stage) { if (options.onClose) options.onClose(); }
    });
    host.appendChild(this.el);
    this.current = null;
  }

  get open() {
    return !this.el.hidden;
  }

  /** Show `note` large; `local`: opened on this screen (it can be closed here). */
  show(note, { local = false } = {}) {
    const decorate = this.options.decorate ? this.options.decorate(note) : {};
    const signature = `${note.id}|${note.version}|${note.votes || 0}|${note.author || ''}|${decorate.showAuthor ? 'a' : ''}`;
    this.close.hidden = !local;
    this.el.classList.toggle('is-local', local);
    if (this.current === signature && this.open) return;
    this.current = signature;
    this.stage.classList.remove('is-cluster');
    delete this.el.dataset.cluster;
    const el = noteElement(note, Object.assign({}, decorate, { tilted: false, dots: false, actions: null }));
    el.classList.add('spot__note');
    this.stage.replaceChildren(el);
    this.where.textContent = placeOf(note);
    const votes = Number(note.votes) || 0;
    this.votes.hidden = votes === 0;
    this.votes.textContent = votes ? tn('votes_count', votes) : '';
    this.el.dataset.id = note.id;
    this.el.hidden = false;
    this.fit();
  }

  /**
   * Show cluster `cluster` large: its title (or its first note's text), how many notes, its
   * score, and all of `notes` (those this screen may see, in the cluster's order) side by side.
   */
  showCluster(cluster, notes, { score = 0, local = false } = {}) {
    const decorate = (note) => (this.options.decorate ? this.options.decorate(note) : {});
    const signature = `c|${cluster.id}|${cluster.title}|${score}|`
      + notes.map((n) => `${n.id}:${n.version}:${n.votes || 0}:${decorate(n).showAuthor ? 'a' : ''}`).join('/');
    this.close.hidden = !local;
    this.el.classList.toggle('is-local', local);
    if (this.current === signature && this.open) return;
    this.current = signature;
    const titled = Boolean(cluster.title);
    const title = h('h2', { class: `spot__title${titled ? '' : ' is-untitled'}`,
      text: titled ? cluster.title : (notes[0] ? notes[0].text : '') },
    h('span', { class: 'spot__count', text: tn('block_count', notes.length) }));
    const els = notes.map((note) => {
      const el = noteElement(note, Object.assign({}, decorate(note), { tilted: false, dots: true, actions: null }));
      el.classList.add('spot__member');
      return el;
    });
    // Few notes get wide columns (fewer lines each); many, narrower ones side by side.
    const columns = Math.max(1, Math.min(5, Math.ceil(Math.sqrt(notes.length * 1.6))));
    this.stage.classList.add('is-cluster');
    this.stage.replaceChildren(h('div', { class: 'spot__cluster' }, title,
      h('div', { class: 'spot__members', style: { '--spot-cols': String(columns) } }, els)));
    this.where.textContent = `${t('cluster')} · ${notes[0] ? placeOf(notes[0]) : ''}`;
    this.votes.hidden = score === 0;
    this.votes.textContent = score ? tn('votes_count', score) : '';
    this.el.dataset.cluster = cluster.id;
    delete this.el.dataset.id;
    this.el.hidden = false;
    this.fit();
  }

  /** Fit the note (or the cluster) to the stage: as large as it goes, whole. */
  fit() {
    if (!this.open) return;
    const cluster = this.stage.classList.contains('is-cluster');
    const sizes = this.options.sizes ? this.options.sizes(cluster ? 'cluster' : 'note') : { min: 20, max: 80 };
    fitOne(this.el, this.stage, sizes.min, sizes.max);
  }

  hide() {
    this.el.hidden = true;
    this.current = null;
    this.stage.replaceChildren();
    this.stage.classList.remove('is-cluster');
    delete this.el.dataset.id;
    delete this.el.dataset.cluster;
  }
}
