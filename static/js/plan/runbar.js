// The run bar on the facilitator page while a plan exists: "Vorige stap", where the session is
// ("Stap 3 van 8 · Stil schrijven · Identiteit"), "Volgende stap" (plan:go) and leaving the plan.
// The manual controls keep working beside it: a change by hand steps outside the plan only when
// the facilitator leaves it. PageDown / PageUp (what presentation clickers send) step too; the
// arrow keys stay the spotlight's (spotcontrol.js).
import { t, blockByKey } from '../boot.js';
import { $ } from '../dom.js';
import { toastError } from '../toast.js';
import { stepPlace, stepQuestion } from './model.js';
import { modeTitle } from './planpanel.js';

export class RunBar {
  /** session: the facilitator's Session; plan: the PlanPanel (its steps and flush()). */
  constructor({ session, plan }) {
    this.session = session;
    this.store = session.store;
    this.plan = plan;
    this.bar = $('#runbar');
    this.last = null;      // the index of the step that ran last (to go on from after leaving)
    this.asking = 0;
    this.asked = null;     // the index just asked for, until the answer comes
    $('#run-prev').addEventListener('click', () => this.step(-1));
    $('#run-next').addEventListener('click', () => this.step(1));
    $('#run-leave').addEventListener('click', () => this.go(null));
    $('#run-snapshot').addEventListener('click', () => this.toSnapshot());
    plan.subscribe(() => this.render());
    this.store.subscribe((change) => {
      if (change.type === 'settings' || change.type === 'reset') this.render();
    });
    document.addEventListener('keydown', (event) => this.onKey(event));
    this.render();
  }

  running() {
    const step = (this.store.settings || {}).step;
    return step && Number.isInteger(step.index) ? step : null;
  }

  /** The index a step key moves from: the one just asked for, the running one, or none. */
  current() {
    if (this.asking) return this.asked;
    const step = this.running();
    return step ? step.index : null;
  }

  /**
   * The index of the step that ran last, from the settings (kept by the server after "Plan
   * verlaten", so a reloaded page still knows it) or from this page; null before the first step.
   * Clamped to the plan, which may have got shorter since.
   */
  lastIndex(total) {
    const kept = (this.store.settings || {}).last_step;
    const last = Number.isInteger(kept) && kept >= 0 ? kept : this.last;
    return last === null ? null : Math.min(total - 1, last);
  }

  step(delta) {
    const total = this.plan.steps.length;
    if (!total) return;
    const at = this.current();
    let index;
    if (at === null) {
      const last = this.lastIndex(total);
      index = last === null ? 0 : Math.min(total - 1, last + (delta > 0 ? 1 : 0));
    }
    else index = at + delta;
    if (index < 0 || index >= total || index === at) return;
    this.go(index);
  }

  async go(index) {
    this.asking += 1;
    this.asked = index;
    try {
      // A step being typed is sent first: the step that runs is the one on the screen.
      if (!(await this.plan.flush())) return;
      const ack = await this.session.request('plan:go', { step: index });
      if (!ack.ok) { toastError(ack); return; }
      this.store.setSettings(ack.settings, ack.rev, false);
    } finally {
      this.asking -= 1;
      this.render();
    }
  }

  onKey(event) {
    if (event.key !== 'PageDown' && event.key !== 'PageUp') return;
    if (event.ctrlKey || event.metaKey || event.altKey || this.bar.hidden) return;
    const target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable="true"], dialog[open]')) return;
    event.preventDefault();
    this.step(event.key === 'PageDown' ? 1 : -1);
  }

  render() {
    const steps = this.plan.steps;
    const total = steps.length;
    const height = this.bar.hidden ? 0 : this.bar.offsetHeight;
    this.bar.hidden = total === 0;
    document.body.classList.toggle('has-runbar', total > 0);
    if (total) this.describe(steps, total);
    // The bar takes its height from the board: the board lays itself out again (it does so on
    // a resize of the window).
    if ((this.bar.hidden ? 0 : this.bar.offsetHeight) !== height) window.dispatchEvent(new Event('resize'));
  }

  describe(steps, total) {
    const running = this.running();
    if (running) this.last = running.index;
    const step = running ? (steps.find((s) => s.id === running.id) || running) : null;
    const text = $('#run-text');
    const detail = $('#run-detail');
    this.bar.classList.toggle('is-outside', !step);
    if (step) {
      text.textContent = [t('run_step_of', { n: running.index + 1, total }), modeTitle(step.mode), stepPlace(step, blockByKey)]
        .filter(Boolean).join(' · ');
      detail.textContent = step.instruction || stepQuestion(step, blockByKey) || '';
    } else {
      text.textContent = t('run_outside');
      detail.textContent = t('run_outside_hint', { total });
    }
    detail.hidden = !detail.textContent;
    const last = this.lastIndex(total);
    // Outside the plan "Vorige stap" runs the step that ran last again.
    $('#run-prev').disabled = step ? running.index === 0 : last === null;
    const next = $('#run-next');
    // At the last step there is no next one: what comes next is the snapshot for the poster.
    const atEnd = Boolean(step && running.index >= total - 1);
    next.hidden = atEnd;
    $('#run-end').hidden = !atEnd;
    this.bar.classList.toggle('is-at-end', atEnd);
    if (step) next.textContent = `${t('run_next')} ›`;
    else next.textContent = last === null ? t('run_start') : t('run_resume', { n: Math.min(total, last + 2) });
    $('#run-leave').hidden = !step;
  }

  /** To the snapshot form (the panel scrolls to it), ready to type the moment's name. */
  toSnapshot() {
    const form = $('#snapshots');
    if (!form) return;
    form.scrollIntoView({ block: 'start', behavior: 'auto' });
    $('#snapshot-label').focus({ preventScroll: true });
  }
}
