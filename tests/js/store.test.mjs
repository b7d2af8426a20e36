// static/js/store.js: the NoteStore applies the decisions of reconcile.js and says what changed.
// Each test plays messages as the connection hands them over (broadcasts, acks, join states).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NoteStore } from '../../static/js/store.js';

const note = (id, fields = {}) => Object.assign({ id, block: 'regie', text: id, version: 1, votes: 0 }, fields);

function storeWith(state = { rev: 0, notes: [] }) {
  const store = new NoteStore();
  const changes = [];
  const gaps = [];
  store.subscribe((change) => changes.push(change));
  store.onGap = (rev) => gaps.push(rev);
  store.applyState(state);
  changes.length = 0;
  return { store, changes, gaps };
}

test('note:added adds, note:updated replaces, each said once', () => {
  const { store, changes } = storeWith();
  store.upsert(note('a'), 1);
  store.upsert(note('a', { version: 2, text: 'b' }), 2);
  assert.deepEqual(changes.map((c) => c.type), ['added', 'updated']);
  assert.equal(changes[1].previous.text, 'a');
  assert.equal(store.notes.get('a').text, 'b');
});

test('an older version is ignored', () => {
  const { store, changes } = storeWith();
  store.upsert(note('a', { version: 3, text: 'new' }), 1);
  store.upsert(note('a', { version: 2, text: 'old' }), 2);
  assert.equal(store.notes.get('a').text, 'new');
  assert.equal(changes.length, 1);
});

test('a late add after the delete stays dead', () => {
  const { store, changes } = storeWith();
  store.upsert(note('a'), 1);
  store.remove('a', 2, true, 'author');
  store.upsert(note('a'), 1);                 // the add, slow to arrive
  store.upsert(note('a', { version: 2 }), 2); // an update from before the delete
  assert.equal(store.notes.has('a'), false);
  assert.deepEqual(changes.map((c) => c.type), ['added', 'deleted']);
  assert.equal(changes[1].by, 'author');
});

test('an add at a later rev brings the id back', () => {
  const { store } = storeWith();
  store.upsert(note('a'), 1);
  store.remove('a', 2);
  store.upsert(note('a', { text: 'again' }), 3);
  assert.equal(store.notes.get('a').text, 'again');
  assert.equal(store.tombstones.has('a'), false);
});

test('a delete without a rev keeps the id dead', () => {
  const { store } = storeWith();
  store.upsert(note('a'), 1);
  store.remove('a', undefined, false);
  store.upsert(note('a'), 50);
  assert.equal(store.notes.has('a'), false);
});

test('pending notes are kept across a state, and give way to the server copy', () => {
  const { store } = storeWith();
  store.addPending(note('p', { text: 'waiting' }));
  store.applyState({ rev: 4, notes: [note('a')] });
  assert.equal(store.notes.get('p').pending, true);
  store.upsert(note('p', { version: 1 }), 5);
  assert.equal(store.notes.get('p').pending, undefined);
});

test('a note absent from a state and not seen later becomes a tombstone', () => {
  const { store, changes } = storeWith();
  store.upsert(note('gone'), 1);
  store.applyState({ rev: 3, notes: [] });
  assert.equal(store.notes.has('gone'), false);
  assert.equal(store.tombstones.get('gone'), 3);
  store.upsert(note('gone'), 2); // its add, later than the state yet older
  assert.equal(store.notes.has('gone'), false);
  assert.deepEqual(changes.map((c) => c.type), ['added', 'reset']);
});

test('a note seen at a later rev than the state survives it', () => {
  const { store } = storeWith({ rev: 1, notes: [] });
  store.upsert(note('new'), 2);
  store.applyState({ rev: 1, notes: [] }); // a state read before the add
  assert.equal(store.notes.has('new'), true);
});

