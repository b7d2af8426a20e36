// Compare page (/c/<code>?from=<id>&to=<id|current>): per block what was added, removed and
// changed between two moments of the canvas, and how many notes stayed the same.
import './hyphenpatterns.js'; // hyphenated from the first layout (hyphenate.js)
import { boot, t, tn, blocks, blockByKey, colorByKey, method, werkvormByKey } from './boot.js';
import { $, h } from './dom.js';
import { api, paths } from './api.js';
import { noteElement } from './render.js';
import { CURRENT, formatMoment, momentOption } from './moments.js';
import { vitalityElement } from './comparevitality.js';

const code = boot.code;
const fieldTitles = new Map((method.coalition_fields || []).map((f) => [f.key, f.title]));
let loadSeq = 0;

function subareaTitle(blockKey, subareaKey) {
  const block = blockByKey.get(blockKey);
  const sub = block && subareaKey ? block.subareas.find((s) => s.key === subareaKey) : null;
  if (sub) return sub.title;
  return block && block.subareas.length ? t('subarea_any') : '';
}

/** A note with, above it, the part of the block it is in (when the block has parts). */
function item(note, extra = null) {
  const where = subareaTitle(note.block, note.subarea);
  return h('div', { class: 'citem' },
    where ? h('p', { class: 'citem__where', text: where }) : null,
    noteElement(note, { showAuthor: true, tilted: false }),
    extra);
}

/** What changed besides the text (which the two notes show): part, colour, card fields. */
function fieldChanges(change) {
  const { before, after } = change;
  const lines = [];
  if (change.fields.includes('subarea') && before.block === after.block) {
    lines.push(t('compare_field_change', { field: t('choose_subarea'),
      before: subareaTitle(before.block, before.subarea), after: subareaTitle(after.block, after.subarea) }));
  }
  if (change.fields.includes('color')) {
    const title = (key) => (colorByKey.get(key) || { title: key || '' }).title;
    lines.push(t('compare_field_change', { field: t('color'), before: title(before.color), after: title(after.color) }));
  }
  if (change.fields.includes('coalition')) {
    const a = before.coalition || {};
    const b = after.coalition || {};
    if ((a.werkvorm || null) !== (b.werkvorm || null)) {
      const title = (key) => (key && werkvormByKey.get(key) ? werkvormByKey.get(key).title : t('compare_none_chosen'));
      lines.push(t('compare_field_change', { field: t('werkvorm'), before: title(a.werkvorm), after: title(b.werkvorm) }));
    }
    for (const [key, title] of fieldTitles) {
      if ((a[key] || '') !== (b[key] || '')) lines.push(t('compare_field_changed', { field: title }));
    }
  }
  return lines;
}

function changeElement(change) {
  if (change.shown_again) {
    // Hidden before, in view now: only how it reads now (what it said while hidden stays so).
    return h('div', { class: 'change', dataset: { id: change.after.id } },
      h('p', { class: 'change__moved', text: t('compare_shown_again') }),
      item(change.after));
  }
  const moved = change.moved_from ? blockByKey.get(change.moved_from) : null;
  const lines = fieldChanges(change);
  return h('div', { class: 'change', dataset: { id: change.after.id } },
    moved ? h('p', { class: 'change__moved', text: t('compare_moved_from', { block: moved.title }) }) : null,
    lines.length ? h('ul', { class: 'change__fields' }, lines.map((line) => h('li', { text: line }))) : null,
    h('div', { class: 'change__pair' },
      h('div', { class: 'change__side change__side--before' },
        h('p', { class: 'change__tag', text: t('compare_before') }), item(change.before)),
      h('span', { class: 'change__arrow', 'aria-hidden': 'true' }, '→'),
      h('div', { class: 'change__side change__side--after' },
        h('p', { class: 'change__tag', text: t('compare_after') }), item(change.after))));
}

function group(kind, label, symbol, elements) {
  if (!elements.length) return null;
  return h('section', { class: `cgroup cgroup--${kind}`, dataset: { kind } },
    h('h3', { class: 'cgroup__title' },
      h('span', { class: 'cgroup__badge' }, h('span', { 'aria-hidden': 'true', text: symbol }), ` ${label}`),
      h('span', { class: 'cgroup__count', text: String(elements.length) })),
    h('div', { class: `cgroup__items${kind === 'changed' ? ' cgroup__items--changes' : ''}` }, elements));
}

function blockElement(diff) {
  const block = blockByKey.get(diff.key);
  const differences = diff.added.length + diff.removed.length + diff.changed.length;
  return h('section', { class: `cblock cblock--${diff.key}${differences ? '' : ' is-same'}`, dataset: { block: diff.key },
    'aria-labelledby': `cblock-${diff.key}` },
  h('header', { class: 'cblock__head' },
    h('h2', { class: 'cblock__title', id: `cblock-${diff.key}`, text: block ? block.title : diff.key }),
    h('p', { class: 'cblock__tally' },
      differences ? null : h('span', { class: 'cblock__none', text: t('compare_no_changes') }),
      h('span', { class: 'cblock__unchanged', text: t('compare_unchanged', { n: diff.unchanged }) }))),
  group('added', t('compare_added'), '+', diff.added.map((note) => item(note))),
  group('removed', t('compare_removed'), '−', diff.removed.map((note) => item(note))),
  group('changed', t('compare_changed'), '~', diff.changed.map(changeElement)));
}

