// While the room votes or groups (a plan step in `vote` or `cluster` mode, or a voting round /
// participants' grouping opened by hand), the phone is for doing that, not for writing: the
// voting (or grouping) card comes right under the step card, the note form folds behind a
// "Notitie schrijven" button, and the step's block (else the focus block) comes first in the
// list, opened, so its notes with +1 are on the first screen: when the step's cards, the voting
// card and the first note do not fit on the screen together, the page scrolls as far as needed
// to show the first note, but never past the voting card. Writing stays one tap away; a form
// with text in it is never folded.
import { blockByKey } from '../boot.js';
import { $, scrollPageBy, scrollView } from '../dom.js';
import { changesFacilitation } from '../facilitation.js';

const ACTING_MODES = new Set(['vote', 'cluster']);

export class ActFirst {
  /**
   * store: the NoteStore; form: the compose NoteForm; list: the NoteList (its filter, its
   * renders); blockNav: the BlockNav (opens a folded block, knows what sticks at the top).
   */
  constructor({ store, form, list, blockNav }) {
    this.store = store;
    this.form = form;
    this.list = list;
    this.blockNav = blockNav;
    this.reveal = 0;       // until when (ms) a render may still bring the first note into view
    this.key = '';        // what the page last acted on (mode and step), to unfold once per change
    this.unfolded = false; // the participant opened the form during this round
    this.button = $('#compose-open');
    this.button.addEventListener('click', () => this.openForm());
    store.subscribe((change) => { if (changesFacilitation(change) || change.type === 'reset') this.update(); });
    list.onRender(() => { if (this.reveal) window.requestAnimationFrame(() => this.bringIntoView()); });
  }

  /** 'vote', 'cluster' or null: what the room is doing now. */
  acting() {
    const settings = this.store.settings || {};
    const step = settings.step && Number.isInteger(settings.step.index) ? settings.step : null;
    if (step && ACTING_MODES.has(step.mode)) return step.mode;
    if (Number(settings.votes_per_participant) > 0) return 'vote';
    if (settings.participants_cluster && !settings.locked) return 'cluster';
    return null;
  }

  /** The block whose notes come first: the step's, else the one in focus; null for the whole canvas. */
  block() {
    const settings = this.store.settings || {};
    const step = settings.step && Number.isInteger(settings.step.index) ? settings.step : null;
    const key = step ? step.block : settings.focus;
    return typeof key === 'string' && blockByKey.has(key) ? key : null;
  }

  update() {
    const acting = this.acting();
    const block = acting ? this.block() : null;
    const step = (this.store.settings || {}).step;
    const key = acting ? `${acting}|${step && step.id ? step.id : ''}|${block || ''}` : '';
    if (key !== this.key) {
      this.key = key;
      this.unfolded = false;
      if (block && this.blockNav.folded.has(block)) this.blockNav.show(block, true);
      // The tabs are folded away with the form: the whole canvas is what the room votes on.
      if (acting && this.list.mineOnly) this.list.setFilter(false);
      this.reveal = acting && !this.isTyping() ? performance.now() + 4000 : 0;
      if (this.reveal) window.requestAnimationFrame(() => window.requestAnimationFrame(() => this.bringIntoView()));
    }
    document.body.classList.toggle('is-acting', Boolean(acting));
    document.body.dataset.acting = acting || '';
    document.body.classList.toggle('has-step-block', Boolean(block));
    for (const section of document.querySelectorAll('#list > .lblock')) {
      section.classList.toggle('is-step-block', Boolean(block) && section.dataset.block === block);
    }
    this.fold(Boolean(acting) && !this.unfolded && !this.isTyping());
  }

  fold(folded) {
    document.body.classList.toggle('is-compose-folded', folded);
    this.button.hidden = !folded;
    this.button.setAttribute('aria-expanded', String(!folded));
  }

  /**
   * The first note to act on (of the step's block, else of the canvas) on the screen with the
   * voting or grouping card: scrolled up as far as needed, the card staying in view. After the
   * step card has been brought into view (participant/step.js), once the notes are drawn.
   */
  bringIntoView() {
    if (!this.reveal) return;
    if (performance.now() > this.reveal || !document.body.classList.contains('is-acting')) { this.reveal = 0; return; }
    const card = ['#voting-card', '#grouping-card'].map((s) => $(s)).find((el) => el && !el.hidden);
    const scope = document.querySelector('#list > .lblock.is-step-block') || $('#list');
    const note = scope.querySelector('.note, .ccard, .cluster');
    if (!card || !note) return; // the notes are not drawn yet: the next render tries again
    this.reveal = 0;
    const view = scrollView();
    const covered = view.top + this.blockNav.top + 8;
    const want = note.getBoundingClientRect().bottom - view.bottom + 12;
    const most = card.getBoundingClientRect().top - covered;
    const by = Math.min(want, most);
    if (by > 0) scrollPageBy(by);
  }

  /** "Notitie schrijven": the form opens where the button was, ready to type. */
  openForm() {
    this.unfolded = true;
    this.fold(false);
    this.form.focusText();
  }

  isTyping() {
    return Boolean(this.form.text.value.trim());
  }
}
