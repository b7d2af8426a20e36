// The session plan as the facilitator page edits it (static/js/plan/model.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newStep, withField, moveStep, fromTemplate, parseDuration, durationText, stepQuestion, stepPlace,
} from '../../static/js/plan/model.js';

const blocks = new Map([
  ['identiteit', { key: 'identiteit', title: 'Identiteit', questions_all: ['A?', 'B?', 'C?'],
    subareas: [{ key: 'passie', title: 'Passie' }] }],
  ['regie', { key: 'regie', title: 'Regie', questions_all: ['R?'], subareas: [] }],
]);

test('a new step writes on the given block for five minutes, with an id not taken', () => {
  const taken = new Set(['s-aaaaaa']);
  const step = newStep('regie', taken);
  assert.equal(step.mode, 'write');
  assert.equal(step.block, 'regie');
  assert.equal(step.duration, 300);
  assert.ok(!taken.has(step.id) && /^s-[a-z0-9]+$/.test(step.id));
});

test('a vitality step names no block; leaving it takes the first block back', () => {
  const step = { id: 's-1', mode: 'write', block: 'identiteit', subarea: 'passie', question: 1, votes: null };
  const vitality = withField(step, 'mode', 'vitality', 'identiteit');
  assert.deepEqual([vitality.block, vitality.subarea, vitality.question], [null, null, null]);
  assert.equal(withField(vitality, 'mode', 'silent', 'identiteit').block, 'identiteit');
});

test('a vote step has votes (3 unless it had some), others none', () => {
  const step = { id: 's-1', mode: 'write', block: 'regie', votes: null };
  assert.equal(withField(step, 'mode', 'vote').votes, 3);
  assert.equal(withField({ ...step, mode: 'vote', votes: 5 }, 'mode', 'vote').votes, 5);
  assert.equal(withField({ ...step, mode: 'vote', votes: 5 }, 'mode', 'discuss').votes, null);
});

test('another block drops the sub-area and question of the old one', () => {
  const step = { id: 's-1', mode: 'write', block: 'identiteit', subarea: 'passie', question: 2 };
  assert.deepEqual(withField(step, 'block', 'regie'), { ...step, block: 'regie', subarea: null, question: null });
  assert.equal(withField(step, 'block', 'identiteit').question, 2);
});

test('moving a step keeps the others in order; out of range changes nothing', () => {
  const steps = ['a', 'b', 'c', 'd'];
  assert.deepEqual(moveStep(steps, 3, 1), ['a', 'd', 'b', 'c']);
  assert.deepEqual(moveStep(steps, 0, 3), ['b', 'c', 'd', 'a']);
  assert.equal(moveStep(steps, 0, 4), steps);
  assert.equal(moveStep(steps, -1, 2), steps);
});

test('a template used twice gets fresh, unique ids', () => {
  const template = [{ id: 'x', mode: 'write' }, { id: 'y', mode: 'vote' }];
  const ids = [...fromTemplate(template), ...fromTemplate(template)].map((s) => s.id);
  assert.equal(new Set(ids).size, 4);
  assert.deepEqual(fromTemplate(template).map((s) => s.mode), ['write', 'vote']);
});

test('durations are typed in minutes (comma or point), empty is no timer', () => {
  assert.equal(parseDuration('5'), 300);
  assert.equal(parseDuration('2,5'), 150);
  assert.equal(parseDuration(' '), null);
  assert.ok(Number.isNaN(parseDuration('tien')));
  assert.ok(Number.isNaN(parseDuration('-3')));
  assert.equal(durationText(150), '2.5');
  assert.equal(durationText(null), '');
});

test("a step's question and place come from the method", () => {
  const step = { block: 'identiteit', subarea: 'passie', question: 1 };
  assert.equal(stepQuestion(step, blocks), 'B?');
  assert.equal(stepQuestion({ ...step, question: 9 }, blocks), 'Passie');
  assert.equal(stepQuestion({ block: null }, blocks), null);
  assert.equal(stepPlace(step, blocks), 'Identiteit · Passie');
  assert.equal(stepPlace({ block: 'regie' }, blocks), 'Regie');
  assert.equal(stepPlace({ block: null }, blocks), '');
});