test('an unknown note announced before the last state is not brought back', () => {
  const { store } = storeWith({ rev: 5, notes: [] });
  store.upsert(note('old'), 4);
  assert.equal(store.notes.has('old'), false);
  store.upsert(note('new'), 6);
  assert.equal(store.notes.has('new'), true);
});

test('a broadcast that skips a rev is a gap, reported once', () => {
  const { store, gaps } = storeWith({ rev: 5, notes: [] });
  store.upsert(note('a'), 6);
  store.upsert(note('b'), 8);
  store.upsert(note('c'), 9);
  assert.deepEqual(gaps, [8]);
  assert.equal(store.rev, 9);
});

test('an ack whose rev jumps is no gap', () => {
  const { store, gaps } = storeWith({ rev: 5, notes: [] });
  store.upsert(note('a'), 8, false);
  assert.deepEqual(gaps, []);
  assert.equal(store.rev, 5);
  assert.equal(store.notes.has('a'), true);
});

test('broadcasts before the first state are replayed after it', () => {
  const store = new NoteStore();
  const gaps = [];
  store.onGap = (rev) => gaps.push(rev);
  store.upsert(note('a'), 4);
  store.upsert(note('b'), 6);
  assert.equal(store.rev, null);
  assert.deepEqual(store.early, [4, 6]);
  store.applyState({ rev: 5, notes: [note('a')] });
  assert.equal(store.rev, 6);
  assert.deepEqual(store.early, []);
  assert.deepEqual(gaps, []);
  assert.deepEqual([...store.notes.keys()], ['a', 'b']);
});

test('an early broadcast past the first state is a gap', () => {
  const store = new NoteStore();
  const gaps = [];
  store.onGap = (rev) => gaps.push(rev);
  store.upsert(note('b'), 9);
  store.applyState({ rev: 5, notes: [] });
  assert.deepEqual(gaps, [9]);
  assert.equal(store.rev, 9);
});

test('a later state never moves the rev back', () => {
  const { store } = storeWith({ rev: 5, notes: [] });
  store.upsert(note('a'), 6);
  store.applyState({ rev: 4, notes: [] });
  assert.equal(store.rev, 6);
  assert.equal(store.stateRev, 5);
});

test('stale settings are ignored, newer ones applied', () => {
  const { store, changes } = storeWith({ rev: 5, notes: [], settings: { locked: true } });
  store.setSettings({ locked: false }, 4);
  assert.equal(store.settings.locked, true);
  store.setSettings({ locked: false }, 6);
  assert.equal(store.settings.locked, false);
  store.applyState({ rev: 5, notes: [], settings: { locked: true } }); // older than what is held
  assert.equal(store.settings.locked, false);
  assert.deepEqual(changes.map((c) => c.type), ['settings', 'reset']);
});

test('settings without a rev are applied', () => {
  const { store } = storeWith({ rev: 5, notes: [], settings: {} });
  store.setSettings({ focus: 'regie' });
  assert.equal(store.settings.focus, 'regie');
});

test('stale counts are ignored; a silent round starts with none', () => {
  const { store } = storeWith({ rev: 5, notes: [], counts: { regie: 2 } });
  store.setCounts({ regie: 1 }, 4);
  assert.deepEqual(store.counts, { regie: 2 });
  store.setCounts({ regie: 3 }, 6);
  assert.deepEqual(store.counts, { regie: 3 });
  store.setSettings({ silent: true }, 7);
  assert.deepEqual(store.counts, {});
});

test('stale vote counts are ignored', () => {
  const { store } = storeWith({ rev: 5, notes: [note('a', { votes: 2 })] });
  store.setVotes('a', 1, 4);   // older than the state
  assert.equal(store.notes.get('a').votes, 2);
  store.setVotes('a', 3, 6);
  assert.equal(store.notes.get('a').votes, 3);
  store.setVotes('a', 1, 6, false); // an ack at the same rev still counts
  assert.equal(store.notes.get('a').votes, 1);
  store.resetVotes(8);
  store.setVotes('a', 4, 7);
  assert.equal(store.notes.get('a').votes, 0);
});

