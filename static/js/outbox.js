// The outbox: notes written on this device that the server has not confirmed yet.
//
// A participant's note goes into the outbox (localStorage, one list per workshop) before it is
// sent, so a dropped connection, a lost ack or a reload of the page cannot lose it. The page
// shows it as "waiting to send" and sends it again after every join, always with the id the
// device made for it: the server treats note:add with a known id of the same participant as a
// retry and answers with the stored note (docs/protocol.md), so a note is never stored twice.
//
// An entry leaves the outbox as soon as the server's copy of the note is seen (the ack, the
// note:added broadcast or a join state), or when the server refuses it for good; then the page
// gets the text back (onRefused) instead of losing it.
import { rules } from './boot.js';
import { keys, load, save } from './storage.js';

// Answers after which a note stays in the outbox and is sent again later. Anything else is a
// refusal that waiting cannot change (an invalid note, a removed participant, ...). The server's
// codes come from boot.rules (canvas/services/rules.py); 'offline' and 'timeout' are made here,
// by Session.request(), when no answer came at all, so the server cannot know them.
const TRY_AGAIN = new Set(['offline', 'timeout', ...rules.retryable_errors]);
const RETRY_DELAY = 5000; // after a timeout or a server error, while the connection stays up

/** Whether an answer to note:add means "keep it and try again later". */
export function shouldRetry(ack) {
  return !ack.ok && TRY_AGAIN.has(ack.code);
}

export class Outbox {
  /**
   * session: the Session (store, request(), joined, onJoin()); code: the workshop;
   * author(): the name a waiting note is shown with;
   * onRefused(entry, ack): a queued note was refused for good (entry.payload holds its fields);
   * onSent(n): n queued notes reached the server in one go.
   */
  constructor({ session, code, author = () => '', onRefused = () => {}, onSent = () => {} }) {
    this.session = session;
    this.store = session.store;
    this.key = keys.outbox(code);
    this.author = author;
    this.onRefused = onRefused;
    this.onSent = onSent;
    this.inFlight = new Map(); // id -> Promise of the ack
    this.flushing = false;
    this.flushAgain = false;
    this.retryTimer = 0;
    this.listeners = new Set();
    this.entries = this.read();
    for (const entry of this.entries) this.store.addPending(this.pendingNote(entry));
    this.store.subscribe((change) => this.onStoreChange(change));
    // After every join ack: the server knows who we are and the state is fresh.
    session.onJoin(() => this.flush());
    // Another tab of the same participant shares this outbox: follow what it adds and sends.
    window.addEventListener('storage', (event) => { if (event.key === this.key) this.reload(); });
  }

  get size() { return this.entries.length; }

  has(id) { return this.entries.some((entry) => entry.id === id); }

  /** Call listener(outbox) now and after every change. */
  subscribe(listener) {
    this.listeners.add(listener);
    listener(this);
  }

  notify() {
    for (const listener of this.listeners) listener(this);
  }

  /** The stored list; anything unreadable is ignored rather than breaking the page. */
  read() {
    let list;
    try {
      list = JSON.parse(load(this.key) || '[]');
    } catch (error) {
      return [];
    }
    if (!Array.isArray(list)) return [];
    return list.filter((entry) => entry && typeof entry.id === 'string' && entry.payload
      && typeof entry.payload === 'object' && entry.payload.id === entry.id);
  }

  /** Read, change, write: another tab may have changed the list since we last read it. */
  update(change) {
    const entries = change(this.read());
    save(this.key, entries.length ? JSON.stringify(entries) : null);
    this.entries = entries;
    this.notify();
  }

  /** The copy of an entry the board shows until the server's copy arrives. */
  pendingNote(entry) {
    const p = entry.payload;
    return {
      id: entry.id, block: p.block, subarea: p.subarea || null, text: p.text, color: p.color,
      coalition: p.coalition || null, author: entry.author || '',
      participant_id: this.store.me ? this.store.me.id : null,
      created_at: entry.queued_at, updated_at: entry.queued_at,
    };
  }

  /** Keep a note (a note:add payload with its id) on this device, and show it as waiting. */
  add(payload) {
    const entry = {
      id: payload.id, payload, author: this.author(), queued_at: new Date().toISOString(),
    };
    this.update((entries) => (entries.some((e) => e.id === entry.id) ? entries : [...entries, entry]));
    this.store.addPending(this.pendingNote(entry));
    return entry;
  }

