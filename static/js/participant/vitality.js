// The vitality check on the phone: while the facilitator has it open, a panel above the note
// form asks each block's question with five large buttons 1-5 (the scale's words at the ends).
// A tap sends vitality:rate; the chosen score is marked by a tick and a heavier border as well as
// colour, and named in words. Scores not yet acknowledged (offline, a busy server) are kept and
// sent again after every join; the last tap per block wins. Anonymous: the room and the
// facilitator only ever see totals (docs/security.md).
import { blocks, method, t } from '../boot.js';
import { $, h } from '../dom.js';
import { toastError } from '../toast.js';
import { SCORES } from '../vitalitychart.js';

const RETRY_CODES = new Set(['offline', 'timeout', 'busy', 'internal', 'not_joined', 'vitality_too_fast']);

export class VitalityPanel {
  constructor({ session }) {
    this.session = session;
    this.store = session.store;
    this.pending = new Map();   // block -> score tapped but not yet acknowledged
    this.sending = new Set();   // blocks with a request on the way
    this.rows = new Map();
    const [weak, strong] = method.vitality_scale || ['', ''];
    this.offline = h('p', { class: 'vital__offline', role: 'status', hidden: true, text: t('vitality_offline') });
    this.progress = h('p', { class: 'vital__progress', role: 'status' });
    this.el = h('section', { class: 'card vital', id: 'vitality-card', 'aria-labelledby': 'vitality-title', hidden: true },
      h('h2', { class: 'vital__title', id: 'vitality-title', text: t('vitality_title') }),
      h('p', { class: 'vital__intro', text: t('vitality_intro') }),
      h('p', { class: 'vital__anon', text: t('vitality_anonymous') }),
      this.offline,
      ...blocks.map((block) => this.row(block, weak, strong)),
      this.progress);
    const compose = $('#compose');
    compose.parentNode.insertBefore(this.el, compose);
    this.store.subscribe((change) => {
      if (['settings', 'reset', 'vitality'].includes(change.type)) this.update();
    });
    session.onJoin(() => this.flush());
    session.onStatus(() => this.update());
    this.update();
  }

  row(block, weak, strong) {
    const buttons = SCORES.map((score) => h('button', {
      type: 'button', class: 'vital__button', 'data-score': String(score), 'aria-pressed': 'false',
      'aria-label': t('vitality_score', { n: score }),
      on: { click: () => this.rate(block.key, score) },
    }, h('span', { class: 'vital__digit', text: String(score) })));
    const chosen = h('p', { class: 'vital__chosen', 'aria-live': 'polite' });
    const questionId = `vital-q-${block.key}`;
    const el = h('fieldset', { class: 'vital__row', 'data-block': block.key, 'aria-labelledby': questionId },
      h('p', { class: 'vital__question', id: questionId },
        h('span', { class: 'vital__block', text: block.title }), ' ', block.vitality_question || ''),
      h('div', { class: 'vital__buttons', role: 'group', 'aria-labelledby': questionId }, ...buttons),
      h('p', { class: 'vital__scale', 'aria-hidden': 'true' },
        h('span', { text: `1 ${weak}` }), h('span', { text: `${strong} 5` })),
      chosen);
    this.rows.set(block.key, { el, buttons, chosen });
    return el;
  }

  /** The score shown for a block: the last tap, else what the server holds. */
  scoreOf(key) {
    if (this.pending.has(key)) return this.pending.get(key);
    return this.store.myVitality[key] ?? null;
  }

  rate(key, score) {
    this.pending.set(key, score);
    this.update();
    this.send(key);
  }

  async send(key) {
    if (this.sending.has(key) || !this.pending.has(key)) return;
    const score = this.pending.get(key);
    this.sending.add(key);
    const ack = await this.session.request('vitality:rate', { block: key, score });
    this.sending.delete(key);
    if (ack.ok) {
      this.store.myVitality[key] = ack.score;
      if (this.pending.get(key) === score) this.pending.delete(key);
    } else if (RETRY_CODES.has(ack.code)) {
      // Kept: sent again after the next join, or after the wait the server asks for.
      if (ack.retry_after) setTimeout(() => this.send(key), ack.retry_after * 1000);
    } else {
      this.pending.delete(key);
      toastError(ack);
    }
    this.update();
    // A newer tap came while this one was on its way.
    if (this.pending.has(key) && this.pending.get(key) !== score) this.send(key);
  }

  /** After a join (again): send every score not yet acknowledged. */
  flush() {
    for (const key of this.pending.keys()) this.send(key);
    this.update();
  }

  update() {
    const open = Boolean(this.store.settings && this.store.settings.vitality);
    this.el.hidden = !open;
    document.body.classList.toggle('is-vitality', open);
    if (!open) return;
    let rated = 0;
    for (const [key, row] of this.rows) {
      const score = this.scoreOf(key);
      if (score) rated += 1;
      for (const button of row.buttons) {
        const on = Number(button.dataset.score) === score;
        button.setAttribute('aria-pressed', on ? 'true' : 'false');
        button.classList.toggle('is-chosen', on);
      }
      row.chosen.textContent = score ? t('vitality_chosen', { n: score }) : '';
      row.el.classList.toggle('is-waiting', this.pending.has(key));
    }
    this.progress.textContent = t('vitality_progress', { n: rated });
    this.offline.hidden = !(this.pending.size && this.session.status !== 'connected');
  }
}
