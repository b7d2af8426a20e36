// static/js/reconcile.js: the decisions of the client's copy of a workshop, one rule at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  shouldApplyNote, tombstoneOfDelete, revOfState, mergeState, nextRev, replayEarly, isStale,
  settingsChange, isOwnNote, revealedNote, myVotesAfter, keptAsHidden, keptOwnNote,
} from '../../static/js/reconcile.js';

const note = (id, fields = {}) => Object.assign({ id, block: 'regie', text: id, version: 1, votes: 0 }, fields);
const noTomb = { tombstoneRev: undefined, stateRev: null };

function held({ notes = [], seenRev = [], tombstones = [], votesRev = [] } = {}) {
  return {
    notes: new Map(notes.map((n) => [n.id, n])),
    seenRev: new Map(seenRev),
    tombstones: new Map(tombstones),
    votesRev: new Map(votesRev),
  };
}

test('a new note is applied', () => {
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 5, noTomb), { apply: true, liftTombstone: false });
  assert.deepEqual(shouldApplyNote(undefined, note('a'), undefined, noTomb), { apply: true, liftTombstone: false });
});

test('a late add or update after the delete stays dead', () => {
  const tomb = { tombstoneRev: 7, stateRev: null };
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 6, tomb), { apply: false, liftTombstone: false });
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 7, tomb), { apply: false, liftTombstone: false });
  // Without a rev nothing tells it is newer than the delete.
  assert.deepEqual(shouldApplyNote(undefined, note('a'), undefined, tomb), { apply: false, liftTombstone: false });
});

test('an add at a later rev than the delete brings the id back', () => {
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 8, { tombstoneRev: 7, stateRev: null }),
    { apply: true, liftTombstone: true });
});

test('a delete without a rev can never be undone', () => {
  assert.equal(tombstoneOfDelete(undefined), Infinity);
  assert.equal(tombstoneOfDelete(4), 4);
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 1e9, { tombstoneRev: Infinity, stateRev: null }),
    { apply: false, liftTombstone: false });
});

test('an unknown note announced at or before the last state is not brought back', () => {
  const after = { tombstoneRev: undefined, stateRev: 10 };
  assert.equal(shouldApplyNote(undefined, note('a'), 9, after).apply, false);
  assert.equal(shouldApplyNote(undefined, note('a'), 10, after).apply, false);
  assert.equal(shouldApplyNote(undefined, note('a'), 11, after).apply, true);
  // A known note is updated as usual, and an ack without a rev is applied.
  assert.equal(shouldApplyNote(note('a'), note('a', { version: 2 }), 9, after).apply, true);
  assert.equal(shouldApplyNote(undefined, note('a'), undefined, after).apply, true);
});

test('a tombstone older than an add is lifted even when the state rule then ignores the add', () => {
  assert.deepEqual(shouldApplyNote(undefined, note('a'), 8, { tombstoneRev: 5, stateRev: 10 }),
    { apply: false, liftTombstone: true });
});

test('an older version is ignored; the same or a newer one applies', () => {
  const local = note('a', { version: 3 });
  assert.equal(shouldApplyNote(local, note('a', { version: 2 }), 20, noTomb).apply, false);
  assert.equal(shouldApplyNote(local, note('a', { version: 3 }), 20, noTomb).apply, true);
  assert.equal(shouldApplyNote(local, note('a', { version: 4 }), 20, noTomb).apply, true);
});

test('a pending note gives way to any copy from the server', () => {
  const pending = note('a', { version: 5, pending: true });
  assert.equal(shouldApplyNote(pending, note('a', { version: 1 }), 3, noTomb).apply, true);
});

test('the rev of a state', () => {
  assert.equal(revOfState({ rev: 12 }), 12);
  assert.equal(revOfState({}), 0);
  assert.equal(revOfState({ rev: '12' }), 0);
});

test('a full state: the server notes, unless a newer version is held', () => {
  const before = held({ notes: [note('a', { version: 3 }), note('b', { version: 1 })], seenRev: [['a', 4], ['b', 4]] });
  const merged = mergeState(before, [note('a', { version: 2 }), note('b', { version: 2 })], 5);
  assert.equal(merged.notes.get('a').version, 3);
  assert.equal(merged.notes.get('b').version, 2);
  assert.equal(merged.seenRev.get('a'), 5);
  assert.equal(merged.votesRev.get('b'), 5);
});

test('a full state keeps pending notes', () => {
  const pending = note('p', { pending: true, version: 0 });
  const merged = mergeState(held({ notes: [pending] }), [note('a')], 5);
  assert.deepEqual([...merged.notes.keys()], ['a', 'p']);
  assert.equal(merged.notes.get('p'), pending);
  assert.equal(merged.tombstones.has('p'), false);
});

