// static/js/timer.js: the timer's countdown as every page shows it, and the minutes a facilitator
// types (a Dutch decimal comma included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Countdown, FLASH_SECONDS, formatClock, parseMinutes, timerState } from '../../static/js/timer.js';

test('minutes with a decimal comma or point, or as minutes:seconds', () => {
  assert.equal(parseMinutes('5'), 5);
  assert.equal(parseMinutes(' 10 '), 10);
  assert.equal(parseMinutes('1,5'), 1.5);
  assert.equal(parseMinutes('1.5'), 1.5);
  assert.equal(parseMinutes('2,25'), 2.25);
  assert.equal(parseMinutes('1:30'), 1.5);
  assert.equal(parseMinutes('0:45'), 0.75);
});

test('anything else is refused, never guessed (1,5 is not 15)', () => {
  for (const text of ['', ' ', 'vijf', '1,5,0', '1.5.0', '1,', ',5', '-2', '1e2', '1:75', '1 5', '15 min', null, undefined]) {
    assert.equal(parseMinutes(text), null, `"${text}"`);
  }
});

test('the clock', () => {
  assert.equal(formatClock(0), '0:00');
  assert.equal(formatClock(4.2), '0:05');
  assert.equal(formatClock(245), '4:05');
  assert.equal(formatClock(3723), '1:02:03');
});

test('running, then red for a short while, then quiet until stopped', () => {
  const end = Date.parse('2026-03-01T10:00:00Z');
  const at = (seconds) => timerState(end, end + seconds * 1000);
  assert.equal(timerState(null, end), null);
  assert.deepEqual(at(-90.5), { left: 91, over: false, flashing: false, past: false });
  assert.deepEqual(at(0), { left: 0, over: true, flashing: true, past: false });
  assert.deepEqual(at(FLASH_SECONDS), { left: 0, over: true, flashing: true, past: false });
  assert.deepEqual(at(FLASH_SECONDS + 1), { left: 0, over: true, flashing: false, past: true });
  // No end of its own: an hour later the timer still says, quietly, that the time is up.
  assert.deepEqual(at(3600), { left: 0, over: true, flashing: false, past: true });
});

test('a countdown tells each change once and rests when quiet', (t) => {
  t.mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.parse('2026-03-01T09:59:58Z') });
  const states = [];
  const countdown = new Countdown((state) => states.push(state && { ...state }));
  countdown.set('2026-03-01T10:00:00Z');
  countdown.set('2026-03-01T10:00:00Z'); // the same settings again: nothing new
  assert.deepEqual(states.map((s) => s.left), [2]);
  t.mock.timers.tick(2000);
  assert.deepEqual(states.at(-1), { left: 0, over: true, flashing: true, past: false });
  t.mock.timers.tick(FLASH_SECONDS * 1000 + 250);
  assert.deepEqual(states.at(-1), { left: 0, over: true, flashing: false, past: true });
  const told = states.length;
  t.mock.timers.tick(600 * 1000);
  assert.equal(states.length, told);
  assert.equal(countdown.interval, 0);
  countdown.set(null); // stopped
  assert.equal(states.at(-1), null);
});
