// The step of the session plan that runs (settings.step): "Stap 2 van 8 · Stil schrijven" and
// its instruction, in a card just above the focus card (which shows the step's guiding
// question). The focus follower puts the form on the step's block and question; a step that
// names a sub-area without a question puts the form on that sub-area too (unless the
// participant is typing: the focus follower's rule).
import { blockByKey } from '../boot.js';
import { $, scrollPageBy } from '../dom.js';
import { showStep } from '../plan/stepbanner.js';

export class StepFollower {
  /** store: the NoteStore; form: the compose NoteForm; statusBar: the StatusBar. Build after FocusFollower. */
  constructor({ store, form, statusBar }) {
    this.store = store;
    this.form = form;
    this.statusBar = statusBar;
    this.last = undefined; // the id of the step this page last followed
    store.subscribe((change) => {
      if (change.type === 'settings' || change.type === 'reset') this.update();
    });
  }

  update() {
    const settings = this.store.settings || {};
    const step = showStep(settings, $('#step-card'));
    document.body.classList.toggle('has-step', Boolean(step));
    const id = step ? step.id : null;
    if (id === this.last) return;
    this.last = id;
    // After the other controllers (the status bar's pills) have drawn this change.
    if (step && !this.isTyping()) window.requestAnimationFrame(() => this.bringIntoView());
    if (!step || !step.subarea || step.question !== null || !blockByKey.has(step.block)) return;
    const block = blockByKey.get(step.block);
    if (!(block.subareas || []).some((s) => s.key === step.subarea)) return;
    if (settings.focus !== step.block || this.form.block !== step.block || this.isTyping()) return;
    if (this.form.subarea !== step.subarea) {
      this.form.setBlock(step.block, step.subarea);
      if (this.form.onChange) this.form.onChange();
    }
  }

  /**
   * A new step whose card is (partly) under the status bar, as when the cards appear above the
   * form the page has just scrolled to: moved down into view, instruction first.
   */
  bringIntoView() {
    const card = $('#step-card');
    const top = card.getBoundingClientRect().top;
    const barBottom = this.statusBar.bottom();
    if (top < barBottom + 8) scrollPageBy(top - barBottom - 8);
  }

  isTyping() {
    return Boolean(this.form.text.value.trim());
  }
}
