// static/js/codes.js: typed join codes. The rules are the server's (tests/js/fixtures/code-rules.json,
// kept equal to canvas.services.rules by tests/unit/test_codes.py, which also runs codes.js
// against Python's normalize_code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeCode, looksLikeCode, formatCode } from '../../static/js/codes.js';

const rules = JSON.parse(readFileSync(new URL('./fixtures/code-rules.json', import.meta.url), 'utf8'));

test('what people type between the characters is dropped, and the rest is upper case', () => {
  for (const typed of ['k7p x3m', ' k7p x3m\n', 'K7P\tX3M', 'k7p\u00a0x3m', 'k7p\u3000x3m',
    'k7p-x3m', 'k7p.x3m', 'k7p_x3m', 'k7p - x.3_m', '\ufeffk7px3m']) {
    assert.equal(normalizeCode(typed, rules), 'K7PX3M', JSON.stringify(typed));
  }
});

test('other characters stay', () => {
  assert.equal(normalizeCode('k7p/x3m', rules), 'K7P/X3M');
  assert.equal(normalizeCode('k7p\u200bx3m', rules), 'K7P\u200bX3M');
  assert.equal(normalizeCode('ß', rules), 'SS');
});

test('nothing left, or too long, is no code at all', () => {
  assert.equal(normalizeCode('', rules), null);
  assert.equal(normalizeCode(' -._ ', rules), null);
  assert.equal(normalizeCode('ABCDEFGHJKMN', rules), 'ABCDEFGHJKMN');
  assert.equal(normalizeCode('ABCDEFGHJKMNP', rules), null);
  assert.equal(normalizeCode('ßßßßßßß', rules), null); // 14 once in upper case
  assert.equal(normalizeCode('😀'.repeat(12), rules), '😀'.repeat(12)); // counted in characters
  assert.equal(normalizeCode('😀'.repeat(13), rules), null);
});

test('what is not text is no code', () => {
  assert.equal(normalizeCode(null, rules), null);
  assert.equal(normalizeCode(undefined, rules), null);
  assert.equal(normalizeCode(42, rules), null);
});

test('a join code has the length of the rules, in letters and digits', () => {
  assert.equal(looksLikeCode('K7PX3M', rules), true);
  assert.equal(looksLikeCode('K7PX3', rules), false);
  assert.equal(looksLikeCode('K7PX3MM', rules), false);
  assert.equal(looksLikeCode('K7P/X3', rules), false);
  assert.equal(looksLikeCode(null, rules), false);
});

test('a code is shown in two halves', () => {
  assert.equal(formatCode('K7PX3M', rules), 'K7P X3M');
  assert.equal(formatCode('K7PX3', rules), 'K7PX3');
  assert.equal(formatCode('', rules), '');
  assert.equal(formatCode(null, rules), '');
});
