// The facilitator's controls (docs/protocol.md, "Facilitation"): silent writing, lock, names,
// "follow me" with its guiding questions, the timer and the voting round. Every control sends
// workshop:update (or votes:reset); what the panel shows always follows the workshop's settings,
// so a second facilitator tab stays in step.
import { t, tn, blocks, rules } from './boot.js';
import { $, $$, h } from './dom.js';
import { toast } from './toast.js';
import { confirmDialog } from './confirm.js';
import { Countdown, focusOf, formatClock } from './facilitation.js';
import { parseMinutes } from './timer.js';

// The bounds the server accepts (boot.rules); the inputs' max attributes say the same.
const TIMER_MAX_MINUTES = rules.timer_max_seconds / 60;
const VOTES_MAX = rules.votes_max;

/** Say what is wrong right at the field (the browser's bubble), not at the top of the panel. */
function fieldError(input, message) {
  input.setCustomValidity(message);
  input.reportValidity();
  input.focus();
}

/**
 * A form of one number field: on submit `action(n)` for n = `parse(text)` if `valid(n)`, else a
 * message at the field: `unreadable` when the text is no number, `message` when it is out of range.
 */
function numberForm(form, input, { parse, valid, message, unreadable, action }) {
  input.addEventListener('input', () => input.setCustomValidity(''));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const n = parse(input.value);
    if (n === null) {
      fieldError(input, unreadable);
      return;
    }
    if (!valid(n)) {
      fieldError(input, message);
      return;
    }
    action(n);
  });
}

/** A whole number as typed ("3"), or null. */
function parseCount(text) {
  const value = String(text).trim();
  return /^\d{1,4}$/.test(value) ? Number(value) : null;
}

export class Controls {
  /** session: the facilitator's Session. */
  constructor(session) {
    this.session = session;
    this.store = session.store;
    this.busy = 0;
    this.root = $('#controls');
    this.error = $('#controls-error');
    this.root.hidden = false;

    const focus = $('#ctl-focus');
    focus.replaceChildren(
      h('option', { value: '', text: t('ctl_focus_none') }),
      ...blocks.map((b) => h('option', { value: b.key, text: b.title })));
    focus.addEventListener('change', () => this.send({ focus: focus.value || null }));

    for (const input of $$('[data-setting]', this.root)) {
      input.addEventListener('change', () => this.send({ [input.dataset.setting]: input.checked }));
    }

    $('#ctl-question-prev').addEventListener('click', () => this.step(-1));
    $('#ctl-question-next').addEventListener('click', () => this.step(1));
    $('#ctl-question-clear').addEventListener('click', () => this.send({ question: null }));

    for (const button of $$('.ctl__preset', this.root)) {
      button.addEventListener('click', () => this.send({ timer_seconds: Number(button.dataset.minutes) * 60 }));
    }
    // A text field, not type=number: a browser set to English reads "1,5" as 15.
    numberForm($('#ctl-timer-form'), $('#ctl-timer-minutes'), {
      parse: parseMinutes,
      valid: (minutes) => minutes >= 1 && minutes <= TIMER_MAX_MINUTES,
      message: t('ctl_timer_bad', { max: TIMER_MAX_MINUTES }),
      unreadable: t('ctl_timer_unreadable'),
      action: (minutes) => this.send({ timer_seconds: Math.max(1, Math.round(minutes * 60)) }),
    });
    $('#ctl-timer-stop').addEventListener('click', () => this.send({ timer_seconds: null }));
    this.countdown = new Countdown((state) => this.showTimer(state));

    numberForm($('#ctl-voting-form'), $('#ctl-votes'), {
      parse: parseCount,
      valid: (n) => n >= 1 && n <= VOTES_MAX,
      message: t('ctl_votes_bad', { max: VOTES_MAX }),
      unreadable: t('ctl_votes_bad', { max: VOTES_MAX }),
      action: (n) => this.openVoting(n),
    });
    $('#ctl-voting-close').addEventListener('click', () => this.send({ votes_per_participant: 0 }));
    $('#ctl-votes-reset').addEventListener('click', () => this.resetVotes());

    this.store.subscribe((change) => {
      if (change.type === 'settings' || change.type === 'reset') this.render();
    });
    this.render();
  }

  showError(message) {
    this.error.hidden = !message;
    this.error.textContent = message || '';
  }

