// The facilitator's "Sessieplan" panel (docs/protocol.md, "Session plan" and "Templates"):
// start from a template or empty, add, remove, reorder (buttons and drag) and edit steps. Every
// change sends the whole list as plan:update; typing is sent once it pauses. An error ack is
// shown by the field it names.
import { t, tn, blocks, blockByKey, method, rules, limits, lang } from '../boot.js';
import { $, h } from '../dom.js';
import { api } from '../api.js';
import { toast } from '../toast.js';
import { confirmDialog } from '../confirm.js';
import { subareaOfQuestion } from '../facilitation.js';
import { rememberTemplate, templatesPath } from '../storage.js';
import {
  newStep, withField, moveStep, fromTemplate, parseDuration, durationText, stepQuestion, stepPlace,
  MODES_WITHOUT_BLOCK,
} from './model.js';

const TYPING_PAUSE = 600; // ms: a text field is sent once typing pauses this long
const TIMER_MAX_MINUTES = Math.floor((rules.timer_max_seconds || 7200) / 60);
const VOTES_MAX = rules.votes_max || 50;
export const modeTitle = (key) => ((method.plan_modes || []).find((m) => m.key === key) || { title: key }).title;

/** A saved template is found by its key: this link passes it on to another facilitator. */
const shareLink = (key) => `${window.location.origin}/?template=${encodeURIComponent(key)}`;
const saveTemplatePath = (code) => `/api/workshops/${encodeURIComponent(code)}/templates`;

export class PlanPanel {
  /** session: the facilitator's Session; getKey(): the facilitator key (for saving a template). */
  constructor({ session, code, getKey }) {
    this.session = session;
    this.store = session.store;
    this.code = code;
    this.getKey = getKey;
    this.steps = [];
    this.open = null;          // id of the step whose editor is open
    this.errors = new Map();   // `${id}:${field}` -> message
    this.pendingTimer = 0;     // a typed change waiting to be sent
    this.sending = 0;          // plan:update requests under way
    this.templates = [];
    this.listeners = new Set();
    this.dragFrom = null;
    this.list = $('#plan-steps');

    session.onJoin((ack) => {
      // The socket exists once the session has started: listen from the first join on.
      if (!this.listening) {
        this.listening = true;
        session.on('plan:updated', (msg) => { if (msg) this.receive(msg.steps); });
      }
      if (ack.state && ack.state.plan) this.receive(ack.state.plan.steps);
    });
    this.store.subscribe((change) => {
      if (change.type === 'settings' || change.type === 'reset') this.markRunning();
    });
    $('#plan-add').addEventListener('click', () => this.add());
    $('#plan-template').addEventListener('change', () => this.preview());
    $('#plan-template-use').addEventListener('click', () => this.useTemplate());
    $('#plan-save-form').addEventListener('submit', (event) => { event.preventDefault(); this.saveAsTemplate(); });
    this.bindDrag();
    this.loadTemplates();
    this.render();
  }

  subscribe(listener) { this.listeners.add(listener); }

  /** The server's list (join state, plan:updated): taken unless a change of ours is on its way. */
  receive(steps) {
    if (!Array.isArray(steps) || this.pendingTimer || this.sending) return;
    this.steps = steps;
    this.render();
  }

  /** Change the plan here at once, and send it (now, or once typing pauses). */
  change(steps, { typing = false } = {}) {
    this.steps = steps;
    window.clearTimeout(this.pendingTimer);
    this.pendingTimer = 0;
    if (typing) {
      this.pendingTimer = window.setTimeout(() => { this.pendingTimer = 0; this.send(); }, TYPING_PAUSE);
      this.tell();
    } else {
      this.render();
      this.send();
    }
  }

  /** Send what is typed but not yet sent (before running a step from it). */
  async flush() {
    if (!this.pendingTimer) return true;
    window.clearTimeout(this.pendingTimer);
    this.pendingTimer = 0;
    return this.send();
  }

  async send() {
    const steps = this.steps;
    this.sending += 1;
    const ack = await this.session.request('plan:update', { steps });
    this.sending -= 1;
    this.errors.clear();
    if (!ack.ok) {
      const step = Number.isInteger(ack.index) ? steps[ack.index] : null;
      if (step && ack.field) {
        this.errors.set(`${step.id}:${ack.field}`, ack.error || t(`error.${ack.code}`));
        this.open = step.id;
      } else this.showError(ack.error || t(`error.${ack.code || 'internal'}`));
      this.render();
      return false;
    }
    this.showError('');
    // A newer change of ours is under way or waiting: it wins over this answer.
    if (steps === this.steps && !this.pendingTimer && !this.sending && Array.isArray(ack.steps)) this.steps = ack.steps;
    this.render();
    return true;
  }

