// The dialog to edit a note or card: text, colour, block and sub-area, coalition fields, delete.
//
// Concurrent edits: the dialog remembers the note's version when the edit began and sends it
// with note:update. If someone saved the note in between, the server refuses (version_conflict,
// with the note as it is now) and the dialog shows both versions side by side: keep mine (sent
// again against the new version) or take theirs. The text typed here is never dropped silently;
// without a connection, saving says so and the dialog stays open.
//
// With `drafts` (the participant's phone) what is typed here and not saved yet is kept on the
// device per note: after a reload, opening the dialog for that note brings it back (with the
// version it began from, so a note changed meanwhile still shows the comparison).
import { h } from './dom.js';
import { t, COALITION_BLOCK, blockByKey, method, colorHex } from './boot.js';
import { NoteForm } from './noteform.js';
import { toast, toastError } from './toast.js';
import { copyText } from './copy.js';

/** Whether the note already holds these edited fields (our own earlier save did arrive). */
function sameContent(note, value) {
  if (!note || note.text !== value.text || note.block !== value.block || note.color !== value.color) return false;
  if ((note.subarea || null) !== (value.subarea || null)) return false;
  if (value.block !== COALITION_BLOCK) return true;
  const mine = value.coalition || {};
  const theirs = note.coalition || {};
  return Object.keys(mine).every((key) => (mine[key] || '') === (theirs[key] || ''));
}

/** One side of the conflict view: where the note is, its text and (cards) the coalition fields. */
function versionView(fields) {
  const block = blockByKey.get(fields.block);
  const sub = block && fields.subarea ? block.subareas.find((s) => s.key === fields.subarea) : null;
  const coalition = fields.block === COALITION_BLOCK ? (fields.coalition || {}) : {};
  const werkvorm = (method.werkvormen || []).find((w) => w.key === coalition.werkvorm);
  const rows = (method.coalition_fields || []).filter((field) => (coalition[field.key] || '').trim())
    .map((field) => h('div', { class: 'conflict__field' },
      h('dt', { text: field.title }), h('dd', { text: coalition[field.key] })));
  return [
    h('p', { class: 'conflict__where', text: [block ? block.title : fields.block, sub ? sub.title : null,
      werkvorm ? werkvorm.title : null].filter(Boolean).join(' · ') }),
    h('p', { class: 'conflict__text', style: { '--paper': colorHex(fields.color) }, text: fields.text }),
    rows.length ? h('dl', { class: 'conflict__fields' }, rows) : null,
  ];
}

