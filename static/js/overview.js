// The facilitator's board: the whole canvas on one screen, shaped like the sheet and laid out
// as the projector lays it out (arrange.js), and one block at a time in detail, a scrollable
// list of all its notes with their moderation actions.
import { t, tn, blocks, blockByKey } from './boot.js';
import { $, h, ringOnce } from './dom.js';
import { icon } from './icons.js';
import { buildSheet, buildList, BoardView } from './render.js';
import { sheetArranger } from './arrange.js';

// Clicks on these inside a block do their own thing; anywhere else a click opens the block.
const INTERACTIVE = 'button, a, input, select, textarea, label, summary, [role="button"]';
// The layout settles in a few frames (arrange.js learns from each fit); the board shows when
// nothing in it has changed for this many frames, or after at most MAX_SETTLE_FRAMES.
const SETTLED_FRAMES = 2;
const MAX_SETTLE_FRAMES = 12;
// Notes arriving are laid out together, at most this often: a board that re-arranges itself for
// every note of a busy room jitters (and a second apart, each re-arrangement is one small jump).
const ARRIVALS_EVERY_MS = 800;
// Changes to what is on the board already show at once (a note hidden, edited or deleted, the
// block in focus).
// Grouping too: a note dropped onto another must become a stack under the pointer.
const AT_ONCE = new Set(['updated', 'deleted', 'settings', 'cluster']);