  showError(message) {
    const error = $('#plan-error');
    error.hidden = !message;
    error.textContent = message || '';
  }

  tell() { for (const listener of this.listeners) listener(this.steps); }

  add() {
    const taken = new Set(this.steps.map((s) => s.id));
    const last = this.steps[this.steps.length - 1];
    const step = newStep(last && last.block ? last.block : (blocks[0] || {}).key, taken);
    this.open = step.id;
    this.focusNext = `${step.id}:mode`;
    this.change([...this.steps, step]);
  }

  remove(index) {
    const step = this.steps[index];
    if (this.open === step.id) this.open = null;
    this.focusNext = this.steps.length > 1 ? `${(this.steps[index + 1] || this.steps[index - 1]).id}:summary` : 'add';
    this.change(this.steps.filter((_, i) => i !== index));
    toast(t('plan_step_removed', { n: index + 1 }), 'success');
  }

  move(index, delta) {
    const to = index + delta;
    if (to < 0 || to >= this.steps.length) return;
    this.focusNext = `${this.steps[index].id}:${delta < 0 ? 'up' : 'down'}`;
    this.change(moveStep(this.steps, index, to));
  }

  setField(index, field, value, options) {
    const step = this.steps[index];
    this.errors.delete(`${step.id}:${field}`);
    const next = this.steps.slice();
    next[index] = withField(step, field, value, (blocks[0] || {}).key);
    this.change(next, options);
  }

  /** A sub-area; a question chosen from another sub-area goes. */
  setSubarea(index, subarea) {
    const step = this.steps[index];
    let next = withField(step, 'subarea', subarea);
    if (subarea && next.question !== null && subareaOfQuestion(step.block, next.question) !== subarea) {
      next = withField(next, 'question', null);
    }
    const steps = this.steps.slice();
    steps[index] = next;
    this.change(steps);
  }

  // ---------- Templates ----------

  async loadTemplates() {
    const result = await api(templatesPath(lang));
    if (!result.ok || !result.body || !Array.isArray(result.body.templates)) {
      $('#plan-template-status').textContent = t('plan_templates_error');
      return;
    }
    this.templates = result.body.templates;
    const select = $('#plan-template');
    const value = select.value;
    const option = (tpl) => h('option', { value: tpl.key, text: `${tpl.title} (${tn('plan_steps_count', tpl.steps.length)})` });
    select.replaceChildren(
      h('option', { value: '', text: t('plan_template_pick') }),
      h('optgroup', { label: t('plan_templates_method') }, ...this.templates.filter((x) => x.builtin).map(option)),
      ...(this.templates.some((x) => !x.builtin)
        ? [h('optgroup', { label: t('plan_templates_saved') }, ...this.templates.filter((x) => !x.builtin).map(option))] : []));
    select.value = this.templates.some((x) => x.key === value) ? value : '';
    this.preview();
  }

  chosenTemplate() {
    const key = $('#plan-template').value;
    return this.templates.find((x) => x.key === key) || null;
  }

  preview() {
    const template = this.chosenTemplate();
    $('#plan-template-use').disabled = !template;
    const box = $('#plan-template-preview');
    box.hidden = !template;
    if (!template) { box.replaceChildren(); return; }
    // A saved template is found by its key: this link passes it on to another facilitator.
    const share = template.builtin ? null : shareLink(template.key);
    box.replaceChildren(
      ...(template.about ? [h('p', { class: 'plan__about', text: template.about })] : []),
      ...(share ? [h('p', { class: 'plan__share' }, h('span', { text: t('plan_template_share') + ' ' }),
        h('a', { href: share, text: share }))] : []),
      h('ol', { class: 'plan__preview-list' }, ...template.steps.map((step) => h('li', {},
        h('strong', { text: modeTitle(step.mode) }), ' ',
        h('span', { text: [stepPlace(step, blockByKey), step.duration ? t('plan_minutes', { n: durationText(step.duration) }) : '']
          .filter(Boolean).join(' · ') })))));
  }

  async useTemplate() {
    const template = this.chosenTemplate();
    if (!template) return;
    if (this.steps.length) {
      const yes = await confirmDialog({
        title: t('plan_replace_title'),
        text: t('plan_replace_text', { n: this.steps.length, title: template.title }),
        confirmLabel: t('plan_replace_yes'),
      });
      if (!yes) return;
    }
    this.open = null;
    this.change(fromTemplate(template.steps));
  }

