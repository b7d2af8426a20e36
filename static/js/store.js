// The client's copy of a workshop: notes keyed by id, revisions as docs/protocol.md "Revisions"
// says. Which message wins is decided in reconcile.js (its header lists the rules); the store
// applies those decisions to its maps and tells its listeners what changed.
import {
  shouldApplyNote, tombstoneOfDelete, revOfState, mergeState, nextRev, replayEarly, isStale,
  settingsChange, isOwnNote, revealedNote, myVotesAfter, keptAsHidden, keptOwnNote,
} from './reconcile.js';

export class NoteStore {
  constructor() {
    this.notes = new Map();        // id -> note, oldest first
    this.seenRev = new Map();      // id -> highest rev at which we heard of the note
    this.tombstones = new Map();   // id -> rev of the delete (Infinity when unknown)
    this.rev = null;               // null until the first state arrives
    this.stateRev = null;          // rev of the last full state applied (null before the first)
    this.early = [];               // revs of broadcasts that came before the first state
    this.settings = {};
    this.settingsRev = -1;         // rev of the settings we hold (a late, older copy is ignored)
    this.counts = {};              // silent brainstorm: notes per block (participants, projector)
    this.countsRev = -1;
    this.votesRev = new Map();     // id -> rev of the vote count we hold
    this.myVotes = { used: 0, by_note: {}, by_cluster: {} }; // participant: the votes given
    this.clusters = new Map();     // id -> cluster {id, block, subarea, title, note_ids, votes}
    this.clusterRev = new Map();   // id -> rev at which we last heard of the cluster (deleted too)
    this.clusterVersion = 0;       // counts changes to this.clusters (for the index of clusterOf)
    this.votesProgress = null;     // facilitator: {budget, spent, participants, voters, with_votes_left}
    this.online = 0;
    this.vitality = null;          // the vitality figures {block: {count, mean, histogram}} (totals only)
    this.myVitality = {};          // participant: their own scores {block: score}
    this.participants = new Map(); // facilitator only: id -> {id, name, online}
    this.me = null;                // {id, token, name} of this device, or null
    this.onGap = null;
    this.listeners = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change) {
    for (const listener of this.listeners) listener(change, this);
  }

  /**
   * A full state (join ack or GET): the notes as the server has them, merged so that newer
   * broadcasts already applied survive. Notes we hold that the state lacks, and that no newer
   * broadcast brought, were deleted (or hidden) while we were away: they go. Our own pending
   * notes (not yet on the server) stay.
   */
  applyState(state) {
    const stateRev = revOfState(state);
    const merged = mergeState(this, state.notes || [], stateRev);
    this.notes = merged.notes;
    this.seenRev = merged.seenRev;
    this.tombstones = merged.tombstones;
    this.votesRev = merged.votesRev;
    this.stateRev = this.stateRev === null ? stateRev : Math.max(this.stateRev, stateRev);
    if (this.rev === null) {
      const replayed = replayEarly(stateRev, this.early);
      this.rev = replayed.rev;
      this.early = [];
      for (const rev of replayed.gaps) if (this.onGap) this.onGap(rev);
    } else {
      this.rev = Math.max(this.rev, stateRev);
    }
    if (!isStale(stateRev, this.settingsRev)) {
      this.settings = state.settings || {};
      this.settingsRev = stateRev;
    }
    if (!isStale(stateRev, this.countsRev)) {
      this.counts = state.counts || {};
      this.countsRev = stateRev;
    }
    const votes = state.votes;
    if (votes && typeof votes === 'object') {
      this.myVotes = { used: Number(votes.used) || 0, by_note: Object.assign({}, votes.by_note || {}),
        by_cluster: Object.assign({}, votes.by_cluster || {}) };
    }
    this.applyClusters(state.clusters, stateRev);
    if (state.votes_progress) this.votesProgress = state.votes_progress;
    if (state.vitality && typeof state.vitality === 'object') this.vitality = state.vitality;
    if (state.my_vitality && typeof state.my_vitality === 'object') this.myVitality = Object.assign({}, state.my_vitality);
    if (typeof state.online === 'number') this.online = state.online;
    if (Array.isArray(state.participants)) {
      this.participants = new Map(state.participants.map((p) => [p.id, p]));
    }
    this.emit({ type: 'reset' });
  }

