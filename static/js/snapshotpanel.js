// The facilitator's snapshots card: take a snapshot, the list with its downloads, compare two
// moments, and the downloads of the live canvas.
import { t } from './boot.js';
import { $, h } from './dom.js';
import { toast, toastError } from './toast.js';
import { api, paths } from './api.js';
import { downloadLinks } from './downloads.js';
import { CURRENT, formatMoment, countsText, momentOption } from './moments.js';

export class SnapshotPanel {
  /** code: the workshop; getKey(): the facilitator key. */
  constructor({ code, getKey }) {
    this.code = code;
    this.getKey = getKey;
    this.snapshots = new Map(); // id -> summary
    this.form = $('#snapshot-form');
    this.input = $('#snapshot-label');
    this.button = $('#snapshot-submit');
    this.list = $('#snapshot-list');
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.take(); });
    $('#current-downloads').appendChild(downloadLinks(code, CURRENT, { name: t('current_canvas') }));
    this.from = $('#compare-from');
    this.to = $('#compare-to');
    this.compareLink = $('#compare-open');
    this.picked = false; // until the facilitator picks, compare the newest snapshot with now
    for (const select of [this.from, this.to]) {
      select.addEventListener('change', () => { this.picked = true; this.updateCompareLink(); });
    }
    this.compareLink.addEventListener('click', (event) => {
      if (this.from.value === this.to.value) event.preventDefault();
    });
  }

  /** Load the list (on start and after a reconnect: a snapshot may have been taken elsewhere). */
  async load() {
    const result = await api(paths.snapshots(this.code));
    if (!result.ok) { toastError(result); return; }
    this.snapshots = new Map(result.body.snapshots.map((s) => [s.id, s]));
    this.render();
  }

  /** A snapshot taken here or elsewhere (the snapshot:created broadcast). */
  upsert(summary) {
    if (!summary || summary.id === undefined || summary.id === null) return;
    this.snapshots.set(summary.id, summary);
    this.render();
  }

  async take() {
    if (this.button.disabled) return;
    this.button.disabled = true;
    this.form.setAttribute('aria-busy', 'true');
    const result = await api(paths.snapshots(this.code), {
      method: 'POST', key: this.getKey(), json: { label: this.input.value.trim() },
    });
    this.button.disabled = false;
    this.form.removeAttribute('aria-busy');
    if (!result.ok) { toastError(result); return; }
    this.input.value = '';
    this.upsert(result.body);
    toast(t('snapshot_taken', { label: result.body.label }), 'success');
  }

  /** Oldest first, as the server lists them. */
  ordered() {
    return Array.from(this.snapshots.values()).sort((a, b) =>
      (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id));
  }

  render() {
    const snapshots = this.ordered();
    $('#snapshots-count').textContent = snapshots.length ? String(snapshots.length) : '';
    $('#snapshots-empty').hidden = snapshots.length > 0;
    // Newest on top: that is the one people look for.
    this.list.replaceChildren(...snapshots.slice().reverse().map((s) => this.item(s)));
    this.renderCompare(snapshots);
  }

  item(snapshot) {
    const id = String(snapshot.id);
    return h('li', { class: 'snap', dataset: { id } },
      h('div', { class: 'snap__head' },
        h('span', { class: 'snap__label', text: snapshot.label }),
        h('time', { class: 'snap__time', datetime: snapshot.created_at, text: formatMoment(snapshot.created_at) })),
      h('p', { class: 'snap__counts', text: countsText({
        notes: snapshot.notes - snapshot.cards, cards: snapshot.cards, participants: snapshot.participants,
      }) }),
      downloadLinks(this.code, id, {
        name: snapshot.label,
        lead: h('a', { class: 'button button--primary button--small snap__view', href: paths.snapshotPage(this.code, id),
          target: '_blank', rel: 'noopener', 'aria-label': t('view_snapshot_of', { name: snapshot.label }) },
        t('view_snapshot')),
      }));
  }

  renderCompare(snapshots) {
    const box = $('#compare-box');
    box.hidden = snapshots.length === 0;
    if (!snapshots.length) return;
    const options = (selected) => [
      ...snapshots.map((s) => h('option', { value: String(s.id), text: momentOption(s), selected: String(s.id) === selected })),
      h('option', { value: CURRENT, text: t('current_canvas'), selected: selected === CURRENT }),
    ];
    const last = String(snapshots[snapshots.length - 1].id);
    const ids = new Set([...snapshots.map((s) => String(s.id)), CURRENT]);
    const keep = (value) => this.picked && ids.has(value);
    const from = keep(this.from.value) ? this.from.value : last;
    const to = keep(this.to.value) ? this.to.value : CURRENT;
    this.from.replaceChildren(...options(from));
    this.to.replaceChildren(...options(to));
    this.updateCompareLink();
  }

  updateCompareLink() {
    const same = this.from.value === this.to.value;
    this.compareLink.href = paths.comparePage(this.code, this.from.value, this.to.value);
    this.compareLink.classList.toggle('is-disabled', same);
    if (same) this.compareLink.setAttribute('aria-disabled', 'true');
    else this.compareLink.removeAttribute('aria-disabled');
    $('#compare-same').hidden = !same;
  }
}