test('reveal: our own note keeps its author; the notes of others are greeted', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [], settings: { silent: true } });
  store.me = { id: 'p1' };
  store.upsert(note('mine', { participant_id: 'p1', author: 'Anne' }), 2);
  store.setSettings({ silent: false }, 3);
  store.reveal([note('mine', { participant_id: 'p1', author: '' }), note('theirs', { participant_id: 'p2', author: '' })], 4);
  assert.equal(store.notes.get('mine').author, 'Anne');
  assert.equal(store.notes.has('theirs'), true);
  const revealed = changes.find((c) => c.type === 'revealed');
  assert.deepEqual(revealed.ids, ['theirs']);
  assert.equal(store.revealing, false);
});

test('reveal: only the notes of the round are new, not the canvas that was in view', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [note('old1'), note('old2')], settings: { silent: true } });
  store.setSettings({ silent: false }, 2);
  store.reveal([note('old1'), note('old2'), note('quiet', { participant_id: 'p2' })], 3);
  const revealed = changes.find((c) => c.type === 'revealed');
  assert.deepEqual(revealed.ids, ['quiet']);
  assert.equal(changes.filter((c) => c.type === 'added').length, 1);
  assert.deepEqual([...store.notes.keys()], ['old1', 'old2', 'quiet']);
});

test('a full state brings settings, counts, votes, presence and participants', () => {
  const { store } = storeWith();
  store.applyState({ rev: 2, notes: [], settings: { votes_per_participant: 3 }, counts: { regie: 1 },
    votes: { used: 1, by_note: { a: 1 } }, online: 4, participants: [{ id: 'p1', name: 'Anne' }] });
  assert.equal(store.votesLeft(), 2);
  assert.deepEqual(store.counts, { regie: 1 });
  assert.equal(store.online, 4);
  assert.equal(store.participants.get('p1').name, 'Anne');
});

test('dropping a pending note takes it off; a note from the server is not dropped', () => {
  const { store } = storeWith();
  store.addPending(note('p'));
  store.upsert(note('s'), 1);
  store.dropPending('p');
  store.dropPending('s');
  assert.deepEqual([...store.notes.keys()], ['s']);
});

test('my own vote is said as a votes change even when the count had arrived already', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [note('a', { votes: 1 })], settings: { votes_per_participant: 3 } });
  store.setVotes('a', 2, 2);          // the broadcast overtook the ack
  changes.length = 0;
  store.recordMyVote('a', true, 2);
  store.setVotes('a', 2, 2, false);   // the ack: nothing new
  assert.deepEqual(changes.map((c) => c.type), ['votes']);
  assert.equal(store.votesLeft(), 2);
  assert.equal(store.myVotes.by_note.a, 1);
});

test('the facilitator hides our own note: it stays, marked hidden, said once as an update', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [note('mine', { participant_id: 'p1' }), note('theirs')] });
  store.me = { id: 'p1' };
  store.remove('mine', 2, true, 'facilitator', true);   // note:deleted to the room, "hidden": true
  assert.equal(store.notes.get('mine').hidden, true);
  assert.equal(store.tombstones.has('mine'), false);
  assert.deepEqual(changes.map((c) => [c.type, c.id, c.by]), [['updated', 'mine', 'facilitator']]);
  assert.equal(changes[0].previous.hidden, undefined);
  // The note itself, hidden, on the author's own room: a newer version replaces the mark quietly.
  store.upsert(note('mine', { participant_id: 'p1', hidden: true, version: 2 }), 2);
  assert.equal(store.notes.get('mine').version, 2);
  assert.equal(changes[1].previous.hidden, true);
  // Someone else's note hidden in the same way leaves the phone, as before.
  store.remove('theirs', 3, true, 'facilitator', true);
  assert.equal(store.notes.has('theirs'), false);
  assert.equal(store.tombstones.get('theirs'), 3);
  assert.deepEqual(changes.slice(2).map((c) => c.type), ['deleted']);
});