  async saveAsTemplate() {
    const input = $('#plan-save-title');
    const title = input.value.trim();
    const error = $('#plan-save-error');
    const fail = (message) => { error.hidden = !message; error.textContent = message || ''; };
    if (!title) { fail(t('error.missing_field', { field: t('plan_save_label') })); input.focus(); return; }
    if (!this.steps.length) { fail(t('plan_save_empty')); return; }
    if (!(await this.flush())) return;
    const result = await api(saveTemplatePath(this.code), { method: 'POST', key: this.getKey(), json: { title } });
    if (!result.ok) { fail(result.error); return; }
    rememberTemplate(result.body && result.body.key);
    fail('');
    input.value = '';
    toast(t('plan_save_done', { title }), 'success');
    this.showSaved(title, result.body && result.body.key);
    this.loadTemplates();
  }

  /** The link that passes a template just saved on, under the save form, ready to copy. */
  showSaved(title, key) {
    const box = $('#plan-saved');
    box.hidden = !key;
    if (!key) return;
    $('#plan-saved-title').textContent = t('plan_saved_link', { title });
    $('#plan-saved-link').value = shareLink(key);
  }

  // ---------- Drawing ----------

  /** Which step runs (settings.step), by id. */
  runningId() {
    const step = (this.store.settings || {}).step;
    return step && typeof step.id === 'string' ? step.id : null;
  }

  markRunning() {
    const running = this.runningId();
    for (const row of this.list.children) {
      const on = row.dataset.step === running;
      row.classList.toggle('is-running', on);
      const badge = row.querySelector('.planstep__running');
      if (badge) badge.hidden = !on;
      // A new running step is shown in the list's own scroll box (the page stays where it is).
      if (on && running !== this.shownRunning) {
        const list = this.list;
        const top = row.offsetTop - list.offsetTop;
        if (top < list.scrollTop || top + row.offsetHeight > list.scrollTop + list.clientHeight) {
          list.scrollTop = Math.max(0, top - 8);
        }
        // After the run bar has drawn this step too (its height moves the panel).
        window.requestAnimationFrame(() => this.showInPanel(row));
      }
    }
    this.shownRunning = running;
  }

  /**
   * The side panel scrolls too: on a laptop screen the list's box reaches below it, and the
   * running step must not sit cut off at the bottom (the page itself stays where it is).
   */
  showInPanel(row) {
    const panel = this.list.closest('.fac__panel');
    if (!panel || !row.isConnected) return;
    const box = panel.getBoundingClientRect();
    const at = row.getBoundingClientRect();
    if (at.bottom > box.bottom - 8) panel.scrollTop += Math.min(at.bottom - box.bottom + 8, at.top - box.top - 8);
    else if (at.top < box.top + 8) panel.scrollTop -= box.top + 8 - at.top;
  }

  render() {
    // Keep the field being typed in (and its cursor) across the redraw.
    const active = document.activeElement;
    const keep = this.focusNext || (active && active.dataset && active.dataset.planFocus) || null;
    const selection = active && typeof active.selectionStart === 'number' && !this.focusNext
      ? [active.selectionStart, active.selectionEnd] : null;
    this.focusNext = null;
    this.list.replaceChildren(...this.steps.map((step, index) => this.row(step, index)));
    $('#plan-empty').hidden = this.steps.length > 0;
    // Reordering and saving need steps.
    $('#plan-reorder-hint').hidden = this.steps.length < 2;
    $('#plan-save-form').hidden = this.steps.length === 0;
    $('#plan-count').textContent = this.steps.length ? tn('plan_steps_count', this.steps.length) : '';
    $('#plan-add').disabled = this.steps.length >= (rules.plan_steps_max || 60);
    this.markRunning();
    if (keep) {
      const target = keep === 'add' ? $('#plan-add') : this.list.querySelector(`[data-plan-focus="${CSS.escape(keep)}"]`);
      if (target) {
        target.focus({ preventScroll: false });
        if (selection && typeof target.setSelectionRange === 'function') {
          try { target.setSelectionRange(...selection); } catch (error) { /* not a text field */ }
        }
      }
    }
    this.tell();
  }

  summary(step) {
    const parts = [modeTitle(step.mode)];
    const place = stepPlace(step, blockByKey);
    if (place) parts.push(place);
    if (step.duration) parts.push(t('plan_minutes', { n: durationText(step.duration) }));
    if (step.mode === 'vote' && step.votes) parts.push(tn('plan_votes_count', step.votes));
    return parts.join(' · ');
  }

