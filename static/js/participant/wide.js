// The participant page on a laptop or a tablet: the whole canvas, shaped like the sheet and
// arranged as on the facilitator's overview (arrange.js, a laptop's reading size; an area too
// full scrolls), beside the note form (landscape) or above it (a tablet held upright), so that
// one writes and reads at the same time without scrolling. The phone's column stays as it is
// beside it: the form, the banners and the list of notes, where one edits, votes and groups.
//
// The sheet is read by eye, mouse, touch and keyboard: a click on one's own note opens it to
// edit, on someone else's shows it in the list; a click elsewhere in a block chooses that block
// (and sub-area) in the form. The sheet is one Tab stop (a skip button after the form's
// submit reaches it); the arrow keys go from note to note, Page Down and Up from block to
// block, Enter does what a click does. N puts the cursor in the note field from anywhere.
//
// Loaded only on such a screen (participant.js): a phone never downloads it or its styles.
import '../hyphenpatterns.js'; // hyphenated from the first layout, as on the projector
import { t } from '../boot.js';
import { $, h, ringOnce } from '../dom.js';
import { buildSheet, BoardView } from '../render.js';
import { sheetArranger } from '../arrange.js';
import { inSilentRound } from '../silence.js';
import { focusOf } from '../facilitation.js';
import { STACK_TOP } from '../stacks.js';

const STYLES = ['../../css/projector.css', '../../css/participantwide.css'];
// Notes arriving are laid out together, at most this often (a busy room's burst is one move).
const ARRIVALS_EVERY_MS = 600;
const NOTE = '[data-id], [data-cluster]';
const TYPING = 'input, textarea, select, [contenteditable="true"], [contenteditable=""]';

/** The sheet's styles, next to the page's own; resolves when they apply. */
function addStyles() {
  return Promise.all(STYLES.map((path) => new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL(path, import.meta.url).href;
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.appendChild(link);
  })));
}

export class WideBoard {
  /**
   * store: the page's NoteStore; form: the NoteForm; editor: the NoteEditor own notes open in;
   * list: the NoteList (the phone's list beside the sheet).
   */
  constructor({ store, form, editor, list }) {
    this.store = store;
    this.form = form;
    this.editor = editor;
    this.list = list;
    this.current = null; // the note (or stack) the arrow keys are on: its data-id / data-cluster
  }

  async start() {
    await addStyles();
    const sheetEl = h('div', {
      class: 'sheet sheet--projector sheet--wide is-arranging',
      id: 'wide-sheet',
      tabindex: '0',
      role: 'region',
      'aria-label': t('wide_sheet_label'),
      'aria-describedby': 'wide-sheet-hint',
    });
    const hint = h('p', { class: 'visually-hidden', id: 'wide-sheet-hint', text: t('wide_sheet_hint') });
    this.el = h('section', { class: 'wideboard', 'aria-labelledby': 'wide-title' },
      h('h2', { class: 'visually-hidden', id: 'wide-title', text: t('whole_canvas') }), hint, sheetEl);
    $('#app').after(this.el);
    document.body.classList.add('is-wide');
    // Joined on the phone's page a moment ago, it may have scrolled (to the note field): the
    // page does not scroll any more, its column starts at the top. (What sticks in the column
    // is measured again: participant/blocknav.js listens for a resize.)
    window.scrollTo(0, 0);
    $('#app').scrollTop = 0;
    window.dispatchEvent(new Event('resize'));
    if (document.activeElement === this.form.text) this.form.focusText();
    // From the form to the sheet in one Tab (the list of notes lies between them otherwise).
    $('#compose-submit').after(h('button', {
      type: 'button', class: 'button button--link wide-skip', text: t('wide_to_sheet'),
      on: { click: () => this.sheet.root.focus() },
    }));
    $('#compose-title').after(h('p', { class: 'wide-keys', id: 'wide-keys', text: t('wide_keys_hint') }));

    const store = this.store;
    this.sheet = buildSheet(sheetEl);
    // Read at one's own pace: an area too full scrolls rather than turning its pages.
    this.arranger = sheetArranger(this.sheet, { mode: () => ({ single: null, kind: 'overview' }), scroll: true });
    this.view = new BoardView(this.sheet, store, {
      showPrompts: true,
      animate: true,
      delay: ARRIVALS_EVERY_MS,
      // In a silent round the notes others write stay out of sight, as in the list.
      filter: (note) => store.isMine(note) || !inSilentRound(note, store.settings),
      decorate: (note) => this.decorate(note),
      decorateCluster: () => ({ top: STACK_TOP, dots: !this.voting() }),
      place: this.arranger.place,
      onRendered: () => this.reveal(),
    });
    // The workshop may be here already (the sheet comes after the join): placed at once.
    this.view.schedule();
    // Shown once the first layout has settled (or without a connection, empty, after a while).
    window.setTimeout(() => this.reveal(), 4000);
    store.subscribe((change) => {
      if (change.type === 'reset' || change.type === 'settings') {
        this.view.refresh();
        this.showFocus();
      }
      // One's own new note: shown where it lands, also deep in an area that scrolls.
      if (change.type === 'added' && change.note && store.isMine(change.note)) this.arrived = change.id;
    });
    this.showFocus();
    window.addEventListener('resize', () => this.arranger.refit());
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(() => this.arranger.refit());

    sheetEl.addEventListener('click', (event) => this.onClick(event));
    sheetEl.addEventListener('keydown', (event) => this.onKey(event));
    sheetEl.addEventListener('focusin', (event) => {
      const el = event.target.closest(NOTE);
      if (el) this.current = keyOf(el);
    });
    // Focus taken elsewhere on purpose (the element left is still there): not brought back.
    sheetEl.addEventListener('focusout', (event) => {
      const left = event.target;
      window.setTimeout(() => { if (left.isConnected && !sheetEl.contains(document.activeElement)) this.current = null; }, 0);
    });
    // A note moved by the layout (a stack drawn anew, an area packed again) takes the focus
    // with it: it comes back to the same note if it is still there, else to the sheet.
    new MutationObserver(() => this.keepFocus()).observe(sheetEl, { childList: true, subtree: true });
    document.addEventListener('keydown', (event) => this.onPageKey(event));
  }