  /**
   * The last state this device saw live (participant/knownstate.js), shown until a join brings
   * the live one. Only before the first state: the revisions stay unknown, so that state is
   * taken whole (notes deleted meanwhile go, as after any time away). `me`: {id, name}, so our
   * own notes show as ours.
   */
  restoreKnown(state, me) {
    if (this.rev !== null || !state || typeof state !== 'object') return;
    this.me = me && typeof me.id === 'string' ? { id: me.id, name: me.name || '' } : null;
    for (const note of Array.isArray(state.notes) ? state.notes : []) {
      if (note && typeof note.id === 'string' && !note.pending && !this.notes.has(note.id)) {
        this.notes.set(note.id, note);
      }
    }
    if (state.settings && typeof state.settings === 'object') this.settings = state.settings;
    if (state.counts && typeof state.counts === 'object') this.counts = state.counts;
    if (Array.isArray(state.clusters)) {
      this.clusters = new Map(state.clusters.filter((c) => c && typeof c.id === 'string'
        && Array.isArray(c.note_ids)).map((c) => [c.id, c]));
      this.clusterVersion += 1;
    }
    const votes = state.votes;
    if (votes && typeof votes === 'object') {
      this.myVotes = { used: Number(votes.used) || 0, by_note: Object.assign({}, votes.by_note || {}),
        by_cluster: Object.assign({}, votes.by_cluster || {}) };
    }
    if (state.vitality && typeof state.vitality === 'object') this.vitality = state.vitality;
    if (state.my_vitality && typeof state.my_vitality === 'object') this.myVitality = Object.assign({}, state.my_vitality);
    this.emit({ type: 'reset' });
  }

  /** What restoreKnown() takes back: the board as this device sees it, without waiting notes. */
  knownState() {
    return {
      notes: this.list((note) => !note.pending),
      settings: this.settings,
      counts: this.counts,
      clusters: Array.from(this.clusters.values()),
      votes: this.myVotes,
      vitality: this.vitality,
      my_vitality: this.myVitality,
    };
  }

  /** Track a message's rev; a broadcast that jumps more than one calls onGap (once per gap). */
  trackRev(rev, fromBroadcast = true) {
    const next = nextRev(this.rev, rev, fromBroadcast);
    if (next.early) this.early.push(rev);
    this.rev = next.rev;
    if (next.gap && this.onGap) this.onGap(rev);
  }