  row(step, index) {
    const n = index + 1;
    const open = this.open === step.id;
    const hasError = Array.from(this.errors.keys()).some((k) => k.startsWith(`${step.id}:`));
    const question = stepQuestion(step, blockByKey);
    const iconButton = (name, label, text, onClick, disabled) => h('button', {
      type: 'button', class: `planstep__icon planstep__icon--${name}`, 'aria-label': label, title: label,
      disabled, dataset: { planFocus: `${step.id}:${name}` }, on: { click: onClick } }, text);
    return h('li', { class: `planstep${open ? ' is-open' : ''}${hasError ? ' has-error' : ''}`, draggable: 'true',
      dataset: { step: step.id, index: String(index), block: step.block || '' } },
    h('div', { class: 'planstep__head' },
      h('span', { class: 'planstep__grip', 'aria-hidden': 'true', text: '⋮⋮' }),
      h('span', { class: 'planstep__n', text: String(n) }),
      h('button', { type: 'button', class: 'planstep__summary', 'aria-expanded': String(open),
        'aria-label': `${t('plan_step_n', { n })}: ${this.summary(step)}. ${t('plan_step_edit')}`,
        dataset: { planFocus: `${step.id}:summary` },
        on: { click: () => { this.open = open ? null : step.id; this.focusNext = `${step.id}:summary`; this.render(); } } },
      h('span', { class: 'planstep__what', text: this.summary(step) }),
      question || step.instruction ? h('span', { class: 'planstep__detail', text: step.instruction || question }) : null,
      h('span', { class: 'planstep__running', hidden: true, text: t('plan_step_running') })),
      h('span', { class: 'planstep__tools' },
        iconButton('up', t('plan_step_up', { n }), '↑', () => this.move(index, -1), index === 0),
        iconButton('down', t('plan_step_down', { n }), '↓', () => this.move(index, 1), index === this.steps.length - 1),
        iconButton('remove', t('plan_step_remove', { n }), '×', () => this.remove(index), false))),
    open ? this.editor(step, index) : null);
  }

  /** A labelled field of the step editor, with its error (from an ack) below it. */
  field(step, name, label, control, hint) {
    const id = `plan-${step.id}-${name}`;
    control.id = id;
    control.dataset.planFocus = `${step.id}:${name}`;
    const message = this.errors.get(`${step.id}:${name}`);
    const errorId = `${id}-error`;
    if (message) { control.setAttribute('aria-invalid', 'true'); control.setAttribute('aria-describedby', errorId); }
    return h('div', { class: `field planstep__field planstep__field--${name}` },
      h('label', { class: 'field__label', for: id, text: label }),
      control,
      hint ? h('p', { class: 'field__hint', text: hint }) : null,
      message ? h('p', { class: 'field__error', id: errorId, role: 'alert', text: message }) : null);
  }

  select(options, value, onChange) {
    return h('select', { class: 'input', on: { change: (event) => onChange(event.target.value) } },
      ...options.map(([key, text]) => h('option', { value: key, text, selected: String(value ?? '') === key })));
  }

