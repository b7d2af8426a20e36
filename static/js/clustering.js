// Grouping notes into clusters on the facilitator page (docs/protocol.md, "Clusters"): every
// grouping action (group, add, take out, reorder, rename, ungroup) goes through here, so that the
// last one can be undone (the button and Ctrl+Z) and the suggestions can refresh after it.
import { t, rules, COALITION_BLOCK } from './boot.js';
import { h } from './dom.js';
import { toast, toastError } from './toast.js';
import { areaKeyOf } from './render.js';

/** A new cluster id: 1-64 characters of A-Z a-z 0-9 _ - (as the notes' ids). */
export function newClusterId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return `c-${window.crypto.randomUUID()}`;
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether a note can be grouped at all (coalition cards never are). */
export function groupable(note) {
  return Boolean(note) && note.block !== COALITION_BLOCK && !note.pending;
}

export class Clustering {
  /** session: the facilitator's Session. */
  constructor(session) {
    this.session = session;
    this.store = session.store;
    this.last = null;          // {label, undo: async () => ack} of the last grouping action
    this.listeners = new Set(); // told after every grouping action and undo
    document.addEventListener('keydown', (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return;
      const target = event.target;
      // Ctrl+Z in a text field undoes typing, not grouping.
      if (target && target.closest && target.closest('input, textarea, select, [contenteditable="true"], dialog[open]')) return;
      if (!this.last) return;
      event.preventDefault();
      this.undo();
    });
  }

  onChange(listener) { this.listeners.add(listener); }

  changed() { for (const listener of this.listeners) listener(this.last); }

  /** Send one event; on success the store takes the ack at once. Resolves to the ack. */
  async send(event, payload) {
    const ack = await this.session.request(event, payload);
    if (!ack.ok) { toastError(ack); return ack; }
    if (ack.cluster) this.store.upsertCluster(ack.cluster, ack.rev, false);
    else if (event === 'cluster:delete') this.store.removeCluster(payload.id, ack.rev, false);
    if (ack.note) this.store.upsert(ack.note, ack.rev, false);
    return ack;
  }

  /** Remember what undoes the action just done, and say so. */
  did(label, undo) {
    this.last = { label, undo };
    toast(t('group_done', { what: label }), 'success');
    this.changed();
  }

  async undo() {
    const last = this.last;
    if (!last) return;
    this.last = null;
    const ack = await last.undo();
    if (ack && ack.ok) toast(t('group_undone', { what: last.label }), 'success');
    this.changed();
  }

  /** Put `noteId` together with note `targetId`: into its cluster, or a new cluster of the two. */
  async groupWithNote(noteId, targetId) {
    if (noteId === targetId) return null;
    const cluster = this.store.clusterOf(targetId);
    if (cluster) return this.addTo(cluster.id, [noteId]);
    return this.create([targetId, noteId]);
  }

  /** Where these notes are now (block, sub-area, their cluster as it is): what an undo puts back. */
  places(noteIds) {
    return noteIds.map((id) => {
      const note = this.store.notes.get(id);
      const cluster = this.store.clusterOf(id);
      return note ? { id, block: note.block, subarea: note.subarea || null,
        cluster: cluster ? Object.assign({}, cluster, { note_ids: cluster.note_ids.slice() }) : null } : null;
    }).filter(Boolean);
  }

  /**
   * Put notes back where `places` found them: a note that grouping moved from another block or
   * sub-area goes back there, a note taken from another cluster (not `except`) back into it.
   */
  async putBack(places, except) {
    for (const place of places) {
      const note = this.store.notes.get(place.id);
      if (note && (note.block !== place.block || (note.subarea || null) !== place.subarea)) {
        await this.send('note:update', { id: place.id, block: place.block, subarea: place.subarea });
      }
    }
    const restored = new Set([except]);
    for (const place of places) {
      if (place.cluster && !restored.has(place.cluster.id)) {
        restored.add(place.cluster.id);
        await this.restore(place.cluster.id, place.cluster.note_ids, place.cluster);
      }
    }
  }

