// Posting a note from a NoteForm: one id per note (kept after a timeout so a retry cannot post it
// twice), the form is cleared only after the server said ok, errors are shown.
import { t, COALITION_BLOCK } from './boot.js';
import { toast, toastError } from './toast.js';
import { newNoteId } from './connection.js';
import { keys, save } from './storage.js';

export class Composer {
  constructor({ form, formElement, button, getSession, labels = {} }) {
    this.form = form;
    this.button = button;
    this.getSession = getSession;
    this.labels = labels;
    this.pendingId = null;
    form.onChange = () => this.updateLabel();
    formElement.addEventListener('submit', (event) => { event.preventDefault(); this.post(); });
    form.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.post(); }
    });
    this.updateLabel();
  }

  updateLabel() {
    const isCard = this.form.block === COALITION_BLOCK;
    this.button.textContent = isCard ? (this.labels.card || t('post_card')) : (this.labels.note || t('post_note'));
  }

  async post() {
    const session = this.getSession();
    // :disabled also covers a disabled fieldset around the form (a locked canvas).
    if (this.button.disabled || this.button.matches(':disabled') || !session) return;
    const problem = this.form.validate();
    if (problem) { toast(problem, 'error'); return; }
    const value = this.form.value();
    if (!this.pendingId) this.pendingId = newNoteId();
    const payload = Object.assign({ id: this.pendingId }, value);
    if (payload.subarea === null) delete payload.subarea;
    if (value.block !== COALITION_BLOCK) delete payload.coalition;
    this.button.disabled = true;
    this.button.setAttribute('aria-busy', 'true');
    const ack = await session.request('note:add', payload);
    this.button.disabled = false;
    this.button.removeAttribute('aria-busy');
    if (!ack.ok) {
      if (ack.code !== 'timeout') this.pendingId = null; // refused or never sent: nothing stored
      toastError(ack); // the text stays in the form
      return;
    }
    this.pendingId = null;
    session.store.upsert(ack.note, ack.rev, false);
    save(keys.color, value.color);
    this.form.clear();
    toast(t('note_posted'), 'success');
  }
}