export class NoteEditor {
  /**
   * session: a Session (its store and request()); onDeletedElsewhere(note): the note being
   * edited was deleted by someone else (default: a short notice); drafts: an EditDrafts that
   * keeps unsaved changes on the device (null: none).
   */
  constructor(session, { onDeletedElsewhere = null, drafts = null } = {}) {
    this.session = session;
    this.onDeletedElsewhere = onDeletedElsewhere;
    this.drafts = drafts;
    this.noteId = null;
    this.baseVersion = null; // the note's version when this edit began (or was last reconciled)
    this.mine = null;        // during a conflict: the fields as this user wrote them
    this.busy = false;
    this.locked = false;     // the canvas is locked: the dialog (and the text) stays, saving waits
    this.deletedHere = new Set(); // ids this page deleted itself (their note:deleted is expected)
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
      h('p', { class: 'dialog__confirm-text', text: t('confirm_delete_text') }),
      this.confirmPreview = h('blockquote', { class: 'dialog__preview' }),
      h('div', { class: 'dialog__actions' },
        h('span', { class: 'dialog__spacer' }),
        h('button', { type: 'button', class: 'button button--quiet', text: t('cancel'), on: { click: () => this.cancelDelete() } }),
        this.confirmButton = h('button', { type: 'button', class: 'button button--danger', text: t('confirm_delete_yes'),
          on: { click: () => this.remove() } })));
    this.conflict = h('div', { class: 'dialog__conflict', hidden: true, role: 'alert' },
      h('p', { class: 'dialog__confirm-text', text: t('conflict_title') }),
      h('p', { class: 'conflict__intro', text: t('conflict_text') }),
      h('div', { class: 'conflict' },
        h('section', { class: 'conflict__side conflict__side--mine' },
          h('h3', { class: 'conflict__label', text: t('conflict_mine') }),
          this.mineView = h('div', { class: 'conflict__body' })),
        h('section', { class: 'conflict__side conflict__side--theirs' },
          h('h3', { class: 'conflict__label', text: t('conflict_theirs') }),
          this.theirsView = h('div', { class: 'conflict__body' }))),
      h('div', { class: 'dialog__actions' },
        this.takeTheirsButton = h('button', { type: 'button', class: 'button button--quiet', text: t('conflict_take_theirs'),
          on: { click: () => this.takeTheirs() } }),
        h('span', { class: 'dialog__spacer' }),
        this.keepMineButton = h('button', { type: 'button', class: 'button button--primary', text: t('conflict_keep_mine'),
          on: { click: () => this.keepMine() } })));
    // Locked while editing: said at the top of the dialog (in its sticky head), the text stays.
    this.lockedNotice = h('div', { class: 'dialog__banner dialog__banner--danger dialog__locked', role: 'alert', hidden: true },
      h('p', { class: 'dialog__banner-text', text: t('edit_locked') }),
      this.copyButton = h('button', { type: 'button', class: 'button button--secondary button--small dialog__banner-action',
        on: { click: () => copyText(this.form.text.value, this.copyButton) } },
      h('span', { class: 'button__label', text: t('edit_locked_copy') })));
    // Unsaved changes from before (a reload) are back in the form: said in the sticky head, with
    // a way to drop them, until the writer goes on typing.
    this.draftNotice = h('div', { class: 'dialog__banner dialog__banner--warn dialog__draft', role: 'status', hidden: true },
      h('p', { class: 'dialog__banner-text', text: t('edit_draft_restored') }),
      h('button', { type: 'button', class: 'button button--secondary button--small dialog__banner-action',
        text: t('edit_draft_discard'), on: { click: () => this.discardDraft() } }));
    this.dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'editor-title' },
      h('header', { class: 'dialog__head' }, this.title,
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => this.close() } }, '×'),
        this.lockedNotice, this.draftNotice),
      this.main, this.confirm, this.conflict);
    this.dialog.addEventListener('close', () => { this.noteId = null; });
    // Clicking the backdrop closes.
    this.dialog.addEventListener('click', (event) => { if (event.target === this.dialog) this.close(); });
    this.form.onChange = () => this.updateTitle();
    if (drafts) {
      for (const event of ['input', 'change', 'nform:change']) this.form.el.addEventListener(event, () => this.keepDraft());
      this.form.el.addEventListener('input', () => { this.draftNotice.hidden = true; });
    }
    document.body.appendChild(this.dialog);

    session.store.subscribe((change) => {
      if (!this.noteId || !this.dialog.open) return;
      // Our own delete: its broadcast may come before its ack. Only a delete by someone else
      // (while this dialog is open) is news.
      if (change.type === 'deleted' && change.id === this.noteId && !this.deletedHere.has(change.id)) {
        if (this.drafts) this.drafts.remove(change.id); // the note is gone: nothing to save it on
        this.close();
        if (this.onDeletedElsewhere) this.onDeletedElsewhere(change.previous);
        else toast(t('error.note_not_found'), 'info');
      }
    });
  }

  /** Whether this page deleted the note with this id itself. */
  wasDeletedHere(id) {
    return this.deletedHere.has(id);
  }

  updateTitle() {
    const card = this.form.block === COALITION_BLOCK;
    if (!this.confirm.hidden) this.title.textContent = card ? t('delete_card_title') : t('delete_note_title');
    else this.title.textContent = card ? t('edit_card') : t('edit_note');
  }

  /**
   * The canvas was locked (or opened again) while a participant may be editing: the dialog stays
   * open with everything typed in it; saving and deleting wait until it is open again.
   */
  setLocked(locked) {
    const was = this.locked;
    this.locked = Boolean(locked);
    this.lockedNotice.hidden = !this.locked;
    this.dialog.classList.toggle('is-locked', this.locked);
    this.updateButtons();
    if (was && !this.locked && this.dialog.open) toast(t('edit_unlocked'), 'info');
  }

  /** Open for the note with this id; `confirmDelete` opens straight at the delete question. */
  open(noteId, { confirmDelete = false } = {}) {
    const note = this.session.store.notes.get(noteId);
    if (!note) return;
    this.noteId = null; // filling the form in is no edit to keep
    this.baseVersion = note.version;
    this.mine = null;
    this.form.setValue(note);
    this.draftNotice.hidden = true;
    const draft = this.drafts ? this.drafts.get(noteId) : null;
    if (draft && sameContent(note, draft.value)) this.drafts.remove(noteId); // saved after all
    else if (draft) {
      this.form.setValue(Object.assign({}, note, draft.value));
      if (typeof draft.version === 'number') this.baseVersion = draft.version;
      this.draftNotice.hidden = false;
    }
    this.noteId = noteId;
    this.updateTitle();
    this.setBusy(false);
    this.main.hidden = false;
    this.confirm.hidden = true;
    this.conflict.hidden = true;
    this.updateTitle();
    if (!this.dialog.open) this.dialog.showModal();
    if (confirmDelete) this.askDelete();
    else this.focusText();
  }

  /** The cursor in the text field, its label in view under the dialog's sticky head. */
  focusText() {
    const field = this.form.text;
    field.focus({ preventScroll: true });
    const label = field.closest('.field') || field;
    const head = this.dialog.querySelector('.dialog__head').getBoundingClientRect();
    const box = label.getBoundingClientRect();
    const bottom = this.dialog.getBoundingClientRect().bottom;
    if (box.top < head.bottom + 8 || box.bottom > bottom) this.dialog.scrollTop += box.top - head.bottom - 8;
  }

  close() {
    if (this.dialog.open) this.dialog.close();
  }

  /** Keep what the form holds now as this note's unsaved change (or drop it: nothing changed). */
  keepDraft() {
    const id = this.noteId;
    if (!this.drafts || !id || this.main.hidden) return;
    const value = this.form.value();
    if (sameContent(this.session.store.notes.get(id), value)) this.drafts.remove(id);
    else this.drafts.set(id, value, this.baseVersion);
  }

  /** Drop the unsaved change that was brought back: the note as it is saved. */
  discardDraft() {
    const id = this.noteId;
    const note = id ? this.session.store.notes.get(id) : null;
    if (this.drafts && id) this.drafts.remove(id);
    this.draftNotice.hidden = true;
    if (!note) return;
    this.noteId = null;
    this.baseVersion = note.version;
    this.form.setValue(note);
    this.noteId = id;
    this.updateTitle();
    this.focusText();
  }

  forgetDraft(id) {
    if (this.drafts && id) this.drafts.remove(id);
  }

  setBusy(busy) {
    this.busy = busy;
    this.updateButtons();
    this.dialog.classList.toggle('is-busy', busy);
  }

  updateButtons() {
    const blocked = this.busy || this.locked;
    this.saveButton.disabled = blocked;
    this.deleteButton.disabled = blocked;
    this.confirmButton.disabled = blocked;
    this.keepMineButton.disabled = blocked;
    this.takeTheirsButton.disabled = this.busy;
  }

  async save() {
    if (this.busy || !this.noteId) return;
    if (this.locked) { toast(t('error.locked'), 'error'); return; }
    const problem = this.form.validate();
    if (problem) { toast(problem, 'error'); return; }
    await this.send(this.form.value());
  }

  /** note:update with the version the edit started from; a conflict opens the comparison. */
  async send(value) {
    const payload = Object.assign({ id: this.noteId, version: this.baseVersion }, value);
    if (value.block !== COALITION_BLOCK) delete payload.coalition;
    if (typeof payload.version !== 'number') delete payload.version;
    this.setBusy(true);
    const ack = await this.session.request('note:update', payload);
    this.setBusy(false);
    if (ack.ok) this.session.store.upsert(ack.note, ack.rev, false);
    else if (ack.code === 'version_conflict' && ack.note) this.session.store.upsert(ack.note, undefined, false);
    if (ack.ok) this.forgetDraft(payload.id);
    if (!this.dialog.open) return; // closed while the request was under way
    if (ack.ok) {
      this.close();
      toast(t('note_saved'), 'success');
      return;
    }
    if (ack.code === 'version_conflict' && ack.note) {
      if (sameContent(ack.note, value)) {
        // Our own earlier attempt got through (its answer was lost): nothing to choose.
        this.forgetDraft(payload.id);
        this.close();
        toast(t('note_saved'), 'success');
        return;
      }
      this.showConflict(value, ack.note);
      return;
    }
    // Offline or no answer: the dialog and the text stay; saving again is safe (the version
    // check recognises an earlier attempt that did arrive).
    if (ack.code === 'offline') toast(t('edit_offline'), 'error');
    else toastError(ack);
  }

  /** Mine next to theirs (the form, hidden meanwhile, still holds my fields). */
  showConflict(mine, theirs) {
    this.mine = mine;
    this.baseVersion = theirs.version;
    this.mineView.replaceChildren(...versionView(mine).filter(Boolean));
    this.theirsView.replaceChildren(...versionView(theirs).filter(Boolean));
    this.main.hidden = true;
    this.confirm.hidden = true;
    this.conflict.hidden = false;
    this.keepMineButton.focus();
  }

  /** Save my version over theirs, knowingly: sent against the version I have now seen. */
  keepMine() {
    if (this.busy || this.locked || !this.mine) return;
    this.send(this.mine);
  }

  /** Their version stays; the note on the board already shows it. */
  takeTheirs() {
    this.forgetDraft(this.noteId);
    this.close();
    toast(t('conflict_taken'), 'info');
  }

  askDelete() {
    const note = this.session.store.notes.get(this.noteId);
    this.confirmPreview.textContent = note ? note.text : '';
    this.main.hidden = true;
    this.conflict.hidden = true;
    this.confirm.hidden = false;
    this.updateTitle();
    this.confirmButton.focus();
  }

  cancelDelete() {
    this.main.hidden = false;
    this.confirm.hidden = true;
    this.updateTitle();
  }

  async remove() {
    if (this.busy || this.locked || !this.noteId) return;
    const id = this.noteId;
    this.setBusy(true);
    this.deletedHere.add(id); // before sending: the broadcast can overtake the ack
    const ack = await this.session.request('note:delete', { id });
    this.setBusy(false);
    if (ack.code === 'offline') { this.deletedHere.delete(id); toast(t('delete_offline'), 'error'); return; }
    // Not found: an earlier attempt whose answer was lost did delete it (or someone else did).
    if (!ack.ok && ack.code !== 'note_not_found') {
      // A timeout may still have deleted it: its broadcast, if it comes, is no news then.
      if (ack.code !== 'timeout') this.deletedHere.delete(id);
      toastError(ack);
      return;
    }
    const store = this.session.store;
    this.forgetDraft(id);
    store.remove(id, ack.ok ? ack.rev : store.rev, false);
    this.close();
    toast(t('note_deleted'), 'success');
  }
}