  /** A new cluster of these notes (in this order), with an optional title. */
  async create(noteIds, title = '') {
    const id = newClusterId();
    const payload = { id, note_ids: noteIds };
    if (title) payload.title = title.slice(0, rules.lengths.cluster_title || 200);
    const places = this.places(noteIds);
    const ack = await this.send('cluster:create', payload);
    if (ack.ok) {
      this.did(t('group_did_create'), async () => {
        const undone = await this.send('cluster:delete', { id });
        if (undone.ok) await this.putBack(places, id);
        return undone;
      });
    }
    return ack;
  }

  /** Add notes to a cluster (commutative: two people adding at once never undo each other). */
  async addTo(clusterId, noteIds) {
    const cluster = this.store.clusters.get(clusterId);
    if (!cluster) return null;
    const before = cluster.note_ids.slice();
    const adding = noteIds.filter((id) => !before.includes(id));
    if (!adding.length) return null;
    const places = this.places(adding);
    const ack = await this.send('cluster:update', { id: clusterId, add: adding });
    if (ack.ok) {
      this.did(t('group_did_add'), async () => {
        const undone = await this.restore(clusterId, before, cluster);
        if (undone && undone.ok) await this.putBack(places, clusterId);
        return undone;
      });
    }
    return ack;
  }

  /** A cluster back to `noteIds` (re-made, with its id and title, if it is gone meanwhile). */
  async restore(clusterId, noteIds, was) {
    const present = noteIds.filter((id) => this.store.notes.has(id));
    if (!present.length) return null;
    if (this.store.clusters.has(clusterId)) return this.send('cluster:update', { id: clusterId, note_ids: present });
    const payload = { id: clusterId, note_ids: present };
    if (was && was.title) payload.title = was.title;
    return this.send('cluster:create', payload);
  }

  /** Take a note out of its cluster (the cluster goes when it was its last note). */
  async takeOut(noteId) {
    const cluster = this.store.clusterOf(noteId);
    if (!cluster) return null;
    const before = cluster.note_ids.slice();
    const rest = before.filter((id) => id !== noteId);
    const ack = rest.length
      ? await this.send('cluster:update', { id: cluster.id, note_ids: rest })
      : await this.send('cluster:delete', { id: cluster.id });
    if (ack.ok) this.did(t('group_did_take_out'), () => this.restore(cluster.id, before, cluster));
    return ack;
  }

  /** Move a note within its cluster to `index` (0 = first). */
  async reorder(noteId, index) {
    const cluster = this.store.clusterOf(noteId);
    if (!cluster) return null;
    const before = cluster.note_ids.slice();
    const ids = before.filter((id) => id !== noteId);
    const at = Math.max(0, Math.min(ids.length, index));
    ids.splice(at, 0, noteId);
    if (ids.every((id, i) => id === before[i])) return null;
    const ack = await this.send('cluster:update', { id: cluster.id, note_ids: ids });
    if (ack.ok) this.did(t('group_did_reorder'), () => this.restore(cluster.id, before, cluster));
    return ack;
  }

  /** One step up (-1) or down (+1) in its cluster. */
  step(noteId, delta) {
    const cluster = this.store.clusterOf(noteId);
    if (!cluster) return null;
    return this.reorder(noteId, cluster.note_ids.indexOf(noteId) + delta);
  }

  async rename(clusterId, title) {
    const cluster = this.store.clusters.get(clusterId);
    if (!cluster) return null;
    const old = cluster.title || '';
    const next = title.trim().slice(0, rules.lengths.cluster_title || 200);
    if (next === old) return null;
    const ack = await this.send('cluster:update', { id: clusterId, title: next });
    if (ack.ok) {
      this.did(t('group_did_rename'), () => (this.store.clusters.has(clusterId)
        ? this.send('cluster:update', { id: clusterId, title: old }) : null));
    }
    return ack;
  }

