// Downloads of a snapshot or of the live canvas: poster (with paper size), JSON, CSV, Markdown.
import { t, rules } from './boot.js';
import { h } from './dom.js';
import { paths } from './api.js';

// The paper sizes the poster renderer knows (canvas/poster/paper.py, via boot.rules).
const PAPER_SIZES = rules.paper_sizes;
const DEFAULT_PAPER = rules.default_paper_size;
export const EXPORT_KINDS = [
  { kind: 'json', label: 'export_json' },
  { kind: 'csv', label: 'export_csv' },
  { kind: 'md', label: 'export_md' },
];

let count = 0;

/**
 * A row of download controls for snapshot `id` ('current' for the live canvas):
 * [size ▾][Poster (PDF)] [JSON] [CSV] [Markdown]. options.name: what the downloads are of
 * (for screen readers, e.g. the snapshot's label); options.lead: an element to put first in the
 * row (e.g. a "view" link), so that everything wraps as one row.
 */
export function downloadLinks(code, id, { name = '', lead = null } = {}) {
  count += 1;
  const selectId = `paper-${count}`;
  const poster = h('a', {
    class: 'button button--secondary button--small downloads__poster',
    href: paths.poster(code, id, DEFAULT_PAPER), target: '_blank', rel: 'noopener',
    dataset: { download: 'poster' },
    'aria-label': name ? t('download_poster_of', { name }) : null,
  }, t('download_poster'));
  const select = h('select', {
    id: selectId, class: 'input downloads__size', title: t('paper_size'),
    on: { change: () => { poster.href = paths.poster(code, id, select.value); } },
  }, PAPER_SIZES.map((size) => h('option', { value: size, text: size, selected: size === DEFAULT_PAPER })));
  const exports = EXPORT_KINDS.map(({ kind, label }) => h('a', {
    class: 'button button--quiet button--small downloads__file',
    href: paths.export(code, id, kind), download: '', dataset: { download: kind },
    'aria-label': name ? t('download_of', { kind: t(label), name }) : null,
  }, t(label)));
  // The dated first steps of the coalitions, for a calendar (docs/protocol.md, "Commitments").
  const calendar = h('a', {
    class: 'button button--quiet button--small downloads__file',
    href: `${paths.snapshot(code, id)}/commitments.ics`, download: '', dataset: { download: 'ics' },
    'aria-label': name ? t('download_of', { kind: t('export_ics'), name }) : null,
  }, t('export_ics'));
  return h('div', { class: 'downloads', role: 'group', 'aria-label': name ? t('downloads_of', { name }) : t('downloads') },
    lead,
    h('span', { class: 'downloads__poster-group' },
      h('label', { class: 'visually-hidden', for: selectId, text: t('paper_size') }), select, poster),
    exports, calendar);
}
