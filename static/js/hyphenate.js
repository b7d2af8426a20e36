// Note text prepared for wrapping in a narrow box: soft hyphens (U+00AD) at the syllable
// boundaries of long Dutch words, so a word that must break does so at a syllable and shows a
// hyphen ("Vroegsignale-ring", never "Vroegsignale|ring"), and no-break spaces where a line must
// not break ("€ 40.000", "4 uur", "wijk :"). CSS `hyphens: auto` cannot do this: Chromium
// fetches its dictionaries on demand, so offline it breaks nowhere or anywhere.
//
// The result is still plain text, for a text node (textContent), never HTML. The poster does the
// same in canvas/poster/hyphenate.py; tests/js/fixtures/hyphenation.json holds the cases both
// meet. Copying from the page gives the text without the soft hyphens (see the end).
//
// The Dutch patterns (hyphenpatterns.js: 140 kB, 36 kB compressed, a fifth of the phone's first
// load) come in when they are needed: the board pages import them at their start, so their first
// layout is hyphenated; the phone loads them when it first shows a long Dutch word (an empty
// workshop needs none) and draws its list again when they are in (onHyphenation). Until then a
// long word is left whole.
export const SHY = '\u00ad';
export const NBSP = '\u00a0';
export const MIN_LETTERS = 8; // shorter words are never broken

let breakDutch = null;
let loading = null;
const readyListeners = new Set();

/** Called by hyphenpatterns.js with the Dutch hyphenator; tells the pages to draw again. */
export function useHyphenator(hyphenator) {
  breakDutch = hyphenator;
  cache.clear();
  if (typeof document !== 'undefined') document.documentElement.dataset.hyphenation = 'ready';
  for (const listener of readyListeners) listener();
}

/** Load the Dutch patterns (once); resolves when hyphenate() breaks Dutch words. A failed
 * load (offline) is tried again at the next long word. */
export function loadHyphenation() {
  if (breakDutch) return Promise.resolve();
  if (!loading) {
    loading = import('./hyphenpatterns.js').catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** Whether the patterns are in (hyphenate() breaks Dutch words without loading anything). */
export function hyphenationReady() {
  return Boolean(breakDutch);
}

/** listener() once the patterns are in: text hyphenated before then was left whole. */
export function onHyphenation(listener) {
  readyListeners.add(listener);
}

// A word: letters (with combining accents). Digits, apostrophes and hyphens end it, so
// "Portfolio-overleg" is two words and breaks at its own hyphen first.
const WORD = /[\p{L}\u0300-\u036f]+/gu;
// Tokens that are addresses, not words: URLs, e-mail, bare domains ("socialestabiliteit.nl";
// a lower-case ending, so "wijk.Daarna" stays a word).
const ADDRESS = new RegExp(
  '://|^[(\\[<"\'‘“]*www\\.|[^@\\s]@[^@\\s]+\\.[\\p{L}\\p{N}_]'
  + '|^[(\\[<"\'‘“]*[\\p{L}\\p{N}_-]+(?:\\.[\\p{L}\\p{N}_-]+)*\\.[a-z]{2,12}(?:[/?#:]\\S*)?[)\\]>"\'’”.,;:!?]*$', 'u');
// "€ 40.000", "EUR 40": the amount stays with its sign.
const CURRENCY = /(€|\bEUR|\$|£)[ \t]+(?=\d)/g;
// "40 km", "0,4 fte", "4 uur", "25 %": a number stays with its unit.
const UNITS = ['%', '‰', 'fte', 'uur', 'uren', 'u', 'min', 'minuten', 'sec', 'seconden', 'dag', 'dagen',
  'week', 'weken', 'maand', 'maanden', 'jaar', 'km', 'm', 'cm', 'mm', 'm²', 'm2', 'm³', 'ha', 'kg', 'g', 'l',
  'ml', 'euro', 'eur', 'procent', 'keer', 'x'];
const UNIT = new RegExp(`(\\d)[ \\t]+(?=(?:${[...UNITS].sort((a, b) => b.length - a.length).join('|')})`
  + '(?![\\p{L}\\p{N}_]))', 'giu');
// A space before punctuation that belongs to the word before it ("wijk :", "ja !", "samen –"):
// the punctuation never starts a line of its own.
const BEFORE_PUNCT = /[ \t]+(?=[.,:;!?)\]»”’…]+(?:\s|$)|[–—-](?:\s|$))/g;

const cache = new Map();

function breakWord(word) {
  if ([...word].length < MIN_LETTERS) return word;
  if (!breakDutch) {
    loadHyphenation().catch(() => {});
    return word;
  }
  let out = cache.get(word);
  if (out === undefined) {
    if (cache.size > 5000) cache.clear();
    out = breakDutch(word);
    cache.set(word, out);
  }
  return out;
}

/**
 * `text` with soft hyphens in its long words (when `lang` is Dutch) and no-break spaces where a
 * break would separate what belongs together. Only U+00AD and U+00A0 are added (no-break spaces
 * replace plain spaces or tabs); other languages get the no-break spaces only.
 */
export function hyphenate(text, lang = 'nl') {
  let out = String(text ?? '')
    .replace(CURRENCY, `$1${NBSP}`)
    .replace(UNIT, `$1${NBSP}`)
    .replace(BEFORE_PUNCT, NBSP);
  if (!String(lang || '').toLowerCase().startsWith('nl')) return out;
  out = out.replace(/\S+/g, (token) => (ADDRESS.test(token) ? token : token.replace(WORD, breakWord)));
  return out;
}

/** Text as a reader copies it: without the soft hyphens, with plain spaces. */
export function plain(text) {
  return String(text ?? '').replaceAll(SHY, '').replaceAll(NBSP, ' ');
}

// Chromium copies soft hyphens along with the selection; what lands on the clipboard (and is
// pasted into the editor, a mail, a document) must be the text as written.
function onCopy(event) {
  const selection = document.getSelection();
  const text = selection ? selection.toString() : '';
  if (!(text.includes(SHY) || text.includes(NBSP)) || !event.clipboardData) return;
  event.clipboardData.setData('text/plain', plain(text));
  event.preventDefault();
}

if (typeof document !== 'undefined') document.addEventListener('copy', onCopy);