test('hidden: the note:updated for the author may come before the room\'s note:deleted', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [note('mine', { participant_id: 'p1' })] });
  store.me = { id: 'p1' };
  store.upsert(note('mine', { participant_id: 'p1', hidden: true, version: 2 }), 2);
  store.remove('mine', 2, true, 'facilitator', true);
  assert.equal(store.notes.get('mine').hidden, true);
  assert.equal(store.notes.get('mine').version, 2);
  assert.deepEqual(changes.map((c) => c.type), ['updated']);
  // Shown again: note:added to the room brings the note back unhidden.
  store.upsert(note('mine', { participant_id: 'p1', hidden: false, version: 3 }), 3);
  assert.equal(store.notes.get('mine').hidden, false);
  // A later real delete of it removes it.
  store.remove('mine', 4, true, 'facilitator');
  assert.equal(store.notes.has('mine'), false);
});

test('a delete without "hidden" removes our own note as before', () => {
  const { store, changes } = storeWith({ rev: 1, notes: [note('mine', { participant_id: 'p1' })] });
  store.me = { id: 'p1' };
  store.remove('mine', 2, true, 'facilitator');
  assert.equal(store.notes.has('mine'), false);
  assert.deepEqual(changes.map((c) => [c.type, c.by]), [['deleted', 'facilitator']]);
});

test('a join state with our own hidden note keeps it, marked', () => {
  const { store } = storeWith({ rev: 1, notes: [note('mine', { participant_id: 'p1' })] });
  store.me = { id: 'p1' };
  store.applyState({ rev: 3, notes: [note('mine', { participant_id: 'p1', hidden: true, version: 2 })] });
  assert.equal(store.notes.get('mine').hidden, true);
});

test('authors hidden: the room\'s copy of our note (no owner, no author) leaves it ours', () => {
  const { store } = storeWith({ rev: 1, notes: [] });
  store.me = { id: 'p1' };
  store.upsert(note('mine', { participant_id: 'p1', author: 'Anne' }), 2);
  store.upsert(note('mine', { participant_id: null, author: '', version: 2, text: 'nieuw' }), 3);
  assert.equal(store.isMine(store.notes.get('mine')), true);
  assert.equal(store.notes.get('mine').author, 'Anne');
  assert.equal(store.notes.get('mine').text, 'nieuw');
  store.reveal([note('mine', { participant_id: null, author: '', version: 2 })], 4);
  assert.equal(store.isMine(store.notes.get('mine')), true);
  store.upsert(note('theirs', { participant_id: null, author: '' }), 5);
  assert.equal(store.isMine(store.notes.get('theirs')), false);
});

const cluster = (id, noteIds, fields = {}) => Object.assign(
  { id, block: 'regie', subarea: null, title: '', note_ids: noteIds, votes: 0 }, fields);

test('clusters: created, updated, deleted; a late older message never brings one back', () => {
  const { store, changes } = storeWith({ rev: 2, notes: [note('a'), note('b', { votes: 2 })] });
  store.upsertCluster(cluster('c', ['a', 'b']), 3);
  assert.equal(store.clusterOf('b').id, 'c');
  assert.deepEqual(store.clusterNotes(store.clusters.get('c')).map((n) => n.id), ['a', 'b']);
  assert.equal(store.clusterTitle(store.clusters.get('c')), 'a'); // no title: the first note's text
  store.setClusterVotes('c', 1, 4);
  assert.equal(store.clusterScore(store.clusters.get('c')), 3);   // its own vote and its notes'
  store.removeCluster('c', 5);
  store.upsertCluster(cluster('c', ['a']), 4);                     // late: made before the delete
  assert.equal(store.clusters.has('c'), false);
  assert.equal(store.clusterOf('a'), null);
  assert.deepEqual(changes.filter((c) => c.type === 'cluster').map((c) => Boolean(c.cluster)), [true, false]);
});

