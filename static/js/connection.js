// The live connection: Socket.IO (WebSocket first, long-polling as fallback), the join handshake
// of docs/protocol.md, re-joining after every reconnect or missed revision, and a status badge.
//
// Catching up: a phone drops off the network, sleeps, or has its tab in the background for a
// while. When the network comes back (online), the page is shown again (visibilitychange,
// pageshow) or the socket reconnects, the page joins again: the join ack's state brings the
// canvas up to date (NoteStore.applyState) without reloading the page.
import { io } from '../vendor/socket.io/socket.io.esm.min.js';
import { t, lang } from './boot.js';
import { load, save } from './storage.js';
import { NoteStore } from './store.js';
import { showWorkshopDeleted } from './gone.js';
import { messageTooLarge } from './fieldlimit.js';

const REQUEST_TIMEOUT = 12000;
const JOIN_TIMEOUT = 15000;
// A page that comes back to the foreground joins again, but not more often than this (switching
// tabs back and forth should not fetch the whole state each time).
const WAKE_MIN_INTERVAL = 3000;

export class Session {
  /**
   * @param {object} options
   *   code: the workshop code; view: 'participant' | 'projector' | 'facilitator';
   *   tokenKey: localStorage key of the participant token (null: none, e.g. the projector);
   *   payload(): extra join fields (name, facilitator_key), read at every join;
   *   onJoined(ack): called after every join (more listeners: onJoin());
   *   onJoinError(ack): a join was refused;
   *   onGone(): the workshop was deleted (default: the page says so);
   *   onRemoved(): the facilitator removed this participant (the session stops connecting).
   */
  constructor({ code, view, tokenKey = null, payload = () => ({}), onJoined = () => {}, onJoinError = () => {},
    onGone = showWorkshopDeleted, onRemoved = () => {} }) {
    this.code = code;
    this.view = view;
    this.tokenKey = tokenKey;
    this.payload = payload;
    this.joinListeners = new Set([onJoined]);
    this.onJoinError = onJoinError;
    this.onGone = onGone;
    this.onRemoved = onRemoved;
    this.everJoined = false;
    this.store = new NoteStore();
    this.store.onGap = () => this.rejoin();
    this.joined = false;
    this.joining = false;
    this.joinAgain = false;
    this.joinSeq = 0;
    this.stopped = false;
    this.ended = false;             // gone or removed: never connect again
    this.lastJoinAt = 0;
    this.status = 'connecting';
    this.statusListeners = new Set();
    this.socket = null;
  }

