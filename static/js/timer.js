// The facilitator's timer as the pages show it: the countdown to the server's `timer_end`, and
// what a facilitator may type as a number of minutes. Needs no page: runs in Node too.

/** "4:05", or "1:02:03" from an hour on. */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

// After the end, "time's up" flashes in red for a short while; then the timer says so quietly
// until the facilitator stops it (or starts another).
export const FLASH_SECONDS = 20;

/**
 * The state of a timer ending at `end` (ms since the epoch, or null) at time `now`: null (no
 * timer) or {left (whole seconds, ≥ 0), over (the end has passed), flashing (the first
 * FLASH_SECONDS after the end), past (over and no longer flashing)}.
 */
export function timerState(end, now) {
  if (end === null || end === undefined || !Number.isFinite(end)) return null;
  const left = (end - now) / 1000;
  if (left > 0) return { left: Math.ceil(left), over: false, flashing: false, past: false };
  const flashing = -left <= FLASH_SECONDS;
  return { left: 0, over: true, flashing, past: !flashing };
}

/**
 * A countdown to the server's `timer_end` (an ISO UTC time; the device's clock is assumed to be
 * close to the server's). onTick(state) when what it shows changes (see timerState).
 */
export class Countdown {
  constructor(onTick) {
    this.onTick = onTick;
    this.end = null;
    this.raw = null;
    this.interval = 0;
  }

  set(timerEnd) {
    if (timerEnd === this.raw) return;
    this.raw = timerEnd || null;
    const end = timerEnd ? Date.parse(timerEnd) : NaN;
    this.end = Number.isFinite(end) ? end : null;
    globalThis.clearInterval(this.interval);
    this.interval = 0;
    if (this.end !== null) this.interval = globalThis.setInterval(() => this.tick(), 250);
    this.last = undefined;
    this.tick();
  }

  state() {
    return timerState(this.end, Date.now());
  }

  tick() {
    const state = this.state();
    const key = state ? `${state.left}|${state.flashing}|${state.past}` : 'none';
    if (key === this.last) return;
    this.last = key;
    // Once quiet, nothing changes any more until new settings come.
    if ((!state || state.past) && this.interval) {
      globalThis.clearInterval(this.interval);
      this.interval = 0;
    }
    this.onTick(state);
  }
}

/**
 * Minutes as a facilitator types them: "5", "1,5" (a Dutch decimal comma) or "1.5", or "1:30"
 * (minutes and seconds). Returns the number of minutes, or null for anything else (no guessing:
 * "1,5" is never read as 15).
 */
export function parseMinutes(text) {
  const value = String(text ?? '').trim();
  let match = /^(\d{1,4})(?:[.,](\d{1,3}))?$/.exec(value);
  if (match) return Number(`${match[1]}.${match[2] || '0'}`);
  match = /^(\d{1,4}):([0-5]\d)$/.exec(value);
  if (match) return Number(match[1]) + Number(match[2]) / 60;
  return null;
}