test('a full state keeps notes a newer broadcast brought', () => {
  const merged = mergeState(held({ notes: [note('late')], seenRev: [['late', 8]] }), [], 7);
  assert.equal(merged.notes.has('late'), true);
  assert.equal(merged.tombstones.has('late'), false);
});

test('a note absent from a state and not heard of later becomes a tombstone at the state rev', () => {
  const before = held({ notes: [note('gone')], seenRev: [['gone', 7]] });
  const merged = mergeState(before, [], 7);
  assert.equal(merged.notes.has('gone'), false);
  assert.equal(merged.tombstones.get('gone'), 7);
  assert.equal(merged.seenRev.has('gone'), false);
  // A late add from before the state cannot bring it back; a later one can.
  assert.equal(shouldApplyNote(undefined, note('gone'), 6, { tombstoneRev: 7, stateRev: 7 }).apply, false);
  assert.equal(shouldApplyNote(undefined, note('gone'), 8, { tombstoneRev: 7, stateRev: 7 }).apply, true);
});

test('a tombstone is kept at the newer of its rev and the state rev', () => {
  const merged = mergeState(held({ notes: [note('gone')], tombstones: [['gone', 9]] }), [], 7);
  assert.equal(merged.tombstones.get('gone'), 9);
});

test('a state note deleted after the state was read stays out; one deleted before it is back', () => {
  const before = held({ tombstones: [['later', 9], ['earlier', 3]] });
  const merged = mergeState(before, [note('later'), note('earlier')], 5);
  assert.equal(merged.notes.has('later'), false);
  assert.equal(merged.tombstones.get('later'), 9);
  assert.equal(merged.notes.has('earlier'), true);
  assert.equal(merged.tombstones.has('earlier'), false);
});

test('merging leaves the held maps as they were', () => {
  const before = held({ notes: [note('gone')], seenRev: [['gone', 2]], votesRev: [['gone', 2]] });
  mergeState(before, [note('a')], 5);
  assert.deepEqual([...before.notes.keys()], ['gone']);
  assert.deepEqual([...before.seenRev], [['gone', 2]]);
  assert.equal(before.tombstones.size, 0);
  assert.deepEqual([...before.votesRev], [['gone', 2]]);
});

test('revs: the next one moves on, an older one changes nothing', () => {
  assert.deepEqual(nextRev(4, 5, true), { rev: 5, early: false, gap: false });
  assert.deepEqual(nextRev(4, 4, true), { rev: 4, early: false, gap: false });
  assert.deepEqual(nextRev(4, 2, true), { rev: 4, early: false, gap: false });
  assert.deepEqual(nextRev(4, undefined, true), { rev: 4, early: false, gap: false });
});

test('revs: a broadcast that jumps is a gap', () => {
  assert.deepEqual(nextRev(4, 6, true), { rev: 6, early: false, gap: true });
});

test('revs: an ack that jumps is no gap and moves nothing (the broadcasts are on their way)', () => {
  assert.deepEqual(nextRev(4, 6, false), { rev: 4, early: false, gap: false });
  assert.deepEqual(nextRev(4, 5, false), { rev: 5, early: false, gap: false });
});

test('revs: broadcasts before the first state are kept to replay; acks are not', () => {
  assert.deepEqual(nextRev(null, 3, true), { rev: null, early: true, gap: false });
  assert.deepEqual(nextRev(null, 3, false), { rev: null, early: false, gap: false });
  assert.deepEqual(nextRev(null, undefined, true), { rev: null, early: false, gap: false });
});

test('early broadcasts are replayed in order after the first state', () => {
  assert.deepEqual(replayEarly(5, [7, 3, 6, 5]), { rev: 7, gaps: [] });
  assert.deepEqual(replayEarly(5, []), { rev: 5, gaps: [] });
  assert.deepEqual(replayEarly(5, [4, 2]), { rev: 5, gaps: [] });
  assert.deepEqual(replayEarly(5, [9, 6]), { rev: 9, gaps: [9] });
  const early = [8, 6];
  replayEarly(5, early);
  assert.deepEqual(early, [8, 6]); // left as it was
});

test('stale: older than what is held; without a rev never', () => {
  assert.equal(isStale(3, 4), true);
  assert.equal(isStale(4, 4), false);
  assert.equal(isStale(5, 4), false);
  assert.equal(isStale(undefined, 4), false);
  assert.equal(isStale(0, -1), false);
});

