// Without a connection the phone says so in plain words, in the status bar that stays in view,
// with the number of notes waiting to be sent. (A first connect that simply takes a moment stays
// quiet.)
//
// While not connected, the board shown is the last one seen live (kept on the device,
// knownstate.js): the bar says from when, so nobody takes it for the live canvas.
import { lang, t, tn } from '../boot.js';
import { $ } from '../dom.js';

export class OfflineBar {
  constructor({ session, outbox, statusBar, knownState = null }) {
    this.session = session;
    this.outbox = outbox;
    this.statusBar = statusBar;
    this.knownState = knownState;
    this.lost = false; // the connection dropped (or never came): said until it is back
    outbox.subscribe(() => this.update());
    session.onStatus(() => this.update());
    if (knownState) knownState.subscribe(() => this.update());
  }

  update() {
    const status = this.session.status;
    if (status === 'connected' || this.session.ended) this.lost = false; // removed: nothing to retry
    else if (status === 'offline' || this.session.everJoined) this.lost = true;
    const bar = $('#offline-bar');
    bar.hidden = !this.lost;
    bar.dataset.state = status;
    const reconnecting = status === 'connecting' && navigator.onLine !== false;
    $('#offline-title').textContent = reconnecting ? t('connecting') : t('offline_short');
    const waiting = this.outbox.size;
    const count = $('#offline-count');
    count.hidden = waiting === 0;
    count.textContent = tn('outbox_count', waiting);
    const since = this.knownState ? this.knownState.notLiveSince : null;
    const known = $('#offline-known');
    known.hidden = !since;
    if (since) known.textContent = t('offline_known', { time: knownTime(since) });
    this.statusBar.update();
  }
}

/** "14:32", or with the date when it was not today ("3 dec. 14:32"). */
function knownTime(date) {
  const locale = lang === 'en' ? 'en-GB' : 'nl-NL';
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (date.toDateString() === new Date().toDateString()) return time;
  return `${date.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}
