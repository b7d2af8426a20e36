// The "Voorstellen" panel: the server's suggestions (GET /api/workshops/<code>/suggestions, with
// the facilitator key): notes that say the same ("Zelfde idee?" → merge into one cluster) and
// notes that belong together (a group with a suggested title → one cluster). One action each;
// what the facilitator dismissed stays dismissed on this device (per workshop).
import { t, tn, blockByKey, rules } from './boot.js';
import { $, h } from './dom.js';
import { api } from './api.js';
import { load, save } from './storage.js';
import { shortText } from './clustering.js';

// Clustering changes come in bursts (a facilitator drags several notes): ask again once it is quiet.
const REFRESH_AFTER_MS = 1500;
const DISMISSED_MAX = 500;

const dismissedKey = (code) => `nc:dismissed:${code}`;

export class SuggestionPanel {
  /** code: the workshop; getKey(): the facilitator key; clustering: a Clustering. */
  constructor({ code, getKey, clustering }) {
    this.code = code;
    this.getKey = getKey;
    this.clustering = clustering;
    this.store = clustering.store;
    this.data = null;
    this.loading = false;
    this.timer = 0;
    this.list = $('#suggest-list');
    this.status = $('#suggest-status');
    this.button = $('#suggest-load');
    this.dismissed = new Set(this.readDismissed());
    this.button.addEventListener('click', () => this.load());
    clustering.onChange(() => this.soon());
    this.store.subscribe((change) => {
      if (change.type === 'cluster' || change.type === 'deleted') this.soon();
    });
  }

  readDismissed() {
    try {
      const list = JSON.parse(load(dismissedKey(this.code)) || '[]');
      return Array.isArray(list) ? list.filter((id) => typeof id === 'string') : [];
    } catch (error) {
      return [];
    }
  }

  dismiss(id) {
    this.dismissed.add(id);
    save(dismissedKey(this.code), JSON.stringify(Array.from(this.dismissed).slice(-DISMISSED_MAX)));
    this.render();
  }

  /** Refresh a little later, once loaded at least once (on demand first). */
  soon() {
    if (!this.data) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.load(), REFRESH_AFTER_MS);
  }

  async load() {
    if (this.loading) { this.again = true; return; }
    this.loading = true;
    this.button.disabled = true;
    this.status.textContent = t('suggest_loading');
    const answer = await api(`/api/workshops/${encodeURIComponent(this.code)}/suggestions`, { key: this.getKey() });
    this.loading = false;
    this.button.disabled = false;
    this.button.textContent = t('suggest_refresh');
    if (!answer.ok) {
      this.status.textContent = answer.error;
      return;
    }
    const body = answer.body || {};
    this.data = { duplicates: Array.isArray(body.duplicates) ? body.duplicates : [],
      groups: Array.isArray(body.groups) ? body.groups : [] };
    this.render();
    if (this.again) { this.again = false; this.load(); }
  }

  /** The suggestion's notes this page still holds; null when fewer than two are left. */
  notesOf(suggestion) {
    const notes = (suggestion.note_ids || []).map((id) => this.store.notes.get(id)).filter(Boolean);
    return notes.length >= 2 ? notes : null;
  }

  /** Whether these notes are already in one cluster together (nothing left to do). */
  together(notes) {
    const first = this.store.clusterOf(notes[0].id);
    return Boolean(first) && notes.every((note) => first.note_ids.includes(note.id));
  }

  render() {
    if (!this.data) return;
    const items = [];
    for (const dup of this.data.duplicates) {
      if (this.dismissed.has(dup.id)) continue;
      const notes = this.notesOf(dup);
      if (notes && !this.together(notes)) items.push(this.duplicateItem(dup, notes));
    }
    for (const group of this.data.groups) {
      if (this.dismissed.has(group.id)) continue;
      const notes = this.notesOf(group);
      if (notes && !this.together(notes)) items.push(this.groupItem(group, notes));
    }
    this.list.replaceChildren(...items);
    this.status.textContent = items.length ? tn('suggest_count', items.length) : t('suggest_none');
  }

  where(suggestion) {
    const block = blockByKey.get(suggestion.block);
    return block ? block.title : '';
  }

  notesList(notes) {
    return h('ul', { class: 'suggest__notes' }, notes.map((note) => h('li', { class: 'suggest__note',
      style: { '--paper': '' }, dataset: { id: note.id } }, shortText(note.text, 140))));
  }

  duplicateItem(dup, notes) {
    return h('li', { class: 'suggest suggest--duplicate', dataset: { suggestion: dup.id } },
      h('p', { class: 'suggest__head' }, h('strong', { text: t('suggest_duplicate') }), ' ',
        h('span', { class: 'suggest__where', text: this.where(dup) })),
      this.notesList(notes),
      h('div', { class: 'suggest__actions' },
        h('button', { type: 'button', class: 'button button--primary button--small', text: t('suggest_merge'),
          on: { click: () => this.merge(dup, notes) } }),
        h('button', { type: 'button', class: 'button button--quiet button--small', text: t('suggest_dismiss'),
          on: { click: () => this.dismiss(dup.id) } })));
  }

  groupItem(group, notes) {
    const inputId = `suggest-title-${group.id}`;
    const input = h('input', { class: 'input suggest__title', id: inputId, type: 'text', autocomplete: 'off',
      value: group.title || '', maxlength: String(rules.lengths.cluster_title || 200) });
    return h('li', { class: 'suggest suggest--group', dataset: { suggestion: group.id } },
      h('p', { class: 'suggest__head' }, h('strong', { text: t('suggest_group') }), ' ',
        h('span', { class: 'suggest__where', text: this.where(group) })),
      h('label', { class: 'field__label', for: inputId, text: t('suggest_group_title') }),
      input,
      this.notesList(notes),
      h('div', { class: 'suggest__actions' },
        h('button', { type: 'button', class: 'button button--primary button--small', text: t('suggest_accept_group'),
          on: { click: () => this.group(group, notes, input.value) } }),
        h('button', { type: 'button', class: 'button button--quiet button--small', text: t('suggest_dismiss'),
          on: { click: () => this.dismiss(group.id) } })));
  }

  /** Duplicates into one cluster: the cluster one of them is in already, or a new one. */
  async merge(dup, notes) {
    const inCluster = notes.map((note) => this.store.clusterOf(note.id)).find(Boolean);
    const ids = notes.map((note) => note.id);
    const ack = inCluster ? await this.clustering.addTo(inCluster.id, ids) : await this.clustering.create(ids);
    if (ack && ack.ok) this.dismiss(dup.id);
  }

  async group(group, notes, title) {
    const ack = await this.clustering.create(notes.map((note) => note.id), title.trim());
    if (ack && ack.ok) this.dismiss(group.id);
  }
}
