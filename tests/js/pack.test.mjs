// The projector's packing (static/js/pack.js) and sharing out (static/js/layout.js): arithmetic
// on measured heights, no page needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paginate, packArea, packAt, heightsAt, NOTE_WIDTHS, GAP, SLACK, TIGHT } from '../../static/js/pack.js';
import { shares, distribute, cycleOf, areaBoxes, headAt, better } from '../../static/js/layout.js';

/** A note whose text takes `area` em² of line (about): taller in narrow columns. */
const note = (area) => ({ heights: NOTE_WIDTHS.map((w) => 0.75 + Math.ceil(area / (w - 1)) * 1.22) });
const used = (heights, column) => column.reduce((sum, i) => sum + heights[i], 0) + GAP * (column.length - 1);

test('paginate: columns fill to the cap, then a new column, then a new page', () => {
  const pages = paginate([4, 4, 4, 4, 4], 9, 2);
  assert.deepEqual(pages, [[[0, 1], [2, 3]], [[4]]]);
});

test('paginate: a short note later fills the gap a long one left on an earlier page', () => {
  const pages = paginate([6, 5, 2], 9, 1);
  assert.deepEqual(pages, [[[0, 2]], [[1]]]);
});

test('paginate: no column holds more than the cap (unless one note alone is taller)', () => {
  const heights = [3, 7, 2, 9.5, 4, 4, 1, 6, 2, 5];
  for (const page of paginate(heights, 9, 3)) {
    for (const column of page) assert.ok(used(heights, column) <= 9 || column.length === 1, String(column));
  }
});

test('packArea: notes that fit are all on one page, at the largest size that fits', () => {
  const notes = [note(40), note(30), note(50), note(20)];
  const packed = packArea(notes, NOTE_WIDTHS, 600, 400, { min: 24, max: 39 });
  assert.equal(packed.pages.length, 1);
  assert.equal(packed.fits, true);
  assert.ok(packed.size >= 24 && packed.size <= 39);
  // One size up would not fit.
  if (packed.size < 39) {
    const bigger = packAt(notes, NOTE_WIDTHS, 600, 400, packed.size + 1);
    assert.ok(!bigger.fits || packed.size + 5 <= 39, 'the size found is the largest that fits');
  }
  // Every note is in the page exactly once.
  assert.deepEqual(packed.pages.flat(2).sort(), [0, 1, 2, 3]);
});

test('packArea: too many notes for the legible size turn pages at that size, every note once', () => {
  const notes = Array.from({ length: 40 }, (_, i) => note(30 + (i % 5) * 15));
  const packed = packArea(notes, NOTE_WIDTHS, 400, 300, { min: 24, max: 39 });
  assert.equal(packed.size, 24);
  assert.ok(packed.pages.length > 1);
  assert.deepEqual(packed.pages.flat(2).sort((a, b) => a - b), notes.map((_, i) => i));
  assert.ok(packed.sizes.every((size) => size === 24), 'no note had to be smaller');
});

test('packAt: a note too tall for narrow columns gets a page of one column as wide as the area', () => {
  const notes = [note(20), note(20), note(20), note(400)];
  const packed = packAt(notes, NOTE_WIDTHS, 1200, 320, 24);
  assert.ok(packed.columns > 1);
  assert.equal(packed.tooTall, 0);
  const wide = packed.pages.findIndex((page) => page.flat().includes(3));
  assert.equal(packed.pageColumns[wide], 1);
});

test('heightsAt: far wider than measured, a text takes fewer lines; never taller than measured', () => {
  const n = note(300);
  const at20 = heightsAt([n], NOTE_WIDTHS, 20).heights[0];
  const at60 = heightsAt([n], NOTE_WIDTHS, 60).heights[0];
  assert.ok(at60 < at20);
  assert.ok(heightsAt([n], NOTE_WIDTHS, 13).heights[0] <= n.heights[2] * (1 + SLACK) + 1e-9);
});