test('settings: a silent round starting or ending', () => {
  assert.deepEqual(settingsChange({}, { silent: true }), { reveal: false, newRound: true });
  assert.deepEqual(settingsChange(null, { silent: true }), { reveal: false, newRound: true });
  assert.deepEqual(settingsChange({ silent: true }, { silent: false }), { reveal: true, newRound: false });
  assert.deepEqual(settingsChange({ silent: true }, { silent: true }), { reveal: false, newRound: false });
  assert.deepEqual(settingsChange({}, { locked: true }), { reveal: false, newRound: false });
});

test('own notes: pending ones, and those of this participant', () => {
  const me = { id: 'p1' };
  assert.equal(isOwnNote(note('a', { pending: true }), null), true);
  assert.equal(isOwnNote(note('a', { participant_id: 'p1' }), me), true);
  assert.equal(isOwnNote(note('a', { participant_id: 'p2' }), me), false);
  assert.equal(isOwnNote(note('a', { participant_id: 'p1' }), null), false);
  assert.equal(isOwnNote(note('a'), me), false);
  assert.equal(isOwnNote(null, me), false);
});

test('a delete that says "hidden" keeps only our own note (not a pending one)', () => {
  const me = { id: 'p1' };
  const mine = note('a', { participant_id: 'p1' });
  assert.equal(keptAsHidden(mine, true, me), true);
  assert.equal(keptAsHidden(mine, false, me), false);      // deleted: gone, as before
  assert.equal(keptAsHidden(mine, undefined, me), false);  // a server that does not say
  assert.equal(keptAsHidden(mine, 'yes', me), false);      // only a real true counts
  assert.equal(keptAsHidden(note('a', { participant_id: 'p2' }), true, me), false);
  assert.equal(keptAsHidden(note('a', { pending: true }), true, me), false);
  assert.equal(keptAsHidden(undefined, true, me), false);
  assert.equal(keptAsHidden(mine, true, null), false);     // before the join: not known as ours
});

test('a revealed note of our own keeps its author', () => {
  const local = note('a', { author: 'Anne', participant_id: 'p1' });
  const incoming = note('a', { author: '', participant_id: 'p1' });
  assert.equal(revealedNote(local, incoming, true).author, 'Anne');
  assert.equal(revealedNote(local, incoming, false).author, '');           // not ours
  assert.equal(revealedNote(local, note('a', { version: 2, author: '' }), true).author, ''); // another version
  assert.equal(revealedNote(local, note('a', { author: 'Bram' }), true).author, 'Bram');   // the server names one
  assert.equal(revealedNote(undefined, incoming, false), incoming);
});

test('my votes after a vote: the count of votes left in the answer wins, else counted here', () => {
  const before = { used: 1, by_note: { a: 1 } };
  assert.deepEqual(myVotesAfter(before, 'a', true, 1, 3), { used: 2, by_note: { a: 2 } });
  assert.deepEqual(myVotesAfter({ used: 1, by_note: {}, by_cluster: { c: 1 } }, 'a', true, 1, 3),
    { used: 2, by_note: { a: 1 }, by_cluster: { c: 1 } }); // votes on clusters are kept
  assert.deepEqual(myVotesAfter(before, 'b', true, undefined, 3), { used: 2, by_note: { a: 1, b: 1 } });
  assert.deepEqual(myVotesAfter(before, 'a', false, undefined, 3), { used: 0, by_note: { a: 0 } });
  assert.deepEqual(myVotesAfter({ used: 0, by_note: {} }, 'a', false, undefined, 3), { used: 0, by_note: { a: 0 } });
  assert.deepEqual(before, { used: 1, by_note: { a: 1 } }); // left as it was
});

test('with authors hidden, a note we hold as ours stays ours and keeps our name', () => {
  const me = { id: 'p1' };
  const local = note('a', { author: 'Anne', participant_id: 'p1' });
  const fromRoom = note('a', { version: 2, author: '', participant_id: null });
  const kept = keptOwnNote(local, fromRoom, me);
  assert.equal(kept.participant_id, 'p1');
  assert.equal(kept.author, 'Anne');
  assert.equal(kept.version, 2);
  assert.equal(keptOwnNote(note('a', { participant_id: 'p2', author: 'Bram' }), fromRoom, me), fromRoom);
  assert.equal(keptOwnNote(local, fromRoom, null), fromRoom);      // before the join: not known as ours
  assert.equal(keptOwnNote(undefined, fromRoom, me), fromRoom);
  const pending = note('a', { pending: true, participant_id: 'p1', author: 'Anne' });
  assert.equal(keptOwnNote(pending, fromRoom, me).participant_id, 'p1');
});
