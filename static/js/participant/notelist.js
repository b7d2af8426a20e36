// The list of notes on the phone: the whole canvas or "my notes" (the tabs), each note decorated
// for this participant (own notes editable, waiting ones, hidden ones and unsaved edits marked,
// vote bars in a round), and in a silent round without the notes others write during it. Blocks
// fold away (participant/blocknav.js).
import { t } from '../boot.js';
import { $, $$ } from '../dom.js';
import { toast } from '../toast.js';
import { buildList, BoardView } from '../render.js';
import { inSilentRound } from '../silence.js';
import { changesFacilitation } from '../facilitation.js';
import { ClusterStacks } from './stacks.js';

export class NoteList {
  /**
   * editor: the NoteEditor own notes open in; voting: the Voting that makes vote bars; drafts:
   * the EditDrafts whose notes are marked as not saved; grouping: the Grouping whose actions
   * notes get in a clustering round; openKey: where the open stacks are kept (per tab).
   */
  constructor({ store, editor, voting, drafts = null, grouping = null, openKey = 'nc:open-clusters' }) {
    this.store = store;
    this.editor = editor;
    this.voting = voting;
    this.drafts = drafts;
    this.grouping = grouping;
    this.stacks = new ClusterStacks({ store, voting, key: openKey, schedule: () => this.view.schedule() });
    this.mineOnly = false;
    this.settingsKey = '';
    this.renderListeners = new Set();
    this.view = new BoardView(buildList($('#list'), { collapsible: true }), store,
      { decorate: (note) => this.decorate(note), animate: true, filter: (note) => this.visible(note),
        decorateCluster: (cluster, notes) => this.stacks.decorate(cluster, notes, { mineOnly: this.mineOnly }),
        onRendered: () => {
          this.stacks.restoreFocus($('#list'));
          for (const listener of this.renderListeners) listener(this);
        } });
    if (drafts) drafts.subscribe(() => this.view.schedule());
    for (const tab of $$('.tab')) tab.addEventListener('click', () => this.setFilter(tab.dataset.filter === 'mine'));
    store.subscribe(() => this.updateCounts());
    store.subscribe((change) => {
      // A join: who "me" is may have changed with it.
      if (change.type === 'reset') this.view.refresh();
      if (changesFacilitation(change)) this.refreshOnNewSettings();
    });
    this.updateCounts();
  }

  /** Which notes the list shows: "my notes" only, and in a silent round none of the notes others
   * write during it (those from before it stay in view). */
  visible(note) {
    const store = this.store;
    if (store.isMine(note)) return true;
    return !this.mineOnly && !inSilentRound(note, store.settings);
  }

  /** listener(noteList) after every render of the list (counts, the block index). */
  onRender(listener) {
    this.renderListeners.add(listener);
  }

  decorate(note) {
    const store = this.store;
    const settings = store.settings;
    const showAuthor = settings.show_authors !== false;
    // A note in a cluster is voted on through its cluster (the stack's bar), not on its own.
    const clustered = Boolean(store.clusterOf(note.id));
    // Nobody can vote on a hidden note (only its author sees it).
    const round = this.voting.budget() > 0;
    const voting = round && !note.hidden && !clustered;
    const flags = `${showAuthor ? 'a' : ''}${voting ? `v${store.myVotes.by_note[note.id] || 0}` : ''}`
      + `${voting && store.votesLeft() === 0 ? 'z' : ''}${clustered ? 'c' : ''}`;
    const extra = voting ? () => this.voting.bar(note) : null;
    const grouping = this.grouping ? this.grouping.actions(note) : [];
    const groupFlags = this.grouping ? this.grouping.signature(note) : '';
    if (note.pending) {
      // Not on the server yet: no votes, no edit (the outbox sends it as it was written).
      return { mine: true, showAuthor, dots: false, classes: 'is-pending', labels: [t('pending_label')],
        signature: `p${flags}` };
    }
    if (store.isMine(note)) {
      const unsaved = Boolean(this.drafts && this.drafts.has(note.id));
      return {
        mine: true,
        showAuthor,
        dots: !round || Boolean(note.hidden),
        extra,
        // Hidden by the facilitator: only its author still sees it, and is told so on it.
        classes: note.hidden ? 'is-hidden-note' : null,
        labels: [note.hidden ? t('hidden_by_facilitator') : null, unsaved ? t('edit_draft_label') : null],
        signature: `m${flags}${settings.locked ? 'l' : ''}${unsaved ? 'd' : ''}${groupFlags}`,
        // A locked canvas cannot be changed: no edit button.
        actions: settings.locked ? [] : [
          { label: t('edit'), icon: 'edit', showLabel: true, onClick: () => this.editor.open(note.id) }, ...grouping],
      };
    }
    return { showAuthor, dots: !round || Boolean(note.hidden), extra, signature: `${flags}${groupFlags}`, actions: grouping };
  }

  /** Decorations depend on the settings: rebuild the notes when those they depend on change. */
  refreshOnNewSettings() {
    const settings = this.store.settings || {};
    const key = `${settings.show_authors !== false}|${Boolean(settings.locked)}|${this.voting.budget()}|${Boolean(settings.silent)}`
      + `|${Boolean(settings.participants_cluster)}`;
    if (key !== this.settingsKey) { this.settingsKey = key; this.view.refresh(); }
  }

  updateCounts() {
    const mine = this.store.list((n) => this.store.isMine(n)).length;
    $('#mine-count').textContent = String(mine);
    $('#mine-empty').hidden = !(this.mineOnly && mine === 0);
  }

  setFilter(mine) {
    this.mineOnly = mine;
    for (const tab of $$('.tab')) tab.setAttribute('aria-pressed', String((tab.dataset.filter === 'mine') === mine));
    $('#board-title').textContent = mine ? t('my_notes') : t('whole_canvas');
    $('#list').classList.toggle('is-filtered', mine);
    this.view.schedule();
    this.updateCounts();
  }
}

const shortText = (text) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

/**
 * One of our own notes left the canvas, or was hidden or shown again, and not by our hand: say
 * so, kindly and in those words, to its author.
 */
export function tellRemovedNotes({ store, editor }) {
  store.subscribe((change) => {
    if (change.type === 'updated' && change.previous && change.note && store.isMine(change.note)
        && Boolean(change.previous.hidden) !== Boolean(change.note.hidden)) {
      const key = change.note.hidden ? 'note_hidden_by_facilitator' : 'note_shown_again';
      toast(t(key, { text: shortText(change.note.text) }), 'info', { timeout: 7000 });
      return;
    }
    if (change.type !== 'deleted' || !change.previous || change.by !== 'facilitator') return;
    const note = change.previous;
    if (note.pending || !store.isMine(note) || editor.wasDeletedHere(change.id)) return;
    toast(t('note_removed_by_other', { text: shortText(note.text) }), 'info', { timeout: 7000 });
  });
}
