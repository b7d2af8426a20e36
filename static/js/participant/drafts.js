// What is typed on the phone survives a reload, on this device only (local storage):
// - ComposeDraft: the note being written (text, block, sub-area, colour, coalition fields), one
//   per workshop. Once the note is kept in the outbox its text is cleared from the draft; its
//   place (block, sub-area, colour) stays, where the next note goes too.
// - EditDrafts: changes in the edit dialog that were not saved yet, per note id, with the
//   version the edit began from (so a note changed meanwhile still shows the conflict).
import { blockByKey } from '../boot.js';
import { load, save } from '../storage.js';

const EDITS_KEPT = 20; // unsaved edits kept at most (the oldest go first)

function readObject(key) {
  try {
    const value = JSON.parse(load(key) || 'null');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch (error) {
    return null; // written by something else, or cut off: as if there were none
  }
}

const text = (value) => (typeof value === 'string' ? value : '');

export class ComposeDraft {
  /** form: the compose NoteForm; key: where the draft is kept (keys.draft(code)). */
  constructor({ form, key }) {
    this.form = form;
    this.key = key;
    const update = () => this.save();
    // Typing and choosing (input, change) and changes the page makes (nform:change: the
    // facilitator's focus, a refused note given back, the form emptied after posting).
    for (const event of ['input', 'change', 'nform:change']) form.el.addEventListener(event, update);
  }

  /** The form as it is now, text untrimmed. */
  current({ withText = true } = {}) {
    const form = this.form;
    const draft = { block: form.block, subarea: form.subarea, color: form.color };
    if (!withText) return draft;
    draft.text = form.text.value;
    const coalition = { werkvorm: form.werkvorm.value };
    for (const [field, input] of Object.entries(form.coalitionInputs)) coalition[field] = input.value;
    if (Object.values(coalition).some(Boolean)) draft.coalition = coalition;
    return draft;
  }

  save() {
    save(this.key, JSON.stringify(this.current()));
  }

  /** The note went into the outbox (which sends it): only its place stays in the draft. */
  posted() {
    save(this.key, JSON.stringify(this.current({ withText: false })));
  }

  /** Put a kept draft back in the form. Returns whether it holds text (a note half written). */
  restore() {
    const draft = readObject(this.key);
    if (!draft || !blockByKey.has(draft.block)) return false;
    const coalition = draft.coalition && typeof draft.coalition === 'object' ? draft.coalition : {};
    this.form.setValue({
      block: draft.block,
      subarea: typeof draft.subarea === 'string' ? draft.subarea : null,
      color: typeof draft.color === 'string' ? draft.color : this.form.color,
      text: text(draft.text),
      coalition: Object.fromEntries(Object.entries(coalition).map(([field, value]) => [field, text(value)])),
    });
    return Boolean(text(draft.text).trim()) || Object.values(coalition).some((value) => text(value).trim());
  }
}

export class EditDrafts {
  /** key: where the drafts are kept (keys.edits(code)). */
  constructor(key) {
    this.key = key;
    this.listeners = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
  }

  all() {
    return readObject(this.key) || {};
  }

  /** The unsaved change of note `id`: {value (the fields as note:update takes them), version}. */
  get(id) {
    const draft = this.all()[id];
    return draft && draft.value && typeof draft.value === 'object' ? draft : null;
  }

  has(id) {
    return Boolean(this.get(id));
  }

  set(id, value, version) {
    const drafts = this.all();
    const had = Boolean(drafts[id]);
    drafts[id] = { value, version: typeof version === 'number' ? version : null, at: Date.now() };
    const ids = Object.keys(drafts).sort((a, b) => (drafts[b].at || 0) - (drafts[a].at || 0));
    for (const old of ids.slice(EDITS_KEPT)) delete drafts[old];
    save(this.key, JSON.stringify(drafts));
    if (!had) this.tell(id);
  }

  remove(id) {
    const drafts = this.all();
    if (!(id in drafts)) return;
    delete drafts[id];
    save(this.key, Object.keys(drafts).length ? JSON.stringify(drafts) : null);
    this.tell(id);
  }

  tell(id) {
    for (const listener of this.listeners) listener(id);
  }
}
