// static/js/silence.js follows canvas/realtime/visibility.py in_silent_round: the same table
// (tests/js/fixtures/silent-round.json) runs through Python in tests/unit/test_silent_round.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inSilentRound } from '../../static/js/silence.js';

const table = JSON.parse(readFileSync(new URL('./fixtures/silent-round.json', import.meta.url), 'utf8'));

for (const row of table) {
  test(`silent round: ${row.case}`, () => {
    assert.equal(inSilentRound(row.note, row.settings), row.in_round);
  });
}

test('no settings: no silent round', () => {
  assert.equal(inSilentRound({ created_at: '2024-05-01T10:00:00Z' }, null), false);
  assert.equal(inSilentRound({ created_at: '2024-05-01T10:00:00Z' }, undefined), false);
});

test('a note with a created_at of null counts as one without', () => {
  const settings = { silent: true, silent_since: '2024-05-01T10:00:00Z' };
  assert.equal(inSilentRound({ created_at: null }, settings), false);
});
