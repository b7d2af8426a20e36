// The phone's status bar, which stays at the top of the screen: the timer, the votes left, the
// lock, "offline" and the follow-me hint share it, and it shows when one of them does.
import { t } from '../boot.js';
import { $ } from '../dom.js';
import { icon } from '../icons.js';
import { Countdown, changesFacilitation, formatClock } from '../facilitation.js';

const ITEMS = ['#phone-timer', '#votes-left', '#phone-lock', '#offline-bar', '#focus-hint'];

export class StatusBar {
  constructor() {
    this.el = $('#pstatus');
    window.addEventListener('resize', () => this.fit());
  }

  /** Show the bar when one of its items shows; call after showing or hiding one. */
  update() {
    this.el.hidden = ITEMS.every((selector) => $(selector).hidden);
    this.fit();
  }

  /** Timer, votes and lock share one row; on a very narrow screen the lock gives up its word. */
  fit() {
    const bar = this.el;
    if (bar.hidden) return;
    const pills = Array.from(bar.querySelectorAll('.pstatus__item')).filter((el) => !el.hidden);
    const wraps = () => pills.some((el) => el.offsetTop !== pills[0].offsetTop);
    bar.classList.remove('is-tight');
    if (pills.length > 1 && wraps()) bar.classList.add('is-tight');
  }

  /** Where the bar ends on the screen (px from the top of the viewport). */
  bottom() {
    return this.el.getBoundingClientRect().bottom;
  }
}

/** The facilitator's timer, counting down in the bar. */
export class TimerPill {
  constructor({ store, statusBar }) {
    this.el = $('#phone-timer');
    this.statusBar = statusBar;
    this.el.prepend(icon('clock', 18));
    this.countdown = new Countdown((state) => this.show(state));
    store.subscribe((change) => {
      if (changesFacilitation(change)) this.countdown.set(store.settings.timer_end || null);
    });
  }

  show(state) {
    this.el.hidden = !state;
    if (state) {
      // Red while "time's up" flashes, then quiet until the facilitator stops the timer.
      this.el.classList.toggle('is-over', state.over && !state.past);
      this.el.classList.toggle('is-flashing', state.flashing);
      this.el.classList.toggle('is-past', state.past);
      $('#phone-timer-text').textContent = state.past ? t('timer_past')
        : state.over ? t('timer_up') : formatClock(state.left);
    }
    this.statusBar.update();
  }
}