  /** Send a settings change; on success the ack's settings are shown at once. */
  async send(changes) {
    this.busy += 1;
    this.root.setAttribute('aria-busy', 'true');
    const ack = await this.session.request('workshop:update', changes);
    this.busy -= 1;
    if (!this.busy) this.root.removeAttribute('aria-busy');
    if (!ack.ok) {
      this.showError(ack.error || t(`error.${ack.code || 'internal'}`));
      this.render(); // undo what the control shows: the settings did not change
      return false;
    }
    this.showError('');
    this.store.setSettings(ack.settings, ack.rev, false);
    return true;
  }

  step(delta) {
    const focus = focusOf(this.store.settings);
    if (!focus || !focus.total) return;
    let index;
    if (focus.index === null) index = delta > 0 ? 0 : focus.total - 1;
    else index = Math.min(focus.total - 1, Math.max(0, focus.index + delta));
    this.send({ question: index });
  }

  /**
   * Open a voting round (or change its number of votes). Opening while votes of an earlier round
   * are still on the canvas asks first: start afresh (reset, then open) or keep them.
   */
  async openVoting(n) {
    const open = (Number(this.store.settings.votes_per_participant) || 0) > 0;
    const left = open ? 0 : this.store.list().reduce((sum, note) => sum + (Number(note.votes) || 0), 0);
    if (left > 0) {
      const answer = await confirmDialog({
        title: t('ctl_votes_reopen_title'),
        text: tn('ctl_votes_reopen_text', left),
        confirmLabel: t('ctl_votes_reopen_fresh'),
        otherLabel: t('ctl_votes_reopen_keep'),
      });
      if (!answer) return;
      if (answer === true) {
        const ack = await this.session.request('votes:reset', {});
        if (!ack.ok) { this.showError(ack.error || t(`error.${ack.code || 'internal'}`)); return; }
        this.store.resetVotes(ack.rev, false);
      }
    }
    this.send({ votes_per_participant: n });
  }

  async resetVotes() {
    const yes = await confirmDialog({
      title: t('ctl_votes_reset_title'),
      text: t('ctl_votes_reset_text'),
      confirmLabel: t('ctl_votes_reset_yes'),
      danger: true,
    });
    if (!yes) return;
    const ack = await this.session.request('votes:reset', {});
    if (!ack.ok) { this.showError(ack.error || t(`error.${ack.code || 'internal'}`)); return; }
    this.showError('');
    this.store.resetVotes(ack.rev, false);
    toast(t('ctl_votes_reset_done'), 'success');
  }

  render() {
    const settings = this.store.settings || {};
    for (const input of $$('[data-setting]', this.root)) {
      const value = settings[input.dataset.setting];
      input.checked = input.dataset.setting === 'show_authors' ? value !== false : Boolean(value);
    }

    const focus = focusOf(settings);
    $('#ctl-focus').value = focus ? focus.key : '';
    $('#ctl-question-box').hidden = !focus || focus.total === 0;
    if (focus) {
      $('#ctl-question-pos').textContent = focus.index === null
        ? '' : t('ctl_question_of', { n: focus.index + 1, total: focus.total });
      const text = $('#ctl-question-text');
      text.textContent = focus.question || t('ctl_question_none');
      text.classList.toggle('is-none', !focus.question);
      $('#ctl-question-prev').disabled = focus.index === 0;
      $('#ctl-question-next').disabled = focus.index === focus.total - 1;
      $('#ctl-question-clear').hidden = focus.index === null;
    }

    this.countdown.set(settings.timer_end || null);

    const votes = Number(settings.votes_per_participant) || 0;
    const status = $('#ctl-voting-status');
    status.textContent = votes ? tn('ctl_voting_is_open', votes) : t('ctl_voting_closed');
    status.classList.toggle('is-on', votes > 0);
    const input = $('#ctl-votes');
    if (votes && document.activeElement !== input) input.value = String(votes);
    $('#ctl-voting-open').textContent = votes ? t('ctl_voting_change') : t('ctl_voting_open');
    $('#ctl-voting-close').hidden = !votes;
    this.root.classList.toggle('is-voting', votes > 0);
  }

  showTimer(state) {
    const status = $('#ctl-timer-status');
    status.classList.toggle('is-on', Boolean(state));
    status.classList.toggle('is-over', Boolean(state && state.over && !state.past));
    if (!state) status.textContent = t('ctl_timer_off');
    else if (state.past) status.textContent = t('timer_past');
    else if (state.over) status.textContent = t('ctl_timer_over');
    else status.textContent = t('ctl_timer_left', { time: formatClock(state.left) });
    $('#ctl-timer-stop').disabled = !this.store.settings.timer_end;
  }
}
