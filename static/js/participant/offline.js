// Without a connection the phone says so in plain words, in the status bar that stays in view,
// with the number of notes waiting to be sent. (A first connect that simply takes a moment stays
// quiet.)
import { t, tn } from '../boot.js';
import { $ } from '../dom.js';

export class OfflineBar {
  constructor({ session, outbox, statusBar }) {
    this.session = session;
    this.outbox = outbox;
    this.statusBar = statusBar;
    this.lost = false; // the connection dropped (or never came): said until it is back
    outbox.subscribe(() => this.update());
    session.onStatus(() => this.update());
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
    this.statusBar.update();
  }
}