  editor(step, index) {
    const set = (field, options) => (value) => this.setField(index, field, value, options);
    const block = step.block ? blockByKey.get(step.block) : null;
    const fields = [
      this.field(step, 'mode', t('plan_field_mode'),
        this.select((method.plan_modes || []).map((m) => [m.key, m.title]), step.mode, set('mode'))),
    ];
    if (!MODES_WITHOUT_BLOCK.has(step.mode)) {
      fields.push(this.field(step, 'block', t('plan_field_block'),
        this.select(blocks.map((b) => [b.key, b.title]), step.block, set('block'))));
      if (block && (block.subareas || []).length) {
        fields.push(this.field(step, 'subarea', t('plan_field_subarea'),
          this.select([['', t('plan_subarea_whole')], ...block.subareas.map((s) => [s.key, s.title])], step.subarea,
            (value) => this.setSubarea(index, value || null))));
      }
      // The questions of the chosen sub-area (or all of the block's), by their index in questions_all.
      const questions = (block ? block.questions_all || [] : []).map((q, i) => [String(i), q])
        .filter(([i]) => !step.subarea || subareaOfQuestion(step.block, Number(i)) === step.subarea);
      if (questions.length) {
        fields.push(this.field(step, 'question', t('plan_field_question'),
          this.select([['', t('plan_question_none')], ...questions], step.question,
            (value) => this.setField(index, 'question', value === '' ? null : Number(value)))));
      }
    }
    const duration = h('input', { class: 'input planstep__number', type: 'text', inputmode: 'decimal', maxlength: '6',
      autocomplete: 'off', value: durationText(step.duration),
      on: { input: (event) => {
        const seconds = parseDuration(event.target.value);
        const key = `${step.id}:duration`;
        if (Number.isNaN(seconds) || (seconds !== null && seconds > TIMER_MAX_MINUTES * 60)) {
          this.errors.set(key, t('plan_duration_bad', { max: TIMER_MAX_MINUTES }));
          this.showFieldError(step, 'duration');
          return;
        }
        this.errors.delete(key);
        this.showFieldError(step, 'duration');
        this.setField(index, 'duration', seconds, { typing: true });
      } } });
    fields.push(this.field(step, 'duration', t('plan_field_duration'), duration, t('plan_duration_hint')));
    if (step.mode === 'vote') {
      const votes = h('input', { class: 'input planstep__number', type: 'text', inputmode: 'numeric', maxlength: '3',
        autocomplete: 'off', value: String(step.votes || ''),
        on: { input: (event) => {
          const n = Number(event.target.value.trim());
          const key = `${step.id}:votes`;
          if (!Number.isInteger(n) || n < 1 || n > VOTES_MAX) {
            this.errors.set(key, t('plan_votes_bad', { max: VOTES_MAX }));
            this.showFieldError(step, 'votes');
            return;
          }
          this.errors.delete(key);
          this.showFieldError(step, 'votes');
          this.setField(index, 'votes', n, { typing: true });
        } } });
      fields.push(this.field(step, 'votes', t('plan_field_votes'), votes));
    }
    const instruction = h('textarea', { class: 'input planstep__instruction', rows: '3',
      maxlength: String(limits.step_instruction || 500), value: step.instruction || '',
      on: { input: (event) => this.setField(index, 'instruction', event.target.value, { typing: true }) } });
    fields.push(this.field(step, 'instruction', t('plan_field_instruction'), instruction,
      t('plan_instruction_hint', { max: limits.step_instruction || 500 })));
    if (step.source) fields.push(h('p', { class: 'planstep__source', text: `${t('source_label')}: ${step.source}` }));
    return h('div', { class: 'planstep__editor' }, ...fields);
  }

  /** Show (or clear) a field's error without redrawing the field being typed in. */
  showFieldError(step, name) {
    const row = this.list.querySelector(`[data-step="${CSS.escape(step.id)}"]`);
    const wrap = row && row.querySelector(`.planstep__field--${name}`);
    if (!wrap) return;
    const control = wrap.querySelector('input, select, textarea');
    const message = this.errors.get(`${step.id}:${name}`);
    let error = wrap.querySelector('.field__error');
    if (!message) {
      if (error) error.remove();
      control.removeAttribute('aria-invalid');
      return;
    }
    if (!error) {
      error = h('p', { class: 'field__error', id: `${control.id}-error`, role: 'alert' });
      wrap.appendChild(error);
    }
    error.textContent = message;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', error.id);
  }

  // ---------- Drag to reorder (the buttons do the same from the keyboard) ----------

  bindDrag() {
    const list = this.list;
    const rowOf = (event) => event.target.closest && event.target.closest('.planstep');
    list.addEventListener('dragstart', (event) => {
      const row = rowOf(event);
      // Not from a field of the editor: selecting text there must not drag the step.
      if (!row || event.target.closest('input, textarea, select')) { event.preventDefault(); return; }
      this.dragFrom = Number(row.dataset.index);
      row.classList.add('is-dragged');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', row.dataset.step);
    });
    list.addEventListener('dragover', (event) => {
      if (this.dragFrom === null) return;
      const row = rowOf(event);
      if (!row) return;
      event.preventDefault();
      for (const other of list.children) other.classList.toggle('is-drop-target', other === row);
    });
    list.addEventListener('drop', (event) => {
      const row = rowOf(event);
      if (this.dragFrom === null || !row) return;
      event.preventDefault();
      const from = this.dragFrom;
      this.dragFrom = null;
      this.change(moveStep(this.steps, from, Number(row.dataset.index)));
    });
    list.addEventListener('dragend', () => {
      this.dragFrom = null;
      for (const row of list.children) row.classList.remove('is-dragged', 'is-drop-target');
    });
  }
}