test('shares: in proportion, not below the least, summing to one', () => {
  const s = shares([1, 1, 8], 0.15, 0.6);
  assert.ok(Math.abs(s.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  assert.ok(s.every((x) => x >= 0.15 - 1e-9), String(s));
  assert.ok(s[2] > s[0] && s[0] === s[1], String(s));
});

test('distribute: the block with most notes gets the most room in its row; the round is the longest area', () => {
  // (Identiteit and Organisatie as flows: one area each.)
  const areas = ['coalities', 'spelregels', 'identiteit:*', 'regie', 'organisatie:*']
    .map((key) => ({ key, blockKey: key.split(':')[0], subareaKey: null, general: false, flow: key.endsWith('*') }));
  const metrics = { width: 1500, height: 960, rowGap: 8, colGap: 8, blocks: {}, areas: {} };
  const demand = new Map([['coalities', 500], ['spelregels', 500], ['identiteit:*', 4000], ['regie', 500], ['organisatie:*', 800]]);
  const evaluate = (boxes) => new Map([...boxes].map(([key, box]) => {
    const pages = Math.max(1, Math.ceil((demand.get(key) * 24 * 24) / Math.max(1, box.width * box.height)));
    return [key, { size: 24, pages, tooTall: 0 }];
  }));
  const best = distribute(areas, demand, metrics, evaluate, { fill: 1 });
  const area = (key) => best.boxes.get(key).width * best.boxes.get(key).height;
  for (const key of ['spelregels', 'regie']) assert.ok(area('identiteit:*') > area(key), key);
  // Not far from the fewest pages the room allows.
  const total = [...demand.values()].reduce((a, b) => a + b, 0);
  assert.ok(best.score.cycle <= 2 * Math.ceil((total * 24 * 24) / (1500 * 960)) + 1, String(best.score.cycle));
  assert.equal(best.score.cycle, cycleOf(best.result));
  assert.equal(best.score.cycle, Math.max(...[...best.result.values()].map((r) => r.pages)));
});

test('areaBoxes: an area is as low as its block head leaves, wrapped at the width the plan gives the block', () => {
  // Regie's head: four lines below 300 px, two from 300, one from 420 (as measured: readMetrics).
  const heads = [[200, 120], [250, 120], [300, 60], [360, 60], [420, 30], [480, 30]];
  assert.equal(headAt({ head: 45, heads }, 301), 120, 'between two widths measured (less 2 px): the narrower');
  assert.equal(headAt({ head: 45, heads }, 302), 60);
  assert.equal(headAt({ head: 45, heads }, 100), 120, 'narrower than measured: the narrowest');
  assert.equal(headAt({ head: 45, heads }, 900), 30);
  assert.equal(headAt({ head: 45 }, 300), 45, 'not measured: as on the page');
  const areas = ['coalities', 'spelregels', 'identiteit:*', 'regie', 'organisatie:*']
    .map((key) => ({ key, blockKey: key.split(':')[0], subareaKey: null, general: false, flow: key.endsWith('*') }));
  const block = { padX: 0, padY: 0, head: 30, heads };
  const metrics = { width: 1516, height: 960, rowGap: 8, colGap: 8, blocks: { regie: block }, areas: {} };
  const plan = (regie) => ({ rows: [0.25, 0.5, 0.25], cols: [0.4 - regie / 2, 0.6 - regie / 2, regie],
    quadCols: [0.5, 0.5], quadRows: [1], idKeys: [], orgKeys: [], org: [] });
  const row = 0.5 * (960 - 16);
  // 25 % of 1500 px: 375 px wide, the head on two lines; 19 %: 285 px, on four.
  assert.equal(areaBoxes(plan(0.25), metrics, areas).get('regie').height, row - 60);
  assert.equal(areaBoxes(plan(0.19), metrics, areas).get('regie').height, row - 120);
});

test('better: fewer stacks bare (title only) where the round is about as long; a much longer round is not worth it', () => {
  const score = (cycle, bare, minSize = 24) => ({ tooTall: 0, bare, cycle, extraPages: cycle, minSize, meanSize: minSize });
  assert.ok(better(score(11, 2), score(11, 6)), 'same round: fuller stacks');
  assert.ok(better(score(12, 2), score(11, 6)), 'a page more: fuller stacks');
  assert.ok(better(score(13, 0), score(11, 6)), 'within a fifth');
  assert.ok(!better(score(15, 0), score(11, 6)), 'more than a fifth longer: the shorter round');
  assert.ok(better(score(11, 6), score(15, 0)));
  assert.ok(better(score(10, 3, 24), score(10, 3, 22)), 'as many bare: as before');
  assert.ok(!better({ ...score(11, 0), tooTall: 1 }, score(11, 6)), 'a note too tall still counts first');
});

test('packArea: a note a little too tall for its area is set tight at the legible size; far too tall, smaller', () => {
  const height = 200;
  const heightAt = (n) => n.heights[NOTE_WIDTHS.length - 1];
  // One note in a box as wide as the widest width measured (26 em at 24 px): its height in em is known.
  const slightly = { heights: NOTE_WIDTHS.map(() => (height / 24) * 1.04) };
  const packed = packArea([slightly], NOTE_WIDTHS, 26 * 24, height, { min: 24, max: 24 });
  assert.equal(packed.sizes[0], 24, 'shown at the legible size');
  assert.equal(packed.tight[0], true, 'with its lines closer');
  assert.ok(heightAt(slightly) * 24 * TIGHT <= height);
  const far = { heights: NOTE_WIDTHS.map(() => (height / 24) * 1.5) };
  const smaller = packArea([far], NOTE_WIDTHS, 26 * 24, height, { min: 24, max: 24 });
  assert.ok(smaller.sizes[0] < 24, 'too tall even set tight: smaller, whole');
  assert.equal(smaller.tight[0], false);
  const fits = packArea([note(20)], NOTE_WIDTHS, 26 * 24, height, { min: 24, max: 24 });
  assert.equal(fits.tight[0], false, 'a note that fits is set as usual');
});

test('packArea without a box to pack into puts every note in one column, for the check after drawing', () => {
  const notes = [{ heights: [4, 3, 3, 2, 2, 2] }, { heights: [3, 2, 2, 2, 2, 2] }];
  for (const [width, height] of [[NaN, 300], [300, NaN], [0, 300], [300, -4]]) {
    const packing = packArea(notes, NOTE_WIDTHS, width, height, { min: 16, max: 40 });
    assert.deepEqual(packing.pages, [[[0, 1]]]);
    assert.equal(packing.fits, false);
    assert.equal(packing.size, 16);
  }
});

test('heightsAt: narrower than the narrowest width measured, a note is reckoned taller, not as there', () => {
  const n = note(60);
  const [at] = heightsAt([n], NOTE_WIDTHS, NOTE_WIDTHS[0]).heights;
  const [half] = heightsAt([n], NOTE_WIDTHS, NOTE_WIDTHS[0] / 2).heights;
  assert.ok(half > at * 3, `${half} vs ${at}`);
  // So a box a few em wide is too tall for it at once (a sharing out avoids such a sliver).
  const p = packAt([n], NOTE_WIDTHS, 56, 200, 13);
  assert.ok(p.tooTall > 0, JSON.stringify(p));
});
