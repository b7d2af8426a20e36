// The list of notes on the phone: the whole canvas or "my notes" (the tabs), each note decorated
// for this participant (own notes editable, waiting ones marked, vote bars in a round), and in a
// silent round without the notes others write during it.
import { t } from '../boot.js';
import { $, $$ } from '../dom.js';
import { toast } from '../toast.js';
import { buildList, BoardView } from '../render.js';
import { inSilentRound } from '../silence.js';
import { changesFacilitation } from '../facilitation.js';

export class NoteList {
  /** editor: the NoteEditor own notes open in; voting: the Voting that makes vote bars. */
  constructor({ store, editor, voting }) {
    this.store = store;
    this.editor = editor;
    this.voting = voting;
    this.mineOnly = false;
    this.settingsKey = '';
    this.view = new BoardView(buildList($('#list')), store,
      { decorate: (note) => this.decorate(note), animate: true, filter: (note) => this.visible(note) });
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

  decorate(note) {
    const store = this.store;
    const settings = store.settings;
    const showAuthor = settings.show_authors !== false;
    const voting = this.voting.budget() > 0;
    const flags = `${showAuthor ? 'a' : ''}${voting ? `v${store.myVotes.by_note[note.id] || 0}` : ''}`
      + `${voting && store.votesLeft() === 0 ? 'z' : ''}`;
    const extra = voting ? () => this.voting.bar(note) : null;
    if (note.pending) {
      // Not on the server yet: no votes, no edit (the outbox sends it as it was written).
      return { mine: true, showAuthor, dots: false, classes: 'is-pending', labels: [t('pending_label')],
        signature: `p${flags}` };
    }
    if (store.isMine(note)) {
      return {
        mine: true,
        showAuthor,
        dots: !voting,
        extra,
        signature: `m${flags}${settings.locked ? 'l' : ''}`,
        // A locked canvas cannot be changed: no edit button.
        actions: settings.locked ? [] : [{ label: t('edit'), icon: 'edit', showLabel: true, onClick: () => this.editor.open(note.id) }],
      };
    }
    return { showAuthor, dots: !voting, extra, signature: flags };
  }

  /** Decorations depend on the settings: rebuild the notes when those they depend on change. */
  refreshOnNewSettings() {
    const settings = this.store.settings || {};
    const key = `${settings.show_authors !== false}|${Boolean(settings.locked)}|${this.voting.budget()}|${Boolean(settings.silent)}`;
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

/** One of our own notes left the canvas, and not by our hand: say so, kindly, to its author. */
export function tellRemovedNotes({ store, editor }) {
  store.subscribe((change) => {
    if (change.type !== 'deleted' || !change.previous || change.by !== 'facilitator') return;
    const note = change.previous;
    if (note.pending || !store.isMine(note) || editor.wasDeletedHere(change.id)) return;
    const text = note.text.length > 60 ? `${note.text.slice(0, 57).trimEnd()}…` : note.text;
    toast(t('note_removed_by_other', { text }), 'info', { timeout: 7000 });
  });
}