  start() {
    const socket = io({
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 800,
      reconnectionDelayMax: 5000,
      timeout: 10000,
    });
    this.socket = socket;
    socket.on('connect', () => this.join());
    socket.on('connect_error', () => {
      // WebSocket blocked (proxy, firewall): fall back to long-polling with upgrade.
      socket.io.opts.transports = ['polling', 'websocket'];
      this.setStatus('offline');
    });
    socket.on('disconnect', (reason) => {
      this.joined = false;
      this.joining = false;
      this.joinSeq += 1;
      this.setStatus('offline');
      if (reason === 'io server disconnect' && !this.stopped) socket.connect();
    });
    // Without a network every attempt fails: stay "offline" rather than blink to "connecting".
    socket.io.on('reconnect_attempt', () => {
      if (!this.joined && navigator.onLine !== false) this.setStatus('connecting');
    });

    const store = this.store;
    socket.on('note:added', (msg) => msg && store.upsert(msg.note, msg.rev));
    socket.on('note:updated', (msg) => msg && store.upsert(msg.note, msg.rev));
    socket.on('note:deleted', (msg) => msg && store.remove(msg.id, msg.rev, true, msg.by || null,
      msg.hidden === true));
    socket.on('workshop:deleted', () => this.gone());
    socket.on('presence:updated', (msg) => msg && store.setOnline(msg.online));
    // Facilitation (docs/protocol.md, "Facilitation").
    socket.on('workshop:updated', (msg) => msg && store.setSettings(msg.settings, msg.rev));
    socket.on('notes:counts', (msg) => msg && store.setCounts(msg.counts, msg.rev));
    socket.on('notes:revealed', (msg) => msg && store.reveal(msg.notes, msg.rev, msg.clusters));
    socket.on('cluster:created', (msg) => msg && store.upsertCluster(msg.cluster, msg.rev));
    socket.on('cluster:updated', (msg) => msg && store.upsertCluster(msg.cluster, msg.rev));
    socket.on('cluster:deleted', (msg) => msg && store.removeCluster(msg.id, msg.rev));
    socket.on('cluster:voted', (msg) => msg && store.setClusterVotes(msg.id, msg.votes, msg.rev));
    socket.on('votes:progress', (msg) => msg && store.setVotesProgress(msg));
    socket.on('vitality:updated', (msg) => msg && store.setVitality(msg.vitality));
    socket.on('note:voted', (msg) => msg && store.setVotes(msg.id, msg.votes, msg.rev));
    socket.on('votes:reset', (msg) => store.resetVotes(msg ? msg.rev : undefined));
    socket.on('participant:removed', () => this.removed());
    socket.on('presence:participant', (msg) => {
      if (!msg) return;
      store.upsertParticipant(msg.participant);
      store.setOnline(msg.online);
    });
    window.addEventListener('pagehide', () => { this.stopped = true; });
    // Restored from the back/forward cache: connect again and catch up.
    window.addEventListener('pageshow', (event) => {
      if (!event.persisted || this.ended) return;
      this.stopped = false;
      this.wake();
    });
    // navigator.onLine is only a hint, but "offline" is reliable enough to say so at once (the
    // socket itself may take a while to notice); "online" skips the reconnection back-off.
    window.addEventListener('offline', () => { if (!this.stopped) this.setStatus('offline'); });
    window.addEventListener('online', () => this.wake());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.wake();
    });
    return this;
  }

  /**
   * The network, the page or the phone is back: reconnect now if the socket is down (instead of
   * waiting out the back-off), else join again. A join both proves that a socket which survived
   * a sleep still works (see join(): no answer forces a fresh connection) and brings the canvas
   * up to date.
   */
  wake() {
    if (this.stopped || !this.socket) return;
    if (!this.socket.connected) { this.reconnectNow(); return; }
    if (this.joining || Date.now() - this.lastJoinAt < WAKE_MIN_INTERVAL) return;
    this.join();
  }

  /** Drop the current connection (or a pending reconnection timer) and connect again now. */
  reconnectNow() {
    if (this.stopped || !this.socket) return;
    this.socket.disconnect();
    this.socket.connect();
  }

  /** Listen to a broadcast the session does not handle itself (e.g. snapshot:created). */
  on(event, handler) {
    this.socket.on(event, handler);
  }

  join() {
    if (this.joining) { this.joinAgain = true; return; }
    this.joining = true;
    this.joinAgain = false;
    const seq = ++this.joinSeq;
    if (!this.joined) this.setStatus('connecting');
    const payload = Object.assign({ code: this.code, view: this.view, language: lang }, this.payload());
    const token = this.tokenKey ? load(this.tokenKey) : null;
    if (token) payload.participant_token = token;
    // The join link's tag (from the QR code): proves this device was given the link, so a
    // guesser on the same network cannot get it refused (docs/security.md).
    const link = new URLSearchParams(window.location.search).get('k');
    if (link) payload.link = link;
    this.socket.timeout(JOIN_TIMEOUT).emit('join', payload, (err, ack) => {
      if (seq !== this.joinSeq) return;   // an older join, overtaken by a reconnect
      this.joining = false;
      if (err || !ack) {
        // No answer: the socket may look open but be dead (a phone that slept, a network that
        // changed). Start a fresh connection; its connect event joins again.
        if (this.socket.connected && !this.stopped) this.reconnectNow();
        return;
      }
      if (!ack.ok) {
        this.joined = false;
        this.setStatus('offline');
        // Deleted while this page was away (the broadcast missed it).
        if (ack.code === 'workshop_not_found' && this.everJoined) { this.gone(); return; }
        if (ack.code === 'participant_removed') { this.removed(); return; }
        this.onJoinError(ack);
        return;
      }
      if (ack.participant && ack.participant.token && this.tokenKey) save(this.tokenKey, ack.participant.token);
      this.store.me = ack.participant || null;
      this.joined = true;
      this.everJoined = true;
      this.lastJoinAt = Date.now();
      // A participant's votes: in the state, or (as docs/protocol.md puts it) beside it.
      if (ack.votes && ack.state && !ack.state.votes) ack.state.votes = ack.votes;
      this.store.applyState(ack.state);
      this.setStatus('connected');
      for (const listener of this.joinListeners) listener(ack);
      if (this.joinAgain) this.join();
    });
  }

  /** The workshop no longer exists: stop connecting and tell the page. */
  gone() {
    this.stopped = true;
    this.ended = true;
    this.joined = false;
    if (this.socket) this.socket.disconnect();
    this.onGone();
  }

  /** The facilitator removed this participant: stop connecting (the token no longer joins). */
  removed() {
    if (this.isRemoved) return;
    this.isRemoved = true;
    this.stopped = true;
    this.ended = true;
    this.joined = false;
    if (this.socket) this.socket.disconnect();
    // Not "offline": nothing is retried any more, and the page says why.
    this.setStatus('removed');
    this.onRemoved();
  }

  /** Fetch the whole state again (after a missed revision, or a changed name). */
  rejoin() {
    if (this.socket && this.socket.connected) this.join();
  }

  /**
   * Send an event; resolves with its ack, or with {ok:false, error} when not connected or when
   * there is no answer in time. Never rejects.
   */
  request(event, payload, timeout = REQUEST_TIMEOUT) {
    return new Promise((resolve) => {
      if (!this.socket || !this.socket.connected || !this.joined) {
        resolve({ ok: false, code: 'offline', error: t('disconnected') });
        return;
      }
      // Over the server's limit it would only be refused (or the connection closed): not sent.
      const tooLarge = messageTooLarge(event, payload);
      if (tooLarge) {
        resolve(tooLarge);
        return;
      }
      this.socket.timeout(timeout).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, code: 'timeout', error: t('error.timeout') });
        else if (!ack || typeof ack !== 'object') resolve({ ok: false, code: 'internal', error: t('error.internal') });
        else resolve(ack);
      });
    });
  }

  /** Call listener(ack) after every join from now on. */
  onJoin(listener) {
    this.joinListeners.add(listener);
  }

  setStatus(status) {
    if (this.status === status) return;
    if (this.isRemoved && status !== 'removed') return; // ended for good: no flicker back
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  onStatus(listener) {
    this.statusListeners.add(listener);
    listener(this.status);
  }
}

/** Keep every [data-conn] badge on the page in step with the session. */
export function bindStatus(session, root = document) {
  const labels = { connecting: t('connecting'), connected: t('connected'), offline: t('disconnected'),
    removed: t('conn_removed') };
  // A compact badge (the phone's top bar) has room for one word; the page explains the rest.
  const short = Object.assign({}, labels, { offline: t('offline_short') });
  session.onStatus((status) => {
    for (const badge of root.querySelectorAll('[data-conn]')) {
      badge.hidden = false;
      badge.dataset.state = status;
      const text = badge.querySelector('.conn__text');
      if (text) text.textContent = (badge.classList.contains('conn--compact') ? short : labels)[status];
      badge.title = status === 'removed' ? t('removed_title') : labels[status];
    }
  });
}

/** A new note id: 1-64 characters of A-Z a-z 0-9 _ - (randomUUID needs a secure context). */
export function newNoteId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') {
    return `n-${window.crypto.randomUUID()}`;
  }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return `n-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
