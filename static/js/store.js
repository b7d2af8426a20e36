// The client's copy of a workshop: notes keyed by id, revisions as docs/protocol.md "Revisions" says.
//
// - note:added is an upsert; note:updated applies only if its version >= the local version;
// - deleted ids are kept as tombstones (with the rev of the delete) so a late add or update
//   cannot bring them back;
// - a broadcast whose rev is more than one above ours means we missed something: onGap() asks
//   the connection to fetch the state again (join again).

export class NoteStore {
  constructor() {
    this.notes = new Map();        // id -> note, oldest first
    this.seenRev = new Map();      // id -> highest rev at which we heard of the note
    this.tombstones = new Map();   // id -> rev of the delete (Infinity when unknown)
    this.rev = null;               // null until the first state arrives
    this.early = [];               // revs of broadcasts that came before the first state
    this.settings = {};
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

  /** A full state (join ack or GET). Merged so that newer broadcasts already applied survive. */
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
      fresh.set(note.id, local && local.version > note.version ? local : note);
      this.seenRev.set(note.id, Math.max(this.seenRev.get(note.id) || 0, stateRev));
    }
    // Notes added by broadcasts newer than this state are not in it yet: keep them.
    for (const [id, note] of this.notes) {
      if (!fresh.has(id) && (this.seenRev.get(id) || 0) > stateRev) fresh.set(id, note);
    }
    this.notes = fresh;
    if (this.rev === null) {
      this.rev = stateRev;
      for (const rev of this.early.sort((a, b) => a - b)) this.trackRev(rev, true);
      this.early = [];
    } else {
      this.rev = Math.max(this.rev, stateRev);
    }
    this.state = state;
    this.settings = state.settings || {};
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
    if (local && typeof local.version === 'number' && note.version < local.version) return;
    const isNew = !local;
    this.notes.set(note.id, note);
    if (typeof rev === 'number') this.seenRev.set(note.id, Math.max(this.seenRev.get(note.id) || 0, rev));
    this.emit({ type: isNew ? 'added' : 'updated', id: note.id, note, previous: local || null });
  }

  remove(id, rev, fromBroadcast = true) {
    if (typeof id !== 'string') return;
    this.trackRev(rev, fromBroadcast);
    this.tombstones.set(id, typeof rev === 'number' ? rev : Infinity);
    const local = this.notes.get(id);
    if (!local) return;
    this.notes.delete(id);
    this.emit({ type: 'deleted', id, previous: local });
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
    return Boolean(this.me && note && note.participant_id && note.participant_id === this.me.id);
  }
}
