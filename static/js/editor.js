// The dialog to edit a note or card: text, colour, block and sub-area, coalition fields, delete.
import { h } from './dom.js';
import { t, COALITION_BLOCK } from './boot.js';
import { NoteForm } from './noteform.js';
import { toast, toastError } from './toast.js';

export class NoteEditor {
  /** session: a Session (its store and request()). */
  constructor(session) {
    this.session = session;
    this.noteId = null;
    this.busy = false;
    this.form = new NoteForm({ help: false, blockStyle: 'select', textRows: 4, blockLabel: t('move_to') });
    this.title = h('h2', { class: 'dialog__title', id: 'editor-title' });
    this.deleteButton = h('button', { type: 'button', class: 'button button--danger-quiet', text: t('delete'),
      on: { click: () => this.askDelete() } });
    this.saveButton = h('button', { type: 'submit', class: 'button button--primary', text: t('save') });
    this.main = h('form', { class: 'dialog__form', method: 'dialog', novalidate: true,
      on: { submit: (event) => { event.preventDefault(); this.save(); } } },
    this.form.el,
    h('div', { class: 'dialog__actions' },
      this.deleteButton,
      h('span', { class: 'dialog__spacer' }),
      h('button', { type: 'button', class: 'button button--quiet', text: t('cancel'), on: { click: () => this.close() } }),
      this.saveButton));
    this.confirm = h('div', { class: 'dialog__confirm', hidden: true },
      h('p', { class: 'dialog__confirm-text', text: t('confirm_delete') }),
      this.confirmPreview = h('blockquote', { class: 'dialog__preview' }),
      h('div', { class: 'dialog__actions' },
        h('span', { class: 'dialog__spacer' }),
        h('button', { type: 'button', class: 'button button--quiet', text: t('cancel'), on: { click: () => this.cancelDelete() } }),
        this.confirmButton = h('button', { type: 'button', class: 'button button--danger', text: t('confirm_delete_yes'),
          on: { click: () => this.remove() } })));
    this.dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'editor-title' },
      h('header', { class: 'dialog__head' }, this.title,
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => this.close() } }, '×')),
      this.main, this.confirm);
    this.dialog.addEventListener('close', () => { this.noteId = null; });
    // Clicking the backdrop closes.
    this.dialog.addEventListener('click', (event) => { if (event.target === this.dialog) this.close(); });
    this.form.onChange = () => this.updateTitle();
    document.body.appendChild(this.dialog);

    session.store.subscribe((change) => {
      if (!this.noteId || !this.dialog.open) return;
      if (change.type === 'deleted' && change.id === this.noteId) {
        this.close();
        toast(t('error.note_not_found'), 'info');
      }
    });
  }

  updateTitle() {
    this.title.textContent = this.form.block === COALITION_BLOCK ? t('edit_card') : t('edit_note');
  }

  /** Open for the note with this id; `confirmDelete` opens straight at the delete question. */
  open(noteId, { confirmDelete = false } = {}) {
    const note = this.session.store.notes.get(noteId);
    if (!note) return;
    this.noteId = noteId;
    this.form.setValue(note);
    this.updateTitle();
    this.setBusy(false);
    this.main.hidden = false;
    this.confirm.hidden = true;
    if (!this.dialog.open) this.dialog.showModal();
    if (confirmDelete) this.askDelete();
    else this.form.text.focus();
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  setBusy(busy) {
    this.busy = busy;
    this.saveButton.disabled = busy;
    this.deleteButton.disabled = busy;
    this.confirmButton.disabled = busy;
    this.dialog.classList.toggle('is-busy', busy);
  }

  async save() {
    if (this.busy || !this.noteId) return;
    const problem = this.form.validate();
    if (problem) { toast(problem, 'error'); return; }
    const value = this.form.value();
    const payload = Object.assign({ id: this.noteId }, value);
    if (value.block !== COALITION_BLOCK) delete payload.coalition;
    this.setBusy(true);
    const ack = await this.session.request('note:update', payload);
    this.setBusy(false);
    if (!ack.ok) { toastError(ack); return; }
    this.session.store.upsert(ack.note, ack.rev, false);
    this.close();
    toast(t('note_saved'), 'success');
  }

  askDelete() {
    const note = this.session.store.notes.get(this.noteId);
    this.confirmPreview.textContent = note ? note.text : '';
    this.main.hidden = true;
    this.confirm.hidden = false;
    this.confirmButton.focus();
  }

  cancelDelete() {
    this.main.hidden = false;
    this.confirm.hidden = true;
  }

  async remove() {
    if (this.busy || !this.noteId) return;
    const id = this.noteId;
    this.setBusy(true);
    const ack = await this.session.request('note:delete', { id });
    this.setBusy(false);
    if (!ack.ok) { toastError(ack); return; }
    this.session.store.remove(id, ack.rev, false);
    this.close();
    toast(t('note_deleted'), 'success');
  }
}