  reveal() {
    this.sheet.root.classList.remove('is-arranging');
  }

  /** In a voting round the votes so far are not shown (as in the list): nobody follows the crowd. */
  voting() {
    return (Number(this.store.settings.votes_per_participant) || 0) > 0;
  }

  /** One's own note that just arrived, brought into view in its area and ringed a moment. */
  showArrived() {
    if (!this.arrived) return;
    const el = this.sheet.root.querySelector(`[data-id="${CSS.escape(this.arrived)}"]`);
    if (!el || !el.offsetParent) return;
    this.arrived = null;
    const box = el.closest('.area__box');
    if (box) {
      const r = el.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      if (r.top < b.top || r.bottom > b.bottom) box.scrollTop += r.top - b.top - 8;
    }
    ringOnce(el);
  }

  /** The block the facilitator put in focus: ringed on the sheet, as on the facilitator's. */
  showFocus() {
    this.sheet.root.classList.toggle('is-locked', Boolean(this.store.settings.locked));
    const focus = focusOf(this.store.settings);
    this.sheet.root.classList.toggle('has-followed', Boolean(focus));
    for (const section of this.sheet.root.querySelectorAll('[data-block]')) {
      section.classList.toggle('is-followed', Boolean(focus) && section.dataset.block === focus.key);
    }
  }

  decorate(note) {
    const store = this.store;
    const showAuthor = store.settings.show_authors !== false;
    const mine = store.isMine(note);
    return {
      mine,
      showAuthor,
      dots: !this.voting(),
      classes: `${note.hidden ? 'is-hidden-note ' : ''}${note.pending ? 'is-pending' : ''}`.trim() || null,
      labels: [note.hidden ? t('hidden_by_facilitator') : null, note.pending ? t('pending_label') : null],
      signature: `${showAuthor ? 'a' : ''}${mine ? 'm' : ''}${note.pending ? 'p' : ''}${this.voting() ? 'v' : ''}`,
    };
  }

  /** The notes and stacks on the screen now, in reading order (block by block). */
  shown() {
    return Array.from(this.sheet.root.querySelectorAll(NOTE)).filter((el) => el.offsetParent
      && !(el.dataset.id && el.closest('[data-cluster]')));
  }

  onClick(event) {
    if (event.target.closest('button, a')) return;
    const el = event.target.closest(NOTE);
    if (el) { this.open(el); return; }
    const area = event.target.closest('[data-area]');
    const block = event.target.closest('[data-block]');
    if (!block || this.store.settings.locked) return;
    const key = area ? area.dataset.area : block.dataset.block;
    const [blockKey, sub] = key.split(':');
    this.form.setBlock(blockKey, sub && sub !== '*' ? sub : null);
    this.form.focusText();
  }

