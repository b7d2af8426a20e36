// Workshop codes: people type them with spaces, dashes or in lower case.
//
// The rules come from the server (boot.rules.code, canvas/services/rules.py) and are passed in,
// so this module needs no page and runs in Node too.

/**
 * A typed code in its stored form, as canvas.services.rules.normalize_code makes it: without
 * what `codeRules.ignored` (a character class) matches, in upper case. null when that leaves
 * nothing, or more than `codeRules.typed_max` characters: then it cannot be a code.
 * "k7p-x3m " → "K7PX3M"
 */
export function normalizeCode(value, codeRules) {
  if (typeof value !== 'string') return null;
  const code = value.replace(new RegExp(codeRules.ignored, 'g'), '').toUpperCase();
  // Counted in characters (code points), as Python counts them, not in UTF-16 units.
  const length = Array.from(code).length;
  return length >= 1 && length <= codeRules.typed_max ? code : null;
}

/** Whether a normalised code has the form of a join code: `length` letters and digits. */
export function looksLikeCode(code, codeRules) {
  return typeof code === 'string' && code.length === codeRules.length && /^[A-Z0-9]+$/.test(code);
}

/** "K7PX3M" → "K7P X3M" (easier to read aloud and to type over). */
export function formatCode(code, codeRules) {
  if (!code || code.length !== codeRules.length) return code || '';
  const half = Math.ceil(code.length / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}
