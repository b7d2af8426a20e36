// localStorage that never throws (private mode, full quota, blocked storage).

export const keys = {
  token: (code) => `nc:token:${code}`,
  facilitatorToken: (code) => `nc:ftoken:${code}`,
  facilitatorKey: (code) => `nc:fkey:${code}`,
  outbox: (code) => `nc:outbox:${code}`, // notes written here, not yet confirmed by the server
  draft: (code) => `nc:draft:${code}`,   // the note being written (not posted yet)
  edits: (code) => `nc:edits:${code}`,   // unsaved changes in the edit dialog, per note id
  folded: (code) => `nc:folded:${code}`, // the blocks folded away in the list of notes
  board: (code) => `nc:board:${code}`,   // the last state of the board seen live (shown offline)
  name: 'nc:name',
  color: 'nc:color',
  // Keys of templates saved from this browser or passed on to it: the server lists a saved
  // template only to whoever names its key (docs/security.md, "Session plans and templates").
  templates: 'nc:templates',
};

export function load(key) {
  try {
    return window.localStorage.getItem(key);
  } catch (error) {
    return null;
  }
}

export function save(key, value) {
  try {
    if (value === null || value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, String(value));
  } catch (error) {
    // Storage unavailable: the page still works, it just forgets after a reload.
  }
}

const TEMPLATES_REMEMBERED = 20; // as many as GET /api/templates?saved= lists

/** The keys of the saved templates this browser knows, newest first. */
export function savedTemplateKeys() {
  try {
    const list = JSON.parse(load(keys.templates) || '[]');
    return Array.isArray(list) ? list.filter((key) => typeof key === 'string' && /^t-[\w-]{1,30}$/.test(key)) : [];
  } catch (error) {
    return [];
  }
}

/** Remember a saved template's key (newest first, at most TEMPLATES_REMEMBERED). */
export function rememberTemplate(key) {
  if (typeof key !== 'string' || !/^t-[\w-]{1,30}$/.test(key)) return;
  const list = [key, ...savedTemplateKeys().filter((known) => known !== key)];
  save(keys.templates, JSON.stringify(list.slice(0, TEMPLATES_REMEMBERED)));
}

/** The templates to ask the server for: the method's in ``language`` and the known saved ones. */
export function templatesPath(language) {
  const saved = savedTemplateKeys();
  return `/api/templates?lang=${encodeURIComponent(language)}`
    + (saved.length ? `&saved=${encodeURIComponent(saved.join(','))}` : '');
}