  /** Forget a note (the server has it, or refused it). */
  remove(id) {
    if (!this.has(id) && !this.read().some((entry) => entry.id === id)) return;
    this.update((entries) => entries.filter((entry) => entry.id !== id));
  }

  /** Forget a note the server refused, and take it off the board. */
  discard(id) {
    this.remove(id);
    this.store.dropPending(id);
  }

  /**
   * Send one note; resolves with the ack (never rejects). On ok the note leaves the outbox; on
   * an answer worth retrying it stays; a refusal is left to the caller (see flush, Composer).
   * Sending a note that is on its way already waits for that same request.
   */
  send(id) {
    if (this.inFlight.has(id)) return this.inFlight.get(id);
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) return Promise.resolve({ ok: true, note: this.store.notes.get(id) || null });
    const promise = this.session.request('note:add', entry.payload).then((ack) => {
      this.inFlight.delete(id);
      if (ack.ok) {
        this.remove(id);
        if (ack.note) this.store.upsert(ack.note, ack.rev, false);
      } else if (ack.code === 'note_deleted') {
        // An earlier try did arrive, and someone has deleted the note since: it stays deleted.
        this.remove(id);
        this.store.remove(id, undefined, false);
        return { ...ack, ok: true, settled: true };
      } else if (shouldRetry(ack)) {
        this.retryLater(ack);
      }
      return ack;
    });
    this.inFlight.set(id, promise);
    return promise;
  }

  /**
   * Send every waiting note, oldest first and one at a time (the canvas gets them in the order
   * they were written). Runs after every join. Stops at the first answer worth retrying:
   * the next join, the retry timer or the end of a lock sends the rest.
   */
  async flush() {
    if (this.flushing) { this.flushAgain = true; return; }
    this.flushing = true;
    let sent = 0;
    try {
      for (const entry of [...this.entries]) {
        if (!this.session.joined) break;
        if (this.inFlight.has(entry.id) || !this.has(entry.id)) continue; // the composer sends it
        const ack = await this.send(entry.id);
        if (ack.ok) { sent += 1; continue; }
        if (shouldRetry(ack)) break;
        this.discard(entry.id);
        this.onRefused(entry, ack);
      }
    } finally {
      this.flushing = false;
    }
    if (sent) this.onSent(sent);
    if (this.flushAgain) { this.flushAgain = false; this.flush(); }
  }

  /** Try again later when waiting helps: a server too busy to answer or write ("busy"), or "too fast". */
  retryLater(ack) {
    let delay;
    if (ack.code === 'too_fast' || ack.code === 'busy') delay = Math.max(1, Number(ack.retry_after) || 2) * 1000;
    else if (ack.code === 'timeout' || ack.code === 'internal') delay = RETRY_DELAY;
    else return; // offline, not joined: the next join flushes; locked: the unlock does
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => { if (this.session.joined) this.flush(); }, delay);
  }

  onStoreChange(change) {
    if (!this.entries.length) return;
    const fromServer = change.note && !change.note.pending;
    if ((change.type === 'added' || change.type === 'updated') && fromServer) {
      // The server's copy arrived (its broadcast can overtake the ack): it has the note.
      if (this.has(change.id)) this.remove(change.id);
    } else if (change.type === 'deleted') {
      // Deleted on the server (so it was stored) before our ack came, or refused here: sending
      // it again would bring back a note someone removed.
      if (this.has(change.id)) this.remove(change.id);
    } else if (change.type === 'reset') {
      // A join state: whatever it holds was stored; the rest is sent by flush() after the join.
      for (const entry of [...this.entries]) {
        const note = this.store.notes.get(entry.id);
        if (note && !note.pending) this.remove(entry.id);
      }
    } else if (change.type === 'settings' && change.previous && change.previous.locked
      && !change.settings.locked && this.session.joined) {
      this.flush(); // notes refused while the canvas was locked may go now
    }
  }

  /** Another tab changed the list: show its new notes, drop the ones it settled. */
  reload() {
    const before = new Set(this.entries.map((entry) => entry.id));
    this.entries = this.read();
    const now = new Set(this.entries.map((entry) => entry.id));
    for (const entry of this.entries) {
      if (!before.has(entry.id)) this.store.addPending(this.pendingNote(entry));
    }
    // Sent by the other tab (its broadcast brings the server's copy here too) or refused there.
    for (const id of before) if (!now.has(id)) this.store.dropPending(id);
    this.notify();
  }
}