  upsert(note, rev, fromBroadcast = true) {
    if (!note || typeof note.id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    const local = this.notes.get(note.id);
    const decision = shouldApplyNote(local, note, rev,
      { tombstoneRev: this.tombstones.get(note.id), stateRev: this.stateRev });
    if (decision.liftTombstone) this.tombstones.delete(note.id);
    if (!decision.apply) return;
    note = keptOwnNote(local, note, this.me);
    this.notes.set(note.id, note);
    if (typeof rev === 'number') this.seenRev.set(note.id, Math.max(this.seenRev.get(note.id) || 0, rev));
    this.emit({ type: local ? 'updated' : 'added', id: note.id, note, previous: local || null });
  }

  /**
   * A note left the canvas; `by` ("author" or "facilitator", from note:deleted) says who, and
   * `hidden` (from note:deleted) that the facilitator hid it rather than deleted it. Our own
   * hidden note stays, marked as hidden (its author still sees it): said as an 'updated' change.
   */
  remove(id, rev, fromBroadcast = true, by = null, hidden = false) {
    if (typeof id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    const held = this.notes.get(id);
    if (keptAsHidden(held, hidden, this.me)) {
      if (typeof rev === 'number') this.seenRev.set(id, Math.max(this.seenRev.get(id) || 0, rev));
      if (held.hidden) return; // the note itself, hidden, came first
      const note = Object.assign({}, held, { hidden: true });
      this.notes.set(id, note);
      this.emit({ type: 'updated', id, note, previous: held, by });
      return;
    }
    this.tombstones.set(id, tombstoneOfDelete(rev));
    if (!held) return;
    this.notes.delete(id);
    this.emit({ type: 'deleted', id, previous: held, by });
  }

  /**
   * A note written on this device that the server has not acknowledged yet (the outbox). It is
   * shown as waiting; the server's copy replaces it as soon as one arrives (ack, broadcast or
   * state). A note the server already sent us is left alone.
   */
  addPending(note) {
    if (!note || typeof note.id !== 'string' || this.notes.has(note.id)) return;
    const pending = Object.assign({ version: 0, votes: 0, hidden: false }, note, { pending: true });
    this.notes.set(note.id, pending);
    this.emit({ type: 'added', id: note.id, note: pending, previous: null });
  }

  /** The outbox gave up on a pending note (the server refused it): take it off the board. */
  dropPending(id) {
    const local = this.notes.get(id);
    if (!local || !local.pending) return;
    this.notes.delete(id);
    this.emit({ type: 'deleted', id, previous: local });
  }

  /** New settings (workshop:updated or the ack of workshop:update). */
  setSettings(settings, rev, fromBroadcast = true) {
    if (!settings || typeof settings !== 'object') return;
    this.trackRev(rev, fromBroadcast);
    if (isStale(rev, this.settingsRev)) return;
    if (typeof rev === 'number') this.settingsRev = rev;
    const previous = this.settings;
    this.settings = settings;
    const change = settingsChange(previous, settings);
    // The silent brainstorm ends: the notes:revealed that follows brings notes into view.
    if (change.reveal) this.revealing = true;
    // A silent round starts: nothing has been written in it yet (what was seen stays in view).
    if (change.newRound) this.counts = {};
    this.emit({ type: 'settings', settings, previous });
  }

  /** Silent brainstorm: how many notes each block holds (notes:counts). */
  setCounts(counts, rev) {
    if (!counts || typeof counts !== 'object') return;
    this.trackRev(rev, true);
    if (isStale(rev, this.countsRev)) return;
    if (typeof rev === 'number') this.countsRev = rev;
    this.counts = counts;
    this.emit({ type: 'counts' });
  }

  /** The silent brainstorm ended (or authors were shown or hidden): the notes as we now see them. */
  reveal(notes, rev, clusters) {
    if (!Array.isArray(notes)) return;
    if (Array.isArray(clusters)) this.applyClusters(clusters, typeof rev === 'number' ? rev : 0);
    this.trackRev(rev, true);
    const ids = [];
    for (const note of notes) {
      if (!note || typeof note.id !== 'string') continue;
      const local = this.notes.get(note.id);
      // Our own note keeps its author: we wrote it.
      this.upsert(revealedNote(local, note, Boolean(local) && this.isMine(local)), rev, false);
      // The message holds every note in view; new to us are only those we did not hold (the
      // round's notes of others), not the canvas we already showed.
      if (this.revealing && !local && this.notes.has(note.id) && !this.isMine(note)) ids.push(note.id);
    }
    this.revealing = false;
    this.counts = {};
    // The notes of others come into view now: pages may greet them as new arrivals.
    this.emit({ type: 'revealed', ids });
  }

  // Clusters (docs/protocol.md, "Clusters"). A cluster's note_ids hold only the notes this
  // viewer may see; the notes themselves live in this.notes.

  /** The clusters of a full state: authoritative, except for what a newer broadcast told us. */
  applyClusters(clusters, stateRev) {
    if (!Array.isArray(clusters)) return;
    const next = new Map();
    for (const cluster of clusters) {
      if (cluster && typeof cluster.id === 'string' && !((this.clusterRev.get(cluster.id) || 0) > stateRev)) {
        next.set(cluster.id, cluster);
      }
    }
    // A cluster a newer broadcast made or changed stays as that broadcast left it.
    for (const [id, cluster] of this.clusters) {
      if ((this.clusterRev.get(id) || 0) > stateRev && !next.has(id)) next.set(id, cluster);
    }
    for (const id of Array.from(next.keys())) {
      if (this.clusterRev.get(id) > stateRev && !this.clusters.has(id)) next.delete(id); // deleted since
    }
    this.clusters = next;
  }

  /** cluster:created / cluster:updated, or the ack of cluster:create / cluster:update. */
  upsertCluster(cluster, rev, fromBroadcast = true) {
    if (!cluster || typeof cluster.id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    if (typeof rev === 'number' && rev < (this.clusterRev.get(cluster.id) || 0)) return;
    if (typeof rev === 'number') this.clusterRev.set(cluster.id, rev);
    const previous = this.clusters.get(cluster.id) || null;
    this.clusters.set(cluster.id, cluster);
    this.clusterVersion += 1;
    this.emit({ type: 'cluster', id: cluster.id, cluster, previous });
  }

  /** cluster:deleted, or the ack of cluster:delete: the notes stay. */
  removeCluster(id, rev, fromBroadcast = true) {
    if (typeof id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    if (typeof rev === 'number' && rev < (this.clusterRev.get(id) || 0)) return;
    this.clusterRev.set(id, typeof rev === 'number' ? rev : Infinity);
    const previous = this.clusters.get(id);
    if (!previous) return;
    this.clusters.delete(id);
    this.clusterVersion += 1;
    this.emit({ type: 'cluster', id, cluster: null, previous });
  }

  /** A cluster's vote count changed (cluster:voted, or the ack of cluster:vote). */
  setClusterVotes(id, votes, rev, fromBroadcast = true) {
    this.trackRev(rev, fromBroadcast);
    const cluster = this.clusters.get(id);
    if (!cluster || typeof votes !== 'number' || cluster.votes === votes) return;
    this.clusters.set(id, Object.assign({}, cluster, { votes }));
    this.clusterVersion += 1;
    this.emit({ type: 'votes', cluster: id });
  }

  /** This participant gave or took back a vote on cluster `id` (the ack of cluster:vote). */
  recordMyClusterVote(id, up, votesLeft) {
    const budget = Number(this.settings.votes_per_participant) || 0;
    const byCluster = Object.assign({}, this.myVotes.by_cluster);
    byCluster[id] = Math.max(0, (Number(byCluster[id]) || 0) + (up ? 1 : -1));
    const used = typeof votesLeft === 'number' ? Math.max(0, budget - votesLeft)
      : Math.max(0, (this.myVotes.used || 0) + (up ? 1 : -1));
    this.myVotes = Object.assign({}, this.myVotes, { used, by_cluster: byCluster });
    this.emit({ type: 'votes', cluster: id });
  }

  /** The vitality figures (vitality:updated carries no rev: a total, the latest wins). A
   * block nobody has rated holds none of mine either: after a reset the phone shows no score. */
  setVitality(figures) {
    if (!figures || typeof figures !== 'object') return;
    this.vitality = figures;
    for (const [block, figure] of Object.entries(figures)) {
      if (figure && figure.count === 0) delete this.myVitality[block];
    }
    this.emit({ type: 'vitality' });
  }

  /** Facilitator: how the voting round goes (votes:progress). */
  setVotesProgress(progress) {
    if (!progress || typeof progress !== 'object') return;
    this.votesProgress = progress;
    this.emit({ type: 'progress' });
  }

  /** The cluster note `id` is shown in, or null (from an index made again after any change). */
  clusterOf(noteId) {
    if (!this.clusterIndex || this.clusterIndexOf !== this.clusters || this.clusterIndexVersion !== this.clusterVersion) {
      this.clusterIndex = new Map();
      for (const cluster of this.clusters.values()) {
        for (const id of cluster.note_ids) this.clusterIndex.set(id, cluster);
      }
      this.clusterIndexOf = this.clusters;
      this.clusterIndexVersion = this.clusterVersion;
    }
    return this.clusterIndex.get(noteId) || null;
  }

  /** The notes of a cluster that this store holds, in the cluster's order. */
  clusterNotes(cluster) {
    return cluster.note_ids.map((id) => this.notes.get(id)).filter(Boolean);
  }

  /** A cluster's score in a ranking: its own votes and those of its notes. */
  clusterScore(cluster) {
    return (cluster.votes || 0) + this.clusterNotes(cluster).reduce((sum, n) => sum + (n.votes || 0), 0);
  }

  /** A cluster's title as shown: its own, else its first note's text. */
  clusterTitle(cluster) {
    if (cluster.title) return cluster.title;
    const first = this.clusterNotes(cluster)[0];
    return first ? first.text : '';
  }

  /** A note's vote count changed (note:voted, or the ack of note:vote). */
  setVotes(id, votes, rev, fromBroadcast = true) {
    this.trackRev(rev, fromBroadcast);
    const note = this.notes.get(id);
    if (!note || typeof votes !== 'number') return;
    if (isStale(rev, this.votesRev.get(id) || 0)) return;
    if (typeof rev === 'number') this.votesRev.set(id, rev);
    if (note.votes === votes) return;
    this.notes.set(id, Object.assign({}, note, { votes }));
    this.emit({ type: 'votes', id });
  }

  /** Every vote was taken back (votes:reset). */
  resetVotes(rev, fromBroadcast = true) {
    this.trackRev(rev, fromBroadcast);
    for (const [id, note] of this.notes) {
      if (note.votes) this.notes.set(id, Object.assign({}, note, { votes: 0 }));
      if (typeof rev === 'number') this.votesRev.set(id, rev);
    }
    for (const [id, cluster] of this.clusters) {
      if (cluster.votes) this.clusters.set(id, Object.assign({}, cluster, { votes: 0 }));
    }
    this.clusterVersion += 1;
    this.myVotes = { used: 0, by_note: {}, by_cluster: {} };
    this.emit({ type: 'votes' });
  }

  /**
   * This participant gave (`up`) or took back a vote on note `id`; `votesLeft`: as the answer
   * counted them, if it did. Said as a 'votes' change even when the note's count is unchanged.
   */
  recordMyVote(id, up, votesLeft) {
    const budget = Number(this.settings.votes_per_participant) || 0;
    this.myVotes = myVotesAfter(this.myVotes, id, up, votesLeft, budget);
    this.emit({ type: 'votes', id });
  }

  /** The votes this participant may still give (0 when voting is closed). */
  votesLeft() {
    const budget = Number(this.settings.votes_per_participant) || 0;
    return Math.max(0, budget - (this.myVotes.used || 0));
  }

  setOnline(online) {
    if (typeof online !== 'number') return;
    this.online = online;
    this.emit({ type: 'presence' });
  }

  upsertParticipant(participant) {
    if (!participant || !participant.id) return;
    this.participants.set(participant.id, Object.assign({}, this.participants.get(participant.id), participant));
    this.emit({ type: 'participants' });
  }

  /** Notes in order (oldest first), optionally filtered. */
  list(filter) {
    const all = Array.from(this.notes.values());
    return filter ? all.filter(filter) : all;
  }

  isMine(note) {
    return isOwnNote(note, this.me);
  }
}
