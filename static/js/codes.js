// Workshop codes: people type them with spaces, dashes or in lower case.

/** "k7p-x3m " → "K7PX3M" */
export function normalizeCode(value) {
  return String(value || '').toUpperCase().replace(/[\s\-_.]/g, '');
}

/** "K7PX3M" → "K7P X3M" (easier to read aloud and to type over). */
export function formatCode(code) {
  return code && code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : (code || '');
}
