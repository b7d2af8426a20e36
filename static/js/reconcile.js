// The decisions behind the client's copy of a workshop (store.js), as pure functions: which
// broadcast, ack or full state wins, by rev (docs/protocol.md "Revisions"), by a note's version
// and by the tombstones of deleted notes. Nothing here touches the page, so Node tests it
// (tests/js/reconcile.test.mjs); NoteStore calls these and only changes its maps and emits.
//
// - note:added is an upsert; note:updated applies only if its version >= the local version;
// - deleted ids are kept as tombstones (with the rev of the delete) so a late add or update
//   cannot bring them back; an add at a later rev (the same id stored again) does;
// - a broadcast whose rev is more than one above ours means we missed something: a gap, after
//   which the connection fetches the state again (join again); broadcasts that come before the
//   first state are replayed after it;
// - a full state (the join ack) is authoritative for the notes: what it lacks was deleted (or
//   hidden), and a late event with a rev at or below the state's rev cannot bring it back.
//   Besides the state, only this device's pending notes (the outbox, not yet acknowledged by
//   the server) and notes a newer broadcast brought are kept;
// - settings, block counts and vote counts older than the ones held are ignored;
// - a note the facilitator hides leaves the room as a note:deleted with "hidden": true; its
//   author keeps it (marked as hidden), since the author's own devices still receive it.

const hasRev = (rev) => typeof rev === 'number';

/**
 * Whether a note from the server (note:added, note:updated, an ack, notes:revealed) is applied.
 * local: the note held (undefined if none); incoming: the server's note; rev: the rev it came
 * with (undefined if none); tombstoneRev: the rev of the delete remembered for its id (undefined
 * if none); stateRev: the rev of the last full state (null before the first).
 * Returns {apply, liftTombstone}: liftTombstone when the add is newer than the delete.
 */
export function shouldApplyNote(local, incoming, rev, { tombstoneRev, stateRev }) {
  let liftTombstone = false;
  if (tombstoneRev !== undefined) {
    // A late add or update from before the delete stays dead; only an add made after the
    // delete (a later rev: the same id stored again) brings the id back.
    if (!hasRev(rev) || rev <= tombstoneRev) return { apply: false, liftTombstone };
    liftTombstone = true;
  }
  // The last full state already holds everything up to its rev: a note it did not contain,
  // announced by an event from before it (a broadcast that was slow to arrive), was deleted
  // or hidden since. Whatever is newer than the state is applied as usual.
  if (!local && hasRev(rev) && stateRev !== null && rev <= stateRev) return { apply: false, liftTombstone };
  // An older version than the one held (a pending note has none yet: the server's copy wins).
  if (local && !local.pending && typeof local.version === 'number' && incoming.version < local.version) {
    return { apply: false, liftTombstone };
  }
  return { apply: true, liftTombstone };
}

/** The tombstone a delete at `rev` leaves (Infinity when the rev is unknown: nothing revives it). */
export function tombstoneOfDelete(rev) {
  return hasRev(rev) ? rev : Infinity;
}

/** The rev of a full state (0 when it has none). */
export function revOfState(state) {
  return hasRev(state.rev) ? state.rev : 0;
}

/**
 * A full state merged into what is held. `held`: {notes, seenRev, tombstones, votesRev}, the
 * store's maps (id -> note, id -> highest rev the note was heard of at, id -> rev of its delete,
 * id -> rev of its vote count); `stateNotes`: the state's notes; `stateRev`: its rev.
 * Returns new maps of the same names; `held` is left as it was.
 *
 * - a note of the state is kept unless it was deleted after the state was read (a tombstone
 *   newer than the state), or a newer version of it is held;
 * - a held note the state lacks is kept when it is pending (the outbox sends it) or was heard
 *   of at a rev newer than the state; else it was deleted or hidden while we were away, and
 *   becomes a tombstone at the state's rev.
 */
export function mergeState(held, stateNotes, stateRev) {
  const notes = new Map();
  const seenRev = new Map(held.seenRev);
  const tombstones = new Map(held.tombstones);
  const votesRev = new Map(held.votesRev);
  for (const note of stateNotes) {
    const tomb = tombstones.get(note.id);
    if (tomb !== undefined) {
      if (tomb > stateRev) continue;   // deleted after this state was read
      tombstones.delete(note.id);      // the server says it exists at a later rev
    }
    const local = held.notes.get(note.id);
    notes.set(note.id, local && !local.pending && local.version > note.version ? local : note);
    seenRev.set(note.id, Math.max(seenRev.get(note.id) || 0, stateRev));
    // Vote counts in the state are at least as new as its rev: an older note:voted is stale.
    votesRev.set(note.id, Math.max(votesRev.get(note.id) || 0, stateRev));
  }
  for (const [id, note] of held.notes) {
    if (notes.has(id)) continue;
    if (note.pending) {
      // Written on this device, not acknowledged yet: the outbox will send it.
      notes.set(id, note);
    } else if ((seenRev.get(id) || 0) > stateRev) {
      // Added by a broadcast newer than this state: not in it yet.
      notes.set(id, note);
    } else {
      // Gone while we were not listening: remember it, so a late add or update with an
      // older rev cannot bring it back.
      tombstones.set(id, Math.max(tombstones.get(id) || 0, stateRev));
      seenRev.delete(id);
    }
  }
  return { notes, seenRev, tombstones, votesRev };
}

