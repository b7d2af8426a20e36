// The group's clustering round on the phone (settings.participants_cluster): no dragging on a
// small screen, but "Groeperen met…" on a note, which opens a list of the notes and clusters of
// the same block and sub-area (searchable, one tap to choose), and "Uit groep halen" on a note in
// a cluster. The server decides (docs/protocol.md, "Clusters"); what it refuses is said in Dutch.
import { t, COALITION_BLOCK } from '../boot.js';
import { $, h } from '../dom.js';
import { toast, toastError } from '../toast.js';
import { areaKeyOf } from '../render.js';
import { newNoteId } from '../connection.js';
import { inSilentRound } from '../silence.js';
import { changesFacilitation } from '../facilitation.js';

/** Lower case, without accents and punctuation: what a search compares. */
function plain(text) {
  return String(text || '').normalize('NFD').replace(/[\u0300-\u036f\u00ad]/g, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const shortText = (text, max = 140) => (text.length > max ? `${text.slice(0, max - 3).trimEnd()}…` : text);

/** What the server refused, in words for this action. */
function refused(ack) {
  if (ack && ack.code === 'too_fast') {
    const seconds = Math.max(1, Math.ceil(Number(ack.retry_after ?? ack.seconds) || 1));
    toast(t('group_too_fast', { seconds }), 'error');
    return;
  }
  toastError(ack);
}

export class Grouping {
  /** session: the Session the requests go through. */
  constructor({ session }) {
    this.session = session;
    this.store = session.store;
    this.dialog = null;
    this.store.subscribe((change) => { if (changesFacilitation(change)) this.update(); });
  }

  /** Participants may group now (the facilitator allows it, the canvas is not locked). */
  enabled() {
    const settings = this.store.settings || {};
    return Boolean(settings.participants_cluster) && !settings.locked;
  }

  /** May `note` be grouped: on the server, visible to all, and not a coalition card. */
  groupable(note) {
    return !note.pending && !note.hidden && note.block !== COALITION_BLOCK && Boolean(areaKeyOf(note));
  }

  /** The actions on a note for grouping (none when grouping is off). */
  actions(note) {
    if (!this.enabled() || !this.groupable(note)) return [];
    const actions = [{ label: t('group_with'), kind: 'group', showLabel: true, onClick: () => this.open(note.id) }];
    if (this.store.clusterOf(note.id)) {
      actions.push({ label: t('ungroup_note'), kind: 'ungroup', showLabel: true, onClick: () => this.ungroup(note.id) });
    }
    return actions;
  }

  /** Part of the signature of a note's element: rebuilt when its grouping actions change. */
  signature(note) {
    if (!this.enabled() || !this.groupable(note)) return '';
    return this.store.clusterOf(note.id) ? 'G2' : 'G1';
  }

  /**
   * What `note` may be grouped with: the clusters and the unclustered notes of its area (as this
   * participant sees them), its own cluster and itself left out. Clusters first.
   */
  choices(note) {
    const store = this.store;
    const area = areaKeyOf(note);
    const own = store.clusterOf(note.id);
    const seen = (n) => n.id !== note.id && this.groupable(n) && areaKeyOf(n) === area
      && (store.isMine(n) || !inSilentRound(n, store.settings));
    const clusters = [];
    const loose = [];
    for (const n of store.list(seen)) {
      const cluster = store.clusterOf(n.id);
      if (!cluster) { loose.push({ kind: 'note', note: n, text: n.text }); continue; }
      if (own && cluster.id === own.id) continue;
      if (clusters.some((c) => c.cluster.id === cluster.id)) continue;
      const notes = store.clusterNotes(cluster);
      clusters.push({ kind: 'cluster', cluster, count: notes.length, text: store.clusterTitle(cluster),
        search: notes.map((m) => m.text).join(' ') });
    }
    return [...clusters, ...loose];
  }

  /** The dialog listing where `noteId` may go. */
  open(noteId) {
    const note = this.store.notes.get(noteId);
    if (!note) return;
    if (this.dialog) this.dialog.close();
    const choices = this.choices(note);
    const list = h('ul', { class: 'groupdlg__list' });
    const empty = h('p', { class: 'groupdlg__empty', text: choices.length ? t('group_no_match') : t('group_none'),
      hidden: choices.length > 0 });
    const buttons = choices.map((choice) => {
      const button = h('button', { type: 'button', class: `groupdlg__choice groupdlg__choice--${choice.kind}`,
        dataset: choice.kind === 'cluster' ? { cluster: choice.cluster.id } : { note: choice.note.id },
        on: { click: () => { dialog.close(); this.group(noteId, choice); } } },
      choice.kind === 'cluster' ? h('span', { class: 'groupdlg__kind', text: t('cluster') }) : null,
      h('span', { class: 'groupdlg__text', text: shortText(choice.text) }),
      choice.kind === 'cluster' ? h('span', { class: 'groupdlg__count', text: String(choice.count) }) : null);
      const item = h('li', { class: 'groupdlg__item' }, button);
      item.searchText = plain(`${choice.text} ${choice.search || ''}`);
      return item;
    });
    list.replaceChildren(...buttons);
    const search = h('input', { class: 'input groupdlg__search', type: 'search', 'aria-label': t('group_search'),
      placeholder: t('group_search'), autocomplete: 'off', enterkeyhint: 'search',
      on: { input: () => {
        const words = plain(search.value).split(' ').filter(Boolean);
        let shown = 0;
        for (const item of buttons) {
          item.hidden = !words.every((word) => item.searchText.includes(word));
          if (!item.hidden) shown += 1;
        }
        empty.hidden = shown > 0;
      } } });
    const dialog = h('dialog', { class: 'dialog groupdlg', 'aria-labelledby': 'groupdlg-title' },
      h('header', { class: 'dialog__head' },
        h('h2', { class: 'dialog__title', id: 'groupdlg-title', text: t('group_with') }),
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => dialog.close() } }, '×')),
      h('div', { class: 'groupdlg__body' },
        h('p', { class: 'dialog__preview groupdlg__note', text: shortText(note.text, 200) }),
        h('p', { class: 'groupdlg__hint', text: t('group_with_hint') }),
        choices.length > 6 ? search : null,
        empty,
        list));
    dialog.addEventListener('click', (event) => { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener('close', () => { dialog.remove(); if (this.dialog === dialog) this.dialog = null; });
    document.body.appendChild(dialog);
    this.dialog = dialog;
    dialog.showModal();
    // The focus on the dialog's first control without opening a phone's keyboard over the list.
    dialog.querySelector('.dialog__close').focus();
  }

  /** The banner while grouping is open; grouping going off (or a lock) closes the dialog. */
  update() {
    const on = this.enabled();
    const banner = $('#grouping-card');
    if (banner) banner.hidden = !on;
    if (this.dialog && !on) this.dialog.close();
  }

  /** Put note `noteId` with what was chosen: into a cluster, or into a new one with a note. */
  async group(noteId, choice) {
    const store = this.store;
    const target = choice.kind === 'cluster' ? choice.cluster : store.clusterOf(choice.note.id);
    let ack;
    if (target) {
      // "add" leaves the others in place: two people adding at once never undo each other.
      ack = await this.session.request('cluster:update', { id: target.id, add: [noteId] });
    } else {
      // The chosen note first: the new cluster stands where it stood.
      ack = await this.session.request('cluster:create', { id: newNoteId().replace(/^n-/, 'c-'),
        note_ids: [choice.note.id, noteId] });
    }
    if (!ack.ok) { refused(ack); return; }
    store.upsertCluster(ack.cluster, ack.rev, false);
    toast(t('group_done_phone'), 'success');
  }

  /** Take note `noteId` out of its cluster; the last note out dissolves it. */
  async ungroup(noteId) {
    const store = this.store;
    const cluster = store.clusterOf(noteId);
    if (!cluster) return;
    const rest = cluster.note_ids.filter((id) => id !== noteId);
    const ack = rest.length
      ? await this.session.request('cluster:update', { id: cluster.id, note_ids: rest })
      : await this.session.request('cluster:delete', { id: cluster.id });
    if (!ack.ok) { refused(ack); return; }
    if (ack.cluster) store.upsertCluster(ack.cluster, ack.rev, false);
    else store.removeCluster(ack.id || cluster.id, ack.rev, false);
    toast(t('ungroup_done'), 'success');
  }
}