  /** One's own note opens to edit; another note (or a stack) is shown in the list beside. */
  open(el) {
    const id = el.dataset.id;
    const note = id ? this.store.notes.get(id) : null;
    if (note && this.store.isMine(note) && !note.pending && !this.store.settings.locked) {
      this.editor.open(id);
      return;
    }
    const selector = id ? `[data-id="${CSS.escape(id)}"]` : `[data-cluster="${CSS.escape(el.dataset.cluster)}"]`;
    let target = $('#list').querySelector(selector);
    if (!target) return;
    const folded = target.closest('.lblock') && target.closest('.lblock').querySelector('.lblock__toggle[aria-expanded="false"]');
    if (folded) folded.click();
    target = $('#list').querySelector(selector);
    if (!target || !target.offsetParent) return;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    ringOnce(target);
  }

  /**
   * Keys on the sheet: Down and Up go to the next and previous note (down a column, then on),
   * Right and Left to the nearest note beside (across columns and blocks), Page Down and Page
   * Up to the first note of the next and previous block, Home and End to the first and last.
   */
  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const notes = this.shown();
    const at = notes.findIndex((el) => el === document.activeElement);
    let next = null;
    if (at < 0 && ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'PageDown', 'PageUp'].includes(event.key)) next = notes[0];
    else if (event.key === 'ArrowDown') next = notes[Math.min(notes.length - 1, at + 1)];
    else if (event.key === 'ArrowUp') next = notes[Math.max(0, at - 1)];
    else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') next = beside(notes, notes[at], event.key === 'ArrowRight' ? 1 : -1) || notes[at];
    else if (event.key === 'PageDown' || event.key === 'PageUp') next = nextBlock(notes, at, event.key === 'PageDown' ? 1 : -1);
    else if (event.key === 'Home') next = notes[0];
    else if (event.key === 'End') next = notes[notes.length - 1];
    else if ((event.key === 'Enter' || event.key === ' ') && at >= 0) {
      event.preventDefault();
      this.open(notes[at]);
      return;
    } else if (event.key === 'Escape' && at >= 0) {
      event.preventDefault();
      this.current = null;
      this.sheet.root.focus();
      return;
    }
    if (!next) return;
    event.preventDefault();
    next.tabIndex = -1;
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }

  keepFocus() {
    // Every note can take the focus (the arrow keys), so an area that scrolls has content a
    // keyboard reaches: focusing a note scrolls it into view.
    for (const el of this.sheet.root.querySelectorAll(NOTE)) if (!el.hasAttribute('tabindex')) el.tabIndex = -1;
    this.showArrived();
    if (!this.current) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const el = this.shown().find((x) => keyOf(x) === this.current);
    if (el) { el.tabIndex = -1; el.focus({ preventScroll: true }); } else this.sheet.root.focus({ preventScroll: true });
  }

  /** N: to the note field, from anywhere but a field or an open dialog. */
  onPageKey(event) {
    if (event.key !== 'n' && event.key !== 'N') return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest && event.target.closest(TYPING)) return;
    if (document.querySelector('dialog[open]')) return;
    if (!this.form.text.offsetParent) return; // folded away (a vote) or locked
    event.preventDefault();
    this.form.focusText();
  }
}

const keyOf = (el) => (el.dataset.id ? `n:${el.dataset.id}` : `c:${el.dataset.cluster}`);

/** The note nearest `from` on its right (dir 1) or left (-1): the next column over, the row kept. */
function beside(notes, from, dir) {
  const a = from.getBoundingClientRect();
  const ax = a.left + a.width / 2;
  const ay = a.top + Math.min(a.height, 40) / 2;
  let best = null;
  let score = Infinity;
  for (const el of notes) {
    const b = el.getBoundingClientRect();
    const dx = (b.left + b.width / 2 - ax) * dir;
    if (el === from || dx <= a.width / 4) continue;
    const dy = Math.abs(b.top + Math.min(b.height, 40) / 2 - ay);
    const s = dx + 2 * dy;
    if (s < score) { score = s; best = el; }
  }
  return best;
}

/** The first note of the next (dir 1) or previous (-1) block that has notes on the screen. */
function nextBlock(notes, at, dir) {
  const blockOf = (el) => el.closest('[data-block]').dataset.block;
  const order = [...new Set(notes.map(blockOf))];
  const here = order.indexOf(blockOf(notes[at]));
  const target = order[Math.min(order.length - 1, Math.max(0, here + dir))];
  return notes.find((el) => blockOf(el) === target);
}
