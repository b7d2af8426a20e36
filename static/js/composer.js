// Posting a note from a NoteForm: one id per note (kept after a timeout so a retry cannot post it
// twice), errors are shown.
//
// With an outbox (the participant's phone) a note is kept on the device before it is sent: when
// the connection is down or the server does not answer, the form is cleared for the next note
// and the outbox sends this one later (see outbox.js). Without one (the facilitator's page) the
// form is cleared only after the server said ok. Either way the cursor goes back to the text
// field, ready for the next note.
import { t, COALITION_BLOCK } from './boot.js';
import { toast, toastError } from './toast.js';
import { newNoteId } from './connection.js';
import { keys, save } from './storage.js';
import { shouldRetry } from './outbox.js';

export class Composer {
  /**
   * form: the NoteForm; formElement, button: its <form> and submit button; session: the page's
   * Session; outbox: the Outbox to keep notes in before they are sent (null: none); draft: the
   * ComposeDraft that keeps the unsent note on the device (null: none).
   */
  constructor({ form, formElement, button, session, outbox = null, draft = null }) {
    this.form = form;
    this.button = button;
    this.session = session;
    this.outbox = outbox;
    this.draft = draft;
    this.pendingId = null;
    form.onChange = () => this.updateLabel();
    formElement.addEventListener('submit', (event) => { event.preventDefault(); this.post(); });
    form.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.post(); }
    });
    this.updateLabel();
  }

  updateLabel() {
    this.button.textContent = this.form.block === COALITION_BLOCK ? t('post_card') : t('post_note');
  }

  async post() {
    const session = this.session;
    // :disabled also covers a disabled fieldset around the form (a locked canvas).
    if (this.button.disabled || this.button.matches(':disabled')) return;
    const problem = this.form.validate();
    if (problem) { toast(problem, 'error'); return; }
    const value = this.form.value();
    if (!this.pendingId) this.pendingId = newNoteId();
    const payload = Object.assign({ id: this.pendingId }, value);
    if (payload.subarea === null) delete payload.subarea;
    if (value.block !== COALITION_BLOCK) delete payload.coalition;
    if (this.outbox) { await this.postThroughOutbox(session, payload, value); return; }
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
    this.form.focusText();
    toast(t('note_posted'), 'success');
  }

  async postThroughOutbox(session, payload, value) {
    this.pendingId = null;
    this.outbox.add(payload); // on the device before anything goes over the network
    if (this.draft) this.draft.posted(); // kept by the outbox now: a reload must not post it twice
    save(keys.color, value.color);
    if (!session.joined) {
      // Offline: the note waits in the outbox; the form is free for the next one.
      this.form.clear();
      this.form.focusText();
      toast(t('note_queued'), 'info');
      return;
    }
    this.button.disabled = true;
    this.button.setAttribute('aria-busy', 'true');
    const ack = await this.outbox.send(payload.id);
    this.button.disabled = false;
    this.button.removeAttribute('aria-busy');
    // The button was disabled while sending, which took the focus from it: back to the text.
    this.form.focusText();
    if (ack.ok) {
      this.form.clear();
      toast(t('note_posted'), 'success');
    } else if (ack.code !== 'locked' && shouldRetry(ack)) {
      // No answer, or too fast: it is kept and sent again with the same id, so it cannot
      // arrive twice. The form is cleared: posting the text again would make a second note.
      this.form.clear();
      if (ack.code === 'too_fast') toast(t('note_queued_too_fast', { seconds: ack.retry_after || 2 }), 'info');
      else toast(t('note_queued'), 'info');
    } else {
      // Refused (or the canvas was locked just now): the text is still in the form.
      this.outbox.discard(payload.id);
      if (this.draft) this.draft.save();
      toastError(ack);
    }
  }
}

/**
 * A queued note the server refused for good (the outbox's onRefused): put it back in `form`
 * rather than lose it; when the form holds a new text already, say what was refused instead.
 */
export function giveBack(form, entry, ack) {
  const p = entry.payload;
  if (!form.text.value.trim()) {
    form.setValue({ block: p.block, subarea: p.subarea || null, color: p.color, text: p.text,
      coalition: p.coalition || null });
    if (form.onChange) form.onChange();
    toast(t('note_refused_back', { error: ack.error || t('error.internal') }), 'error');
  } else {
    toast(t('note_refused', { text: p.text, error: ack.error || t('error.internal') }), 'error');
  }
}