  /** Ungroup: the notes stay where they are. */
  async ungroup(clusterId) {
    const cluster = this.store.clusters.get(clusterId);
    if (!cluster) return null;
    const was = Object.assign({}, cluster, { note_ids: cluster.note_ids.slice() });
    const ack = await this.send('cluster:delete', { id: clusterId });
    if (ack.ok) this.did(t('group_did_ungroup'), () => this.restore(clusterId, was.note_ids, was));
    return ack;
  }

  /**
   * Move a note to another area ("block", "block:sub" or "block:" for the general area): it
   * leaves its cluster there (the server takes it out). Dropped on its own area, it only
   * leaves its cluster.
   */
  async moveToArea(noteId, areaKey) {
    const note = this.store.notes.get(noteId);
    if (!note || !areaKey) return null;
    if (areaKeyOf(note) === areaKey) return this.takeOut(noteId);
    const [block, sub] = areaKey.split(':');
    if (block === COALITION_BLOCK) return null;
    const cluster = this.store.clusterOf(noteId);
    const before = cluster ? cluster.note_ids.slice() : null;
    const from = { block: note.block, subarea: note.subarea || null };
    const ack = await this.send('note:update', { id: noteId, block, subarea: sub || null });
    if (ack.ok) {
      this.did(t('group_did_move'), async () => {
        const back = await this.send('note:update', { id: noteId, block: from.block, subarea: from.subarea });
        if (back.ok && cluster) return this.restore(cluster.id, before, cluster);
        return back;
      });
    }
    return ack;
  }
}

let pickerSeq = 0;

/**
 * A dialog to pick one of `options` [{id, label, detail}]: a search field over a listbox.
 * Arrow keys move through the list, Enter picks, Escape closes. Resolves to the picked id or null.
 */
export function pickDialog({ title, intro = '', options, emptyText }) {
  pickerSeq += 1;
  const seq = pickerSeq;
  return new Promise((resolve) => {
    let answer = null;
    let active = 0;
    let shown = options;
    const search = h('input', { class: 'input', type: 'search', id: `pick-search-${seq}`, autocomplete: 'off',
      role: 'combobox', 'aria-expanded': 'true', 'aria-controls': `pick-list-${seq}`, 'aria-autocomplete': 'list',
      placeholder: t('group_search') });
    const list = h('ul', { class: 'pick__list', role: 'listbox', id: `pick-list-${seq}`, 'aria-label': title });
    const empty = h('p', { class: 'empty-state pick__empty', text: emptyText, hidden: true });
    const close = (value) => { answer = value; dialog.close(); };
    const paint = () => {
      list.replaceChildren(...shown.map((option, i) => h('li', {
        role: 'option', id: `pick-${seq}-${i}`, class: `pick__option${i === active ? ' is-active' : ''}`,
        'aria-selected': i === active ? 'true' : 'false', dataset: { value: option.id },
        on: { click: () => close(option.id), pointermove: () => { if (active !== i) { active = i; paint(); } } },
      }, h('span', { class: 'pick__label', text: option.label }),
      option.detail ? h('span', { class: 'pick__detail', text: option.detail }) : null)));
      empty.hidden = shown.length > 0;
      if (shown.length) {
        search.setAttribute('aria-activedescendant', `pick-${seq}-${active}`);
        const el = list.children[active];
        if (el) el.scrollIntoView({ block: 'nearest' });
      } else search.removeAttribute('aria-activedescendant');
    };
    search.addEventListener('input', () => {
      const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      shown = options.filter((o) => words.every((w) => `${o.label} ${o.detail || ''}`.toLowerCase().includes(w)));
      active = 0;
      paint();
    });
    search.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') { event.preventDefault(); active = Math.min(shown.length - 1, active + 1); paint(); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); active = Math.max(0, active - 1); paint(); }
      else if (event.key === 'Home' && event.ctrlKey) { event.preventDefault(); active = 0; paint(); }
      else if (event.key === 'End' && event.ctrlKey) { event.preventDefault(); active = shown.length - 1; paint(); }
      else if (event.key === 'Enter') { event.preventDefault(); if (shown[active]) close(shown[active].id); }
    });
    const dialog = h('dialog', { class: 'dialog pick', 'aria-labelledby': `pick-title-${seq}` },
      h('header', { class: 'dialog__head' },
        h('h2', { class: 'dialog__title', id: `pick-title-${seq}`, text: title }),
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => close(null) } }, '×')),
      h('div', { class: 'pick__body' },
        intro ? h('p', { class: 'pick__intro', text: intro }) : null,
        h('label', { class: 'visually-hidden', for: `pick-search-${seq}`, text: t('group_search') }),
        search, list, empty,
        h('p', { class: 'field__hint', text: t('group_pick_keys') })));
    dialog.addEventListener('click', (event) => { if (event.target === dialog) close(null); });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.appendChild(dialog);
    paint();
    dialog.showModal();
    search.focus();
  });
}

