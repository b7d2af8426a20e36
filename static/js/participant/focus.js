// "Follow me": the block the facilitator puts in focus, with its guiding question, shown in a card;
// the compose form follows it (block and sub-area of the question) unless the participant is
// typing: then a hint in the status bar offers to go there.
import { t, blockByKey } from '../boot.js';
import { $, scrollPageBy } from '../dom.js';
import { changesFacilitation, focusOf } from '../facilitation.js';

export class FocusFollower {
  /** form: the compose NoteForm; statusBar: the StatusBar the hint sits in. */
  constructor({ store, form, statusBar }) {
    this.store = store;
    this.form = form;
    this.statusBar = statusBar;
    this.last = undefined;    // the focus this page last followed (undefined before the first state)
    this.lastQuestion = null;
    this.pending = null;      // a focus not followed because the participant was typing
    $('#focus-go').addEventListener('click', () => this.goTo(this.pending || store.settings.focus));
    $('#focus-hint-close').addEventListener('click', () => this.showHint(null));
    store.subscribe((change) => { if (changesFacilitation(change)) this.update(); });
  }

  update() {
    const first = this.last === undefined;
    const focus = focusOf(this.store.settings || {});
    const card = $('#focus-card');
    card.hidden = !focus;
    if (focus) {
      $('#focus-now').textContent = t('focus_now', { block: focus.block.title });
      $('#focus-pos').textContent = focus.index === null ? '' : t('focus_question_of', { n: focus.index + 1, total: focus.total });
      $('#focus-question').textContent = focus.question || focus.block.question;
      card.classList.toggle('is-key-question', !focus.question);
    }
    this.follow(focus, first);
  }

  /** The facilitator moved on: follow, unless the participant is typing (then only a hint). */
  follow(focus, first) {
    const key = focus ? focus.key : null;
    const question = focus ? focus.index : null;
    if (key === this.last) {
      // The next guiding question in the same block: follow its sub-area, quietly.
      if (key && question !== this.lastQuestion && !this.isTyping() && this.form.block === key) this.goTo(key, { scroll: false });
      this.lastQuestion = question;
      return;
    }
    this.last = key;
    this.lastQuestion = question;
    if (!key) { this.showHint(null); this.pending = null; return; }
    if (first) { if (!this.isTyping()) this.goTo(key, { scroll: false }); return; }
    if (this.isTyping() && this.form.block !== key) {
      this.pending = key;
      this.showHint(t('focus_moved', { block: focus.block.title }));
      return;
    }
    this.goTo(key);
  }

  /** Switch the form to the block in focus (and the sub-area of its question); bring it into view. */
  goTo(key, { scroll = true } = {}) {
    const form = this.form;
    this.showHint(null);
    this.pending = null;
    if (!blockByKey.has(key)) return;
    const focus = focusOf(this.store.settings);
    const subarea = focus && focus.key === key ? focus.subarea : null;
    if (form.block !== key || (subarea && form.subarea !== subarea)) {
      form.setBlock(key, subarea || (form.block === key ? form.subarea : null));
      if (form.onChange) form.onChange();
    }
    if (scroll) {
      // A step of the plan shows its card above the focus card: from there.
      const target = [$('#step-card'), $('#focus-card'), $('#compose')].find((el) => el && !el.hidden);
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }

  /**
   * Whether the participant is writing: text in the form. (The cursor alone is no sign: the page
   * puts it in the text field after joining and after posting.)
   */
  isTyping() {
    if (this.form.text.value.trim()) return true;
    return Array.from(this.form.el.querySelectorAll('.nform__coalition textarea')).some((el) => el.value.trim());
  }

  /**
   * The hint sits in the status bar that stays at the top of the screen, so it is seen where the
   * participant is typing. The bar grows by a row: the field being typed in stays clear of it.
   */
  showHint(text) {
    const hint = $('#focus-hint');
    const field = this.writingField();
    hint.hidden = !text;
    if (text) $('#focus-hint-text').textContent = text;
    this.statusBar.update();
    if (!text || !field) return;
    const barBottom = this.statusBar.bottom();
    const rect = field.getBoundingClientRect();
    // Only a field that is (partly) on the screen, now under the bar, is moved down into view.
    if (rect.bottom > barBottom && rect.top < barBottom + 8) {
      scrollPageBy(rect.top - barBottom - 8);
    }
  }

  /** The compose form's field the participant is typing in (else its text field), if shown. */
  writingField() {
    const active = document.activeElement;
    if (active && active.closest && active.closest('#compose-form') && active.matches('textarea, input, select')) return active;
    return this.form.text.offsetParent ? this.form.text : null;
  }
}
