// The client's copy of a workshop: notes keyed by id, revisions as docs/protocol.md "Revisions" says.
//
// - note:added is an upsert; note:updated applies only if its version >= the local version;
// - deleted ids are kept as tombstones (with the rev of the delete) so a late add or update
//   cannot bring them back;
// - a broadcast whose rev is more than one above ours means we missed something: onGap() asks
//   the connection to fetch the state again (join again);
// - a full state (the join ack) is authoritative for the notes: what it lacks was deleted (or
//   hidden), and a late event with a rev at or below the state's rev cannot bring it back.
//   Besides the state, only this device's pending notes (the outbox, not yet acknowledged by
//   the server) are kept.

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
    this.myVotes = { used: 0, by_note: {} }; // participant: the votes this participant gave
    this.online = 0;
    this.participants = new Map(); // facilitator only: id -> {id, name, online}
    this.me = null;                // {id, token, name} of this device, or null
    this.state = null;             // the last full state (title, code, ...)
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
    const stateRev = typeof state.rev === 'number' ? state.rev : 0;
    const fresh = new Map();
    for (const note of state.notes || []) {
      const tomb = this.tombstones.get(note.id);
      if (tomb !== undefined) {
        if (tomb > stateRev) continue;      // deleted after this state was read
        this.tombstones.delete(note.id);    // the server says it exists at a later rev
      }
      const local = this.notes.get(note.id);
      fresh.set(note.id, local && !local.pending && local.version > note.version ? local : note);
      this.seenRev.set(note.id, Math.max(this.seenRev.get(note.id) || 0, stateRev));
      // Vote counts in the state are at least as new as its rev: an older note:voted is stale.
      this.votesRev.set(note.id, Math.max(this.votesRev.get(note.id) || 0, stateRev));
    }
    for (const [id, note] of this.notes) {
      if (fresh.has(id)) continue;
      if (note.pending) {
        // Written on this device, not acknowledged yet: the outbox will send it.
        fresh.set(id, note);
      } else if ((this.seenRev.get(id) || 0) > stateRev) {
        // Added by a broadcast newer than this state: not in it yet.
        fresh.set(id, note);
      } else {
        // Gone while we were not listening: remember it, so a late add or update with an
        // older rev cannot bring it back.
        this.tombstones.set(id, Math.max(this.tombstones.get(id) || 0, stateRev));
        this.seenRev.delete(id);
      }
    }
    this.stateRev = this.stateRev === null ? stateRev : Math.max(this.stateRev, stateRev);
    this.notes = fresh;
    if (this.rev === null) {
      this.rev = stateRev;
      for (const rev of this.early.sort((a, b) => a - b)) this.trackRev(rev, true);
      this.early = [];
    } else {
      this.rev = Math.max(this.rev, stateRev);
    }
    this.state = state;
    if (stateRev >= this.settingsRev) {
      this.settings = state.settings || {};
      this.settingsRev = stateRev;
    }
    if (stateRev >= this.countsRev) {
      this.counts = state.counts || {};
      this.countsRev = stateRev;
    }
    const votes = state.votes;
    if (votes && typeof votes === 'object') {
      this.myVotes = { used: Number(votes.used) || 0, by_note: Object.assign({}, votes.by_note || {}) };
    }
    if (typeof state.online === 'number') this.online = state.online;
    if (Array.isArray(state.participants)) {
      this.participants = new Map(state.participants.map((p) => [p.id, p]));
    }
    this.emit({ type: 'reset' });
  }

  /** Track a broadcast's rev; a jump of more than one calls onGap (once per gap). */
  trackRev(rev, fromBroadcast = true) {
    if (typeof rev !== 'number') return;
    if (this.rev === null) { if (fromBroadcast) this.early.push(rev); return; }
    if (rev <= this.rev) return;
    if (rev === this.rev + 1) {
      this.rev = rev;
    } else if (fromBroadcast) {
      this.rev = rev;
      if (this.onGap) this.onGap(rev);
    }
    // An ack's rev that jumps is left alone: the broadcasts in between are still on their way.
  }

  upsert(note, rev, fromBroadcast = true) {
    if (!note || typeof note.id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    if (this.tombstones.has(note.id)) {
      // A late add or update from before the delete stays dead; only an add made after the
      // delete (a later rev: the same id stored again) brings the id back.
      const tomb = this.tombstones.get(note.id);
      if (typeof rev !== 'number' || rev <= tomb) return;
      this.tombstones.delete(note.id);
    }
    const local = this.notes.get(note.id);
    // The last full state already holds everything up to its rev: a note it did not contain,
    // announced by an event from before it (a broadcast that was slow to arrive), was deleted
    // or hidden since. Whatever is newer than the state is applied as usual.
    if (!local && typeof rev === 'number' && this.stateRev !== null && rev <= this.stateRev) return;
    if (local && !local.pending && typeof local.version === 'number' && note.version < local.version) return;
    const isNew = !local;
    this.notes.set(note.id, note);
    if (typeof rev === 'number') this.seenRev.set(note.id, Math.max(this.seenRev.get(note.id) || 0, rev));
    this.emit({ type: isNew ? 'added' : 'updated', id: note.id, note, previous: local || null });
  }

  /** A note left the canvas; `by` ("author" or "facilitator", from note:deleted) says who. */
  remove(id, rev, fromBroadcast = true, by = null) {
    if (typeof id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    this.tombstones.set(id, typeof rev === 'number' ? rev : Infinity);
    const local = this.notes.get(id);
    if (!local) return;
    this.notes.delete(id);
    this.emit({ type: 'deleted', id, previous: local, by });
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
    if (typeof rev === 'number') {
      if (rev < this.settingsRev) return;
      this.settingsRev = rev;
    }
    const previous = this.settings;
    this.settings = settings;
    // The silent brainstorm ends: the notes:revealed that follows brings notes into view.
    if (previous && previous.silent && !settings.silent) this.revealing = true;
    // A silent round starts: nothing has been written in it yet (what was seen stays in view).
    if (settings.silent && !(previous && previous.silent)) this.counts = {};
    this.emit({ type: 'settings', settings, previous });
  }

  /** Silent brainstorm: how many notes each block holds (notes:counts). */
  setCounts(counts, rev) {
    if (!counts || typeof counts !== 'object') return;
    this.trackRev(rev, true);
    if (typeof rev === 'number') {
      if (rev < this.countsRev) return;
      this.countsRev = rev;
    }
    this.counts = counts;
    this.emit({ type: 'counts' });
  }

  /** The silent brainstorm ended (or authors were shown or hidden): the notes as we now see them. */
  reveal(notes, rev) {
    if (!Array.isArray(notes)) return;
    this.trackRev(rev, true);
    const ids = [];
    for (const note of notes) {
      if (!note || typeof note.id !== 'string') continue;
      const local = this.notes.get(note.id);
      // Our own note keeps its author: we wrote it.
      const keep = local && local.version === note.version && this.isMine(local) && !note.author && local.author;
      this.upsert(keep ? Object.assign({}, note, { author: local.author }) : note, rev, false);
      if (this.revealing && !this.isMine(note)) ids.push(note.id);
    }
    this.revealing = false;
    this.counts = {};
    // The notes of others come into view now: pages may greet them as new arrivals.
    this.emit({ type: 'revealed', ids });
  }

  /** A note's vote count changed (note:voted, or the ack of note:vote). */
  setVotes(id, votes, rev, fromBroadcast = true) {
    this.trackRev(rev, fromBroadcast);
    const note = this.notes.get(id);
    if (!note || typeof votes !== 'number') return;
    if (typeof rev === 'number') {
      if (rev < (this.votesRev.get(id) || 0)) return;
      this.votesRev.set(id, rev);
    }
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
    this.myVotes = { used: 0, by_note: {} };
    this.emit({ type: 'votes' });
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
    if (note && note.pending) return true; // only this device's own notes are ever pending
    return Boolean(this.me && note && note.participant_id && note.participant_id === this.me.id);
  }
}
