// The vitality of the network at two moments, per block (docs/protocol.md, "Vitality check"):
// "Identiteit 2,8 → 3,6 (n = 14 → 17)", a pair of bars on the 1-5 scale and the direction in
// words and an arrow, never in colour alone. A legend names the two moments: hatched is the
// first, solid the second.
import { blocks, t } from './boot.js';
import { h } from './dom.js';
import { figureOf, formatMean } from './vitalitychart.js';
import { formatMoment } from './moments.js';

/** How a block moved: 'up', 'down', 'same', or null when either moment has no scores. */
export function direction(from, to) {
  if (!from.count || !to.count) return null;
  const delta = Math.round((to.mean - from.mean) * 10) / 10;
  if (delta > 0) return 'up';
  if (delta < 0) return 'down';
  return 'same';
}

const ARROWS = { up: '▲', down: '▼', same: '=' };

function bar(figure, kind) {
  const width = figure.count ? `${Math.round((figure.mean / 5) * 100)}%` : '0%';
  return h('span', { class: `cvit__bar cvit__bar--${kind}` },
    h('span', { class: 'cvit__fill', style: { width } }));
}

function row(block, pair) {
  const from = figureOf({ x: pair.from }, 'x');
  const to = figureOf({ x: pair.to }, 'x');
  const moved = direction(from, to);
  return h('li', { class: `cvit__row${moved ? ` is-${moved}` : ''}`, 'data-block': block.key },
    h('span', { class: 'cvit__name', text: block.title }),
    h('span', { class: 'cvit__figures',
      text: `${formatMean(from.count ? from.mean : null)} → ${formatMean(to.count ? to.mean : null)} (n = ${from.count} → ${to.count})` }),
    h('span', { class: 'cvit__bars', 'aria-hidden': 'true' }, bar(from, 'from'), bar(to, 'to')),
    h('span', { class: 'cvit__move' }, moved
      ? [h('span', { class: 'cvit__arrow', 'aria-hidden': 'true', text: ARROWS[moved] }), ` ${t(`compare_vitality_${moved}`)}`]
      : ''));
}

/** A moment's name in the legend: its label, else its time; the canvas as it is now. */
function momentName(meta) {
  if (!meta || meta.id === null || meta.id === undefined) return t('current_canvas');
  return meta.label || formatMoment(meta.created_at);
}

function legend(before, after) {
  const key = (kind, text) => h('span', { class: `cvit__key cvit__key--${kind}` },
    h('span', { class: `cvit__bar cvit__bar--${kind} cvit__swatch`, 'aria-hidden': 'true' },
      h('span', { class: 'cvit__fill', style: { width: '100%' } })),
    h('span', { text }));
  return h('p', { class: 'cvit__legend' },
    key('from', t('compare_vitality_from', { moment: momentName(before) })),
    key('to', t('compare_vitality_to', { moment: momentName(after) })));
}

/**
 * The section for a comparison's `vitality` ({block: {from, to}}), or null when nobody ever
 * rated; before / after: the moments' meta (diff.before, diff.after) the legend names.
 */
export function vitalityElement(vitality, before = null, after = null) {
  if (!vitality) return null;
  const rated = blocks.some((b) => vitality[b.key] && ((vitality[b.key].from || {}).count || (vitality[b.key].to || {}).count));
  if (!rated) return null;
  return h('section', { class: 'card cvit', 'aria-labelledby': 'cvit-title' },
    h('h2', { class: 'card__title', id: 'cvit-title', text: t('compare_vitality') }),
    legend(before, after),
    h('ul', { class: 'cvit__list' }, ...blocks.filter((b) => vitality[b.key]).map((b) => row(b, vitality[b.key]))));
}
