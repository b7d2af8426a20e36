// The facilitator's "Vitaliteitscheck" control: open or close the check (workshop:update
// {vitality}), how many scores each block has so far (live, from vitality:updated), and
// "Opnieuw beginnen" (vitality:reset, after a confirmation). Totals only: who gave which score
// is nowhere on this page either.
import { blocks, t } from './boot.js';
import { $, h } from './dom.js';
import { confirmDialog } from './confirm.js';
import { toastError } from './toast.js';
import { figureOf, formatMean } from './vitalitychart.js';

export class VitalityControl {
  /** After the voting control; send(changes): Controls.send (workshop:update). */
  constructor({ session, send }) {
    this.session = session;
    this.store = session.store;
    this.send = send;
    this.status = h('span', { class: 'ctl__status', id: 'ctl-vitality-status' });
    this.toggle = h('button', { type: 'button', class: 'button button--primary button--small', id: 'ctl-vitality-toggle',
      on: { click: () => this.send({ vitality: !this.open() }) } });
    this.reset = h('button', { type: 'button', class: 'button button--danger-quiet button--small', id: 'ctl-vitality-reset',
      text: t('ctl_vitality_reset'), on: { click: () => this.clear() } });
    this.counts = new Map();
    const list = h('ul', { class: 'vctl__list', 'aria-label': t('ctl_vitality_counts') },
      ...blocks.map((block) => {
        const value = h('span', { class: 'vctl__value' });
        this.counts.set(block.key, value);
        return h('li', { class: 'vctl__item', 'data-block': block.key },
          h('span', { class: 'vctl__name', text: block.title }), value);
      }));
    this.el = h('section', { class: 'ctl vctl', id: 'ctl-vitality', 'aria-labelledby': 'ctl-vitality-title' },
      h('h3', { class: 'ctl__title' }, h('span', { id: 'ctl-vitality-title', text: t('ctl_vitality') }), ' ', this.status),
      h('div', { class: 'ctl__row' }, this.toggle, this.reset),
      h('div', { role: 'status', 'aria-live': 'polite' }, list));
    const voting = $('#ctl-voting-title').closest('section');
    voting.after(this.el);
    this.store.subscribe((change) => {
      if (['settings', 'reset', 'vitality'].includes(change.type)) this.render();
    });
    this.render();
  }

  open() {
    return Boolean(this.store.settings && this.store.settings.vitality);
  }

  async clear() {
    const yes = await confirmDialog({
      title: t('ctl_vitality_reset'), text: t('ctl_vitality_reset_confirm'),
      confirmLabel: t('ctl_vitality_reset'), danger: true,
    });
    if (!yes) return;
    const ack = await this.session.request('vitality:reset', {});
    if (!ack.ok) toastError(ack);
  }

  render() {
    const open = this.open();
    this.toggle.textContent = open ? t('ctl_vitality_close') : t('ctl_vitality_open');
    this.toggle.className = `button button--small ${open ? 'button--secondary' : 'button--primary'}`;
    this.toggle.setAttribute('aria-pressed', open ? 'true' : 'false');
    this.status.textContent = open ? t('ctl_vitality_is_open') : t('ctl_voting_closed');
    for (const [key, value] of this.counts) {
      const figure = figureOf(this.store.vitality, key);
      value.textContent = figure.count
        ? `${t('vitality_n', { n: figure.count })} · ${formatMean(figure.mean)}`
        : t('vitality_n', { n: 0 });
    }
  }
}