/** A dialog with one text field (a cluster's title). Resolves to the text, or null when cancelled. */
export function titleDialog({ title, label, value = '' }) {
  pickerSeq += 1;
  const seq = pickerSeq;
  return new Promise((resolve) => {
    let answer = null;
    const input = h('input', { class: 'input', type: 'text', id: `title-input-${seq}`, value, autocomplete: 'off',
      maxlength: String(rules.lengths.cluster_title || 200) });
    const close = (v) => { answer = v; dialog.close(); };
    const form = h('form', { class: 'pick__body', novalidate: true,
      on: { submit: (event) => { event.preventDefault(); close(input.value); } } },
    h('label', { class: 'field__label', for: `title-input-${seq}`, text: label }),
    input,
    h('p', { class: 'field__hint', text: t('cluster_title_hint') }),
    h('div', { class: 'dialog__actions' },
      h('span', { class: 'dialog__spacer' }),
      h('button', { type: 'button', class: 'button button--quiet', text: t('cancel'), on: { click: () => close(null) } }),
      h('button', { type: 'submit', class: 'button button--primary', text: t('save') })));
    const dialog = h('dialog', { class: 'dialog pick', 'aria-labelledby': `title-title-${seq}` },
      h('header', { class: 'dialog__head' },
        h('h2', { class: 'dialog__title', id: `title-title-${seq}`, text: title }),
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => close(null) } }, '×')),
      form);
    dialog.addEventListener('click', (event) => { if (event.target === dialog) close(null); });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.appendChild(dialog);
    dialog.showModal();
    input.focus();
    input.select();
  });
}

/** A short text for a note in a list (one line). */
export function shortText(text, max = 90) {
  const line = String(text || '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * "Group with…": pick a note or cluster of the same block for note `noteId`, then group.
 */
export async function groupWithDialog(clustering, noteId) {
  const store = clustering.store;
  const note = store.notes.get(noteId);
  if (!groupable(note)) return;
  const own = store.clusterOf(noteId);
  const options = [];
  for (const cluster of store.clusters.values()) {
    if (cluster.block !== note.block || (own && own.id === cluster.id)) continue;
    options.push({ id: `c:${cluster.id}`, label: shortText(store.clusterTitle(cluster)),
      detail: t('group_option_cluster', { n: store.clusterNotes(cluster).length }) });
  }
  for (const other of store.notes.values()) {
    if (other.id === noteId || other.block !== note.block || other.pending || store.clusterOf(other.id)) continue;
    options.push({ id: `n:${other.id}`, label: shortText(other.text), detail: other.author || '' });
  }
  const picked = await pickDialog({
    title: t('group_with_title'),
    intro: `“${shortText(note.text, 120)}”`,
    options,
    emptyText: t('group_with_none'),
  });
  if (!picked) return;
  const [kind, id] = [picked.slice(0, 1), picked.slice(2)];
  if (kind === 'c') await clustering.addTo(id, [noteId]);
  else await clustering.groupWithNote(noteId, id);
}