export class FacilitatorBoard {
  /**
   * store: the page's NoteStore. decorate(note, where) → noteElement options, where is
   * 'overview' or 'detail'. blockActions(blockKey) → extra buttons for a block (put in its head
   * on the overview and in the detail's bar). decorateCluster(cluster, notes, where) → options
   * for a cluster's stack (render.js clusterElement).
   */
  constructor({ store, decorate, blockActions = () => [], decorateCluster = () => ({}) }) {
    this.store = store;
    this.blockActions = blockActions;
    this.open = null;
    this.board = $('#board');
    this.detailEl = $('#detail');
    this.scroller = $('#detail-scroll');

    // The overview. It is kept out of sight until the first layout has settled, so that the
    // page does not jump while it fills (the space is reserved: the sheet's size never
    // depends on its notes).
    this.sheet = buildSheet($('#sheet'));
    this.sheet.root.classList.add('is-arranging');
    // Arranged as the projector arranges it, at a laptop's reading size: an area too full
    // turns its pages; every note stays in reach in the block's detail.
    this.arranger = sheetArranger(this.sheet, {
      mode: () => ({ single: null, kind: 'overview' }),
    });
    this.overview = new BoardView(this.sheet, store, {
      showPrompts: true,
      animate: true,
      delay: ARRIVALS_EVERY_MS,
      decorate: (note) => decorate(note, 'overview'),
      decorateCluster: (cluster, notes) => decorateCluster(cluster, notes, 'overview'),
      place: this.arranger.place,
      onRendered: () => this.reveal(),
    });
    store.subscribe((change) => { if (AT_ONCE.has(change.type) && this.overview.ready) this.overview.render(); });
    this.openButtons = new Map();
    for (const section of this.sheet.root.querySelectorAll('[data-block]')) this.decorateBlock(section);
    this.sheet.root.addEventListener('click', (event) => this.onSheetClick(event));
    // No workshop state in a while (no connection): show the empty sheet all the same.
    window.setTimeout(() => this.reveal(), 5000);

    // The detail: the list of blocks (as on a phone), showing only the open block's notes.
    this.list = buildList($('#detail-list'));
    this.detail = new BoardView(this.list, store, {
      animate: true,
      filter: (note) => note.block === this.open,
      decorate: (note) => decorate(note, 'detail'),
      decorateCluster: (cluster, notes) => decorateCluster(cluster, notes, 'detail'),
    });
    this.tabs = new Map(blocks.map((block) => [block.key, h('button', {
      type: 'button', class: 'detail__tab', 'aria-pressed': 'false', dataset: { block: block.key },
      on: { click: () => this.show(block.key) },
    }, h('span', { class: 'detail__tab-title', text: block.title }), ' ',
    h('span', { class: 'detail__tab-count', text: '0' }))]));
    $('#detail-tabs').replaceChildren(...this.tabs.values());
    $('#detail-back').addEventListener('click', () => this.close());
    // Escape ends the spotlight first (spotcontrol.js), the detail with the next press.
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.open || document.querySelector('dialog[open]')) return;
      if (document.body.classList.contains('has-spotbar')) return;
      this.close();
    });

    store.subscribe((change) => {
      if (change.type !== 'presence' && change.type !== 'participants') this.countNotes();
    });
    window.addEventListener('resize', () => this.arranger.refit());
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => this.arranger.refit());
  }

  /** A block's head on the overview: a button that opens it (with its number of notes). */
  decorateBlock(section) {
    const key = section.dataset.block;
    const block = blockByKey.get(key);
    const count = h('span', { class: 'block__open-count', text: '0' });
    const button = h('button', {
      type: 'button', class: 'block__open', title: t('block_open_title', { block: block.title }),
      on: { click: () => this.show(key) },
    },
    h('span', { class: 'block__open-text', text: t('block_open') }),
    h('span', { class: 'visually-hidden', text: `${block.title}, ` }),
    count,
    h('span', { class: 'visually-hidden', text: ` ${t('notes_word')}` }),
    icon('expand', 14));
    const tools = h('span', { class: 'block__tools' }, this.blockActions(key), button);
    section.querySelector('.block__head').appendChild(tools);
    this.openButtons.set(key, { button, count });
  }

  onSheetClick(event) {
    const section = event.target.closest('[data-block]');
    if (!section || event.target.closest(INTERACTIVE)) return;
    const note = event.target.closest('[data-id]');
    this.show(section.dataset.block, note ? note.dataset.id : null);
  }

  /** How many notes each block holds: on the open buttons and the detail's tabs. */
  countNotes() {
    const counts = new Map(blocks.map((block) => [block.key, 0]));
    for (const note of this.store.notes.values()) {
      if (counts.has(note.block)) counts.set(note.block, counts.get(note.block) + 1);
    }
    for (const [key, n] of counts) {
      const open = this.openButtons.get(key);
      if (open) open.count.textContent = String(n);
      this.tabs.get(key).querySelector('.detail__tab-count').textContent = String(n);
    }
    const open = this.open && blockByKey.get(this.open);
    if (open) this.detailEl.setAttribute('aria-label', `${open.title}: ${tn('notes_count', counts.get(open.key))}`);
  }

  /** Open block `key` in detail; with `noteId`, bring that note into view. */
  show(key, noteId = null) {
    if (!blockByKey.has(key)) return;
    const wasOpen = this.open;
    this.open = key;
    this.board.classList.add('is-detail');
    this.sheet.root.hidden = true;
    this.detailEl.hidden = false;
    for (const section of this.list.root.querySelectorAll('[data-block]')) {
      section.hidden = section.dataset.block !== key;
    }
    for (const [tabKey, tab] of this.tabs) tab.setAttribute('aria-pressed', String(tabKey === key));
    $('#detail-tools').replaceChildren(...[this.blockActions(key)].flat().filter(Boolean));
    this.detail.render();
    this.countNotes();
    if (wasOpen !== key) this.scroller.scrollTop = 0;
    const target = noteId && this.scroller.querySelector(`[data-id="${CSS.escape(noteId)}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center' });
      ringOnce(target);
    }
    if (!wasOpen) $('#detail-back').focus();
  }

  /** Back to the whole canvas; the keyboard focus goes back to the block's open button. */
  close() {
    const key = this.open;
    if (!key) return;
    this.open = null;
    this.board.classList.remove('is-detail');
    this.detailEl.hidden = true;
    this.sheet.root.hidden = false;
    this.detail.render(); // no block open: its notes leave the list
    this.arranger.refit();
    const open = this.openButtons.get(key);
    if (open) open.button.focus();
  }

  /**
   * Show the overview once its layout has settled (the first time only): until then it keeps
   * its place but is not painted, so that its settling is not seen as the page jumping. The
   * arranger works over a few frames; settled means a frame or two without a change to the sheet.
   */
  reveal() {
    const root = this.sheet.root;
    if (!root.classList.contains('is-arranging') || this.revealing) return;
    this.revealing = true;
    let changed = true;
    const watch = new MutationObserver(() => { changed = true; });
    watch.observe(root, { attributes: true, childList: true, subtree: true });
    let quiet = 0;
    let frames = 0;
    const step = () => {
      quiet = changed ? 0 : quiet + 1;
      changed = false;
      frames += 1;
      if (quiet >= SETTLED_FRAMES || frames >= MAX_SETTLE_FRAMES) {
        watch.disconnect();
        root.classList.remove('is-arranging');
        this.revealing = false;
        return;
      }
      window.requestAnimationFrame(step);
    };
    window.requestAnimationFrame(step);
  }
}