test('clusters: a state replaces them, except what a newer broadcast told', () => {
  const { store } = storeWith({ rev: 1, notes: [note('a'), note('b')] });
  store.upsertCluster(cluster('old', ['a']), 2);
  store.upsertCluster(cluster('new', ['b']), 9);
  store.applyState({ rev: 5, notes: [note('a'), note('b')], clusters: [cluster('s', ['a'])] });
  assert.deepEqual(Array.from(store.clusters.keys()).sort(), ['new', 's']);
  store.reveal([note('a')], 10, [cluster('r', ['a'])]);
  assert.deepEqual(Array.from(store.clusters.keys()), ['r']);
});

test('my votes on clusters count in the budget; a reset clears them', () => {
  const { store } = storeWith({ rev: 1, notes: [note('a')], settings: { votes_per_participant: 3 },
    clusters: [cluster('c', ['a'], { votes: 2 })], votes: { used: 1, by_note: { a: 1 }, by_cluster: {} } });
  store.recordMyClusterVote('c', true, 1);
  assert.deepEqual(store.myVotes, { used: 2, by_note: { a: 1 }, by_cluster: { c: 1 } });
  assert.equal(store.votesLeft(), 1);
  store.resetVotes(2);
  assert.equal(store.clusters.get('c').votes, 0);
  assert.deepEqual(store.myVotes, { used: 0, by_note: {}, by_cluster: {} });
});

test('the board kept on the device shows until the first join, which takes over whole', () => {
  const store = new NoteStore();
  const changes = [];
  store.subscribe((change) => changes.push(change));
  const kept = { notes: [note('mine', { participant_id: 'p1' }), note('gone'), note('x', { pending: true })],
    settings: { locked: true }, clusters: [{ id: 'c1', note_ids: ['mine', 'gone'], votes: 0 }],
    votes: { used: 1, by_note: { gone: 1 } } };
  store.restoreKnown(kept, { id: 'p1', name: 'Fatima', token: 'never kept' });
  assert.deepEqual(changes.map((c) => c.type), ['reset']);
  assert.deepEqual([...store.notes.keys()], ['mine', 'gone']); // a waiting note is the outbox's
  assert.deepEqual(store.me, { id: 'p1', name: 'Fatima' });
  assert.ok(store.isMine(store.notes.get('mine')));
  assert.equal(store.settings.locked, true);
  assert.equal(store.votesLeft(), 0);
  assert.equal(store.clusters.get('c1').note_ids.length, 2);
  assert.equal(store.rev, null); // the first join's state is the first state
  store.addPending(note('waiting'));

  // The live state: 'gone' was deleted meanwhile, the canvas unlocked.
  store.applyState({ rev: 7, notes: [note('mine', { participant_id: 'p1', version: 2, text: 'edited' })],
    settings: { locked: false }, clusters: [] });
  assert.deepEqual([...store.notes.keys()].sort(), ['mine', 'waiting']);
  assert.equal(store.notes.get('mine').text, 'edited');
  assert.equal(store.settings.locked, false);
  assert.equal(store.clusters.size, 0);
  assert.equal(store.rev, 7);
  // A late broadcast of the deleted note cannot bring it back.
  store.upsert(note('gone'), 6);
  assert.ok(!store.notes.has('gone'));
});

test('a kept board is ignored once a live state is there, and knownState() leaves waiting notes out', () => {
  const { store } = storeWith({ rev: 3, notes: [note('live')] });
  store.restoreKnown({ notes: [note('old')] }, null);
  assert.deepEqual([...store.notes.keys()], ['live']);
  store.addPending(note('waiting'));
  assert.deepEqual(store.knownState().notes.map((n) => n.id), ['live']);
});