/** What became of the clusters between the two moments (docs/protocol.md, "Compare"). */
function clustersElement(clusters) {
  if (!clusters) return null;
  const where = (c) => {
    const block = blockByKey.get(c.block);
    const part = subareaTitle(c.block, c.subarea);
    return [block ? block.title : c.block, part].filter(Boolean).join(' · ');
  };
  const line = (kind, symbol, c, text) => h('li', { class: `ccluster ccluster--${kind}`, dataset: { id: c.id, kind } },
    h('span', { class: 'ccluster__badge', 'aria-hidden': 'true', text: symbol }),
    h('span', { class: 'ccluster__text' },
      h('strong', { class: 'ccluster__title', text: c.title }), ` ${text}`),
    h('span', { class: 'ccluster__where', text: where(c) }));
  const items = [
    ...(clusters.formed || []).map((c) => line('formed', '+', c,
      tn('compare_cluster_formed', c.note_ids.length))),
    ...(clusters.renamed || []).map((c) => line('renamed', '✎', c,
      t('compare_cluster_renamed', { before: c.title_before }))),
    ...(clusters.grown || []).map((c) => line('grown', '↑', c,
      t('compare_cluster_grown', { before: c.notes_before, after: c.notes_after }))),
    ...(clusters.shrunk || []).map((c) => line('shrunk', '↓', c,
      t('compare_cluster_shrunk', { before: c.notes_before, after: c.notes_after }))),
    ...(clusters.dissolved || []).map((c) => line('dissolved', '−', c, t('compare_cluster_dissolved'))),
  ];
  if (!items.length) return null;
  return h('section', { class: 'card cmp__clusters', 'aria-labelledby': 'cmp-clusters-title' },
    h('h2', { class: 'card__title', id: 'cmp-clusters-title', text: t('compare_clusters') }),
    h('ul', { class: 'ccluster__list' }, items));
}

function momentMeta(meta) {
  const time = formatMoment(meta.created_at);
  return `${meta.id === null ? t('current_canvas') : time} · ${t('compare_meta_count', { n: meta.notes })}`;
}

async function load(from, to) {
  const seq = ++loadSeq;
  const totals = $('#totals');
  totals.classList.remove('is-error');
  if (from === to) {
    totals.textContent = t('compare_same');
    $('#blocks').replaceChildren();
    $('#clusters').replaceChildren();
    $('#vitality').replaceChildren();
    $('#from-meta').textContent = '';
    $('#to-meta').textContent = '';
    return;
  }
  totals.textContent = t('loading');
  const result = await api(paths.compare(code, from, to));
  if (seq !== loadSeq) return;
  if (!result.ok) {
    totals.textContent = result.error;
    totals.classList.add('is-error');
    $('#blocks').replaceChildren();
    $('#clusters').replaceChildren();
    $('#vitality').replaceChildren();
    return;
  }
  const diff = result.body;
  const clusters = clustersElement(diff.clusters);
  $('#clusters').replaceChildren(...(clusters ? [clusters] : []));
  const vitality = vitalityElement(diff.vitality, diff.before, diff.after);
  $('#vitality').replaceChildren(...(vitality ? [vitality] : []));
  const byKey = new Map(diff.blocks.map((b) => [b.key, b]));
  const sum = (field) => diff.blocks.reduce((n, b) => n + b[field].length, 0);
  totals.textContent = t('compare_totals', { added: sum('added'), removed: sum('removed'), changed: sum('changed') });
  $('#from-meta').textContent = momentMeta(diff.before);
  $('#to-meta').textContent = momentMeta(diff.after);
  // In the order of the canvas (the method's blocks).
  $('#blocks').replaceChildren(...blocks.filter((b) => byKey.has(b.key)).map((b) => blockElement(byKey.get(b.key))));
}

function chosen() {
  return { from: $('#pick-from').value, to: $('#pick-to').value };
}

function onPick() {
  const { from, to } = chosen();
  const url = new URL(window.location.href);
  url.searchParams.set('from', from);
  url.searchParams.set('to', to);
  window.history.replaceState(null, '', url.pathname + url.search);
  load(from, to);
}

async function init() {
  const params = new URLSearchParams(window.location.search);
  const result = await api(paths.snapshots(code));
  if (!result.ok) {
    $('#totals').textContent = result.error;
    $('#totals').classList.add('is-error');
    return;
  }
  const snapshots = result.body.snapshots;
  if (!snapshots.length) {
    $('#totals').textContent = t('compare_none');
    return;
  }
  const ids = new Set([...snapshots.map((s) => String(s.id)), CURRENT]);
  const last = String(snapshots[snapshots.length - 1].id);
  const from = ids.has(params.get('from')) ? params.get('from') : last;
  const to = ids.has(params.get('to')) ? params.get('to') : CURRENT;
  for (const [select, value] of [[$('#pick-from'), from], [$('#pick-to'), to]]) {
    select.replaceChildren(
      ...snapshots.map((s) => h('option', { value: String(s.id), text: momentOption(s), selected: String(s.id) === value })),
      h('option', { value: CURRENT, text: t('current_canvas'), selected: value === CURRENT }));
    select.disabled = false;
    select.addEventListener('change', onPick);
  }
  load(from, to);
}

init();
