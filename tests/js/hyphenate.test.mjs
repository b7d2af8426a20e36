// static/js/hyphenate.js: note text prepared for wrapping. The cases are shared with the poster's
// canvas/poster/hyphenate.py (tests/js/fixtures/hyphenation.json): both break the same words at
// the same places.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hyphenate, loadHyphenation, plain, SHY, NBSP } from '../../static/js/hyphenate.js';

await loadHyphenation();

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/hyphenation.json', import.meta.url), 'utf8'));
const shown = (text) => text.replaceAll(SHY, '|').replaceAll(NBSP, '_');

test('before the patterns are in, long words are left whole (a module of its own)', async () => {
  const fresh = await import('../../static/js/hyphenate.js?fresh');
  assert.equal(fresh.hyphenate('Vroegsignalering'), 'Vroegsignalering');
});

test('the shared cases', () => {
  for (const { text, lang, expected } of cases) assert.equal(shown(hyphenate(text, lang)), expected, text);
});

test('the long words break at their syllables only', () => {
  assert.deepEqual(['Vroegsignalering', 'Wijkcoöperatie', 'netwerkcoördinator', 'organisatiegericht']
    .map((w) => shown(hyphenate(w))),
  ['Vroeg|sig|na|le|ring', 'Wijk|co|ö|pe|ra|tie', 'net|werk|co|ör|di|na|tor', 'or|ga|ni|sa|tie|ge|richt']);
});

test('only soft hyphens and no-break spaces are added: plain() gives the text back', () => {
  const texts = cases.map((c) => c.text).concat([
    'Één café, geïnteresseerd – “samen” ‘doen’ — € 40.000 óók', '<b>vet</b> & x', 'a b\nc',
    'Wij zijn de schakel tussen huisartsen en wijkteam', '😀 netwerkcoördinator 😀']);
  for (const text of texts) {
    assert.equal(plain(hyphenate(text)), text, text);
    assert.equal(plain(hyphenate(text, 'en')), text, text);
  }
});

test('short words, addresses and other languages are not hyphenated', () => {
  assert.ok(!hyphenate('samen wijk ouderen zorgpad ess@minszw.nl www.netwerkcoordinator.nl').includes(SHY));
  assert.ok(!hyphenate('https://voorbeeld.nl/vroegsignalering?organisatiegericht=1').includes(SHY));
  assert.equal(hyphenate('netwerkcoördinator', 'en'), 'netwerkcoördinator');
  assert.equal(hyphenate(null), '');
});

test('markup stays text: nothing is added around < and &', () => {
  assert.equal(plain(hyphenate('<img src=x onerror=alert(1)> &amp; organisatiegericht')),
    '<img src=x onerror=alert(1)> &amp; organisatiegericht');
});
