// The last state of the board this phone saw live, kept on the device per workshop: a reload
// without a connection (the service worker serves the page, templates/sw.js) shows the notes it
// knew, said to be the last known state and not live, until a join brings the live one.
//
// Kept in local storage beside the outbox; only what the room showed this participant (no
// tokens: `me` is the participant's id and name). A board too large for the storage is not
// kept at all, rather than an older one shown as if it were the last.
import { keys, load, save } from '../storage.js';

const SAVE_DELAY = 1000; // a burst of notes is written once
const FORMAT = 1;

export class KnownState {
  constructor({ session, code }) {
    this.session = session;
    this.store = session.store;
    this.key = keys.board(code);
    this.liveAt = null;   // when the board shown was last live (null: never, on this device)
    this.timer = 0;
    this.dirty = false;   // changed while live since last written
    this.listeners = new Set();
  }

  /** Show the kept board in the store (before the first join); true when there was one. */
  restore() {
    let kept;
    try {
      kept = JSON.parse(load(this.key) || 'null');
    } catch (error) {
      return false;
    }
    if (!kept || kept.format !== FORMAT || !kept.state || typeof kept.saved_at !== 'string') return false;
    const savedAt = new Date(kept.saved_at);
    if (Number.isNaN(savedAt.getTime())) return false;
    this.store.restoreKnown(kept.state, kept.me);
    this.liveAt = savedAt;
    this.notify();
    return true;
  }

  /** Keep the board from now on, whenever it changes while live. */
  follow() {
    this.store.subscribe(() => this.schedule());
    this.session.onStatus((status) => {
      // The workshop was deleted, or this participant removed: nothing of it is worth keeping.
      if (this.session.ended) { this.forget(); return; }
      if (status === 'connected') this.schedule();
      else if (this.wasLive) {
        this.write(); // what changed in the last second it was live
        this.liveAt = new Date(); // live until this moment
      }
      this.wasLive = status === 'connected';
      this.notify();
    });
    window.addEventListener('pagehide', () => this.write());
  }

  /** When the board shown was last live, or null while it is live (or was never). */
  get notLiveSince() {
    return this.session.status === 'connected' ? null : this.liveAt;
  }

  subscribe(listener) {
    this.listeners.add(listener);
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }

  /** A change while joined: written within SAVE_DELAY (or when the connection drops). */
  schedule() {
    if (!this.session.joined) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = window.setTimeout(() => { this.timer = 0; this.write(); }, SAVE_DELAY);
  }

  /** Drop the kept board (the workshop is gone for this phone). */
  forget() {
    window.clearTimeout(this.timer);
    this.timer = 0;
    this.dirty = false;
    this.liveAt = null;
    save(this.key, null);
    this.notify();
  }

  /** Keep the board if it changed while live (only a live board is worth keeping). */
  write() {
    window.clearTimeout(this.timer);
    this.timer = 0;
    if (!this.dirty || this.session.ended) return;
    this.dirty = false;
    this.liveAt = new Date();
    const me = this.store.me ? { id: this.store.me.id, name: this.store.me.name || '' } : null;
    const kept = { format: FORMAT, saved_at: this.liveAt.toISOString(), me, state: this.store.knownState() };
    try {
      window.localStorage.setItem(this.key, JSON.stringify(kept));
    } catch (error) {
      try { window.localStorage.removeItem(this.key); } catch (ignored) { /* no storage at all */ }
    }
  }
}
