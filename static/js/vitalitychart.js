// The vitality check's figures (docs/protocol.md, "Vitality check"): how the room rates the
// network per block, totals only. VitalityChart draws them on the projector while the check is
// open, one column per block: the mean large, a bar per score 1-5 with its count, and "n = 14".
// Nothing here knows, or could show, who gave which score: the server sends only totals.
import { blocks, lang, method, t } from './boot.js';
import { h } from './dom.js';

export const SCORES = [1, 2, 3, 4, 5];

/** A mean as the language writes it: "2,8" in Dutch, "2.8" in English (one decimal), "–" for none. */
export function formatMean(mean) {
  if (mean === null || mean === undefined || Number.isNaN(Number(mean))) return '–';
  return Number(mean).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB',
    { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** A figure with every part present (a block nobody rated: count 0, mean null). */
export function figureOf(figures, key) {
  const figure = (figures && figures[key]) || {};
  const histogram = Array.isArray(figure.histogram) ? figure.histogram : [0, 0, 0, 0, 0];
  return { count: Number(figure.count) || 0, mean: figure.mean ?? null, histogram };
}

export class VitalityChart {
  /** Mounted over `parent` (the projector's main area); shown while settings.vitality is on. */
  constructor(parent, store) {
    this.store = store;
    this.columns = new Map();
    const [weak, strong] = method.vitality_scale || ['1', '5'];
    this.el = h('section', { class: 'vchart', 'aria-labelledby': 'vchart-title', hidden: true },
      h('header', { class: 'vchart__head' },
        h('h2', { class: 'vchart__title', id: 'vchart-title', text: t('vitality_title') }),
        h('p', { class: 'vchart__intro', text: t('vitality_intro') }),
        h('p', { class: 'vchart__scale', text: `1 = ${weak} · 5 = ${strong}` })),
      h('div', { class: 'vchart__grid' }, ...blocks.map((block) => this.column(block))),
      h('p', { class: 'vchart__anon', text: t('vitality_anonymous') }));
    parent.appendChild(this.el);
    store.subscribe((change) => {
      if (change.type === 'vitality' || change.type === 'settings' || change.type === 'reset') this.update();
    });
    this.update();
  }

  column(block) {
    const bars = SCORES.map((score) => {
      const count = h('span', { class: 'vchart__count' });
      const fill = h('span', { class: 'vchart__fill' });
      const bar = h('li', { class: 'vchart__bar' }, count, h('span', { class: 'vchart__track' }, fill),
        h('span', { class: 'vchart__score', text: String(score) }));
      return { bar, count, fill };
    });
    const mean = h('p', { class: 'vchart__mean' });
    const n = h('p', { class: 'vchart__n' });
    const el = h('article', { class: 'vchart__block', 'data-block': block.key },
      h('h3', { class: 'vchart__name', text: block.title }),
      mean,
      h('ol', { class: 'vchart__bars' }, ...bars.map((b) => b.bar)),
      n);
    this.columns.set(block.key, { el, bars, mean, n });
    return el;
  }

  update() {
    const open = Boolean(this.store.settings && this.store.settings.vitality);
    this.el.hidden = !open;
    if (!open) return;
    // One scale for every block, so that bars compare across blocks too.
    const top = Math.max(1, ...[...this.columns.keys()].flatMap((key) => figureOf(this.store.vitality, key).histogram));
    for (const [key, column] of this.columns) {
      const figure = figureOf(this.store.vitality, key);
      column.mean.textContent = figure.count ? formatMean(figure.mean) : '–';
      column.mean.setAttribute('aria-label', figure.count ? t('vitality_mean', { mean: formatMean(figure.mean) }) : t('vitality_no_answers'));
      column.n.textContent = t('vitality_n', { n: figure.count });
      column.bars.forEach((b, i) => {
        const n = Number(figure.histogram[i]) || 0;
        b.count.textContent = String(n);
        b.fill.style.height = `${Math.round((n / top) * 100)}%`;
        b.bar.title = t('vitality_histogram', { score: i + 1, n });
        b.bar.classList.toggle('is-empty', n === 0);
      });
    }
  }
}
