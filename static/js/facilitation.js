// Facilitation settings as the pages show them (docs/protocol.md, "Facilitation"): the block in
// focus and its guiding question, and the timer's countdown.
import { blockByKey } from './boot.js';

/** The guiding questions a facilitator steps through in a block (its own, then its sub-areas'). */
export function questionsOf(blockKey) {
  const block = blockByKey.get(blockKey);
  if (!block) return [];
  if (Array.isArray(block.questions_all)) return block.questions_all;
  return [...(block.questions || []), ...(block.subareas || []).flatMap((s) => s.questions || [])];
}

/** The sub-area whose guiding questions hold question `index` of a block (null: the block's own). */
export function subareaOfQuestion(blockKey, index) {
  const block = blockByKey.get(blockKey);
  if (!block || index === null || index === undefined) return null;
  let at = (block.questions || []).length;
  if (index < at) return null;
  for (const sub of block.subareas || []) {
    at += (sub.questions || []).length;
    if (index < at) return sub.key;
  }
  return null;
}

/**
 * The focus of `settings`: null, or {block, key, index, total, question, subarea} where `question`
 * is the current guiding question (null when none is chosen), `index` its position (or null) and
 * `subarea` the sub-area it belongs to (or null).
 */
export function focusOf(settings) {
  const key = settings && settings.focus;
  const block = key ? blockByKey.get(key) : null;
  if (!block) return null;
  const questions = questionsOf(key);
  const index = Number.isInteger(settings.question) && settings.question >= 0
    && settings.question < questions.length ? settings.question : null;
  return { block, key, index, total: questions.length, question: index === null ? null : questions[index],
    subarea: subareaOfQuestion(key, index) };
}

/**
 * Whether after this store change what the settings show may differ: new settings, a join
 * state, or votes (a participant's votes left).
 */
export function changesFacilitation(change) {
  return change.type === 'settings' || change.type === 'reset' || change.type === 'votes';
}

/** "4:05", or "1:02:03" from an hour on. */
export function formatClock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

// After the end, "time's up" flashes for a while, then stays quietly, then the timer goes away.
export const FLASH_SECONDS = 20;
export const SHOW_AFTER_END_SECONDS = 120;

/**
 * A countdown to the server's `timer_end` (an ISO UTC time; the device's clock is assumed to be
 * close to the server's). onTick(state) every second, where state is null (no timer) or
 * {left (seconds, ≥ 0), over (bool), flashing (bool, the first seconds after the end)}.
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
    window.clearInterval(this.interval);
    this.interval = 0;
    if (this.end !== null) this.interval = window.setInterval(() => this.tick(), 250);
    this.last = undefined;
    this.tick();
  }

  state() {
    if (this.end === null) return null;
    const left = (this.end - Date.now()) / 1000;
    if (left > 0) return { left: Math.ceil(left), over: false, flashing: false };
    const since = -left;
    if (since > SHOW_AFTER_END_SECONDS) return null;
    return { left: 0, over: true, flashing: since <= FLASH_SECONDS };
  }

  tick() {
    const state = this.state();
    const key = state ? `${state.left}|${state.over}|${state.flashing}` : 'none';
    if (key === this.last) return;
    this.last = key;
    if (!state && this.interval) { window.clearInterval(this.interval); this.interval = 0; }
    this.onTick(state);
  }
}
