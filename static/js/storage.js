// localStorage that never throws (private mode, full quota, blocked storage).

export const keys = {
  token: (code) => `nc:token:${code}`,
  facilitatorToken: (code) => `nc:ftoken:${code}`,
  facilitatorKey: (code) => `nc:fkey:${code}`,
  outbox: (code) => `nc:outbox:${code}`, // notes written here, not yet confirmed by the server
  draft: (code) => `nc:draft:${code}`,   // the note being written (not posted yet)
  edits: (code) => `nc:edits:${code}`,   // unsaved changes in the edit dialog, per note id
  folded: (code) => `nc:folded:${code}`, // the blocks folded away in the list of notes
  name: 'nc:name',
  color: 'nc:color',
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