/**
 * How a message's rev moves the rev held (`current`, null before the first state).
 * fromBroadcast: the rev came with a broadcast (else with an ack to this page's own request).
 * Returns {rev, early, gap}: the rev to hold; early: a broadcast before the first state, to be
 * replayed after it; gap: a broadcast jumped more than one: something was missed.
 */
export function nextRev(current, rev, fromBroadcast) {
  const same = { rev: current, early: false, gap: false };
  if (!hasRev(rev)) return same;
  if (current === null) return { rev: null, early: fromBroadcast, gap: false };
  if (rev <= current) return same;
  if (rev === current + 1) return { rev, early: false, gap: false };
  if (fromBroadcast) return { rev, early: false, gap: true };
  // An ack's rev that jumps is left alone: the broadcasts in between are still on their way.
  return same;
}

/**
 * The first state arrived at `stateRev` after broadcasts at the revs `early`: they are tracked
 * now, in order. Returns {rev, gaps}: the rev to hold and the revs at which a gap showed.
 */
export function replayEarly(stateRev, early) {
  let rev = stateRev;
  const gaps = [];
  for (const at of [...early].sort((a, b) => a - b)) {
    const next = nextRev(rev, at, true);
    rev = next.rev;
    if (next.gap) gaps.push(at);
  }
  return { rev, gaps };
}

/**
 * Whether settings, block counts or a vote count that came at `rev` are older than those held
 * (at `heldRev`). Without a rev (an older server, a page's own guess) nothing is stale.
 */
export function isStale(rev, heldRev) {
  return hasRev(rev) && rev < heldRev;
}

/**
 * What a change of settings starts: `reveal` when a silent round ends (the notes:revealed that
 * follows brings notes into view), `newRound` when one starts (nothing is written in it yet).
 */
export function settingsChange(previous, settings) {
  const wasSilent = Boolean(previous && previous.silent);
  return { reveal: wasSilent && !settings.silent, newRound: Boolean(settings.silent) && !wasSilent };
}

/** Whether a note is this device's own: pending (only ours ever are) or by participant `me`. */
export function isOwnNote(note, me) {
  if (note && note.pending) return true;
  return Boolean(me && note && note.participant_id && note.participant_id === me.id);
}

/**
 * The incoming copy of a note we hold as our own (`local`, by participant `me`): with authors
 * hidden the room's copy carries neither owner nor author (docs/security.md), yet a note of ours
 * stays ours on this device, with our name. Any other note comes as it is.
 */
export function keptOwnNote(local, incoming, me) {
  if (!local || !incoming || incoming.participant_id || !local.participant_id || !isOwnNote(local, me)) {
    return incoming;
  }
  return Object.assign({}, incoming, {
    participant_id: local.participant_id, author: incoming.author || local.author,
  });
}

/**
 * Whether a note:deleted leaves the note held in place, marked as hidden: the facilitator hid it
 * (`hidden`, from the payload) and it is this participant's own (`me`), which its author still
 * sees. Any other delete, or one without `hidden`, removes it as before.
 */
export function keptAsHidden(local, hidden, me) {
  return hidden === true && Boolean(local) && !local.pending && isOwnNote(local, me);
}

/**
 * This participant's votes after giving (`up`) or taking back a vote on note `id`: `votesLeft`
 * as the server counted it (if it said), else counted here; `budget`: votes per participant.
 */
export function myVotesAfter(myVotes, id, up, votesLeft, budget) {
  const byNote = Object.assign({}, myVotes.by_note);
  byNote[id] = Math.max(0, (Number(byNote[id]) || 0) + (up ? 1 : -1));
  const used = typeof votesLeft === 'number' ? Math.max(0, budget - votesLeft)
    : Math.max(0, (myVotes.used || 0) + (up ? 1 : -1));
  return Object.assign({}, myVotes, { used, by_note: byNote });
}

/**
 * A note of notes:revealed as it is kept: our own note keeps the author we know when the
 * server sends it without (authors hidden from the room), as long as it is the same version.
 */
export function revealedNote(local, incoming, mine) {
  const keep = local && local.version === incoming.version && mine && !incoming.author && local.author;
  return keep ? Object.assign({}, incoming, { author: local.author }) : incoming;
}
