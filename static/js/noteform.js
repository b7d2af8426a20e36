// The fields of a note or coalition card: block, sub-area, text, coalition fields and colour.
// Used to post (participant, facilitator) and to edit (the editor dialog).
import { h } from './dom.js';
import {
  t, method, blocks, blockByKey, colors, limits, DEFAULT_COLOR, COALITION_BLOCK, guidingQuestions,
} from './boot.js';

let formCount = 0;

function counter(input, max) {
  const el = h('p', { class: 'field__counter', 'aria-live': 'off' });
  const update = () => {
    const left = max - input.value.length;
    el.textContent = t('chars_left', { n: left });
    el.classList.toggle('is-low', left <= Math.min(40, max / 10));
  };
  input.addEventListener('input', update);
  update();
  return { el, update };
}

export class NoteForm {
  /**
   * options: help (show the key question and guiding questions), blockStyle ('segmented' |
   * 'select'), block/subarea/color (initial choice), textRows.
   */
  constructor(options = {}) {
    formCount += 1;
    this.prefix = `nf${formCount}`;
    this.quiet = true; // no nform:change while the form is being built or filled
    this.options = Object.assign({ help: true, blockStyle: 'segmented', textRows: 4 }, options);
    this.counters = [];
    this.el = h('div', { class: 'nform' });
    this.buildBlocks();
    this.subareaBox = h('fieldset', { class: 'nform__subareas' },
      h('legend', { class: 'field__label', text: t('choose_subarea') }),
      this.subareaChoices = h('div', { class: 'chips' }));
    this.el.appendChild(this.subareaBox);
    if (this.options.help) {
      this.help = h('div', { class: 'nform__help' },
        this.helpQuestion = h('p', { class: 'nform__question' }),
        this.helpTitle = h('p', { class: 'nform__help-title', text: t('guiding_questions') }),
        this.helpList = h('ul', { class: 'nform__questions' }));
      this.el.appendChild(this.help);
    }
    this.buildText();
    this.buildCoalition();
    this.buildColors();
    this.setBlock(this.options.block || blocks[0].key, this.options.subarea || null);
    this.setColor(this.options.color || DEFAULT_COLOR);
    this.quiet = false;
  }

  /**
   * Say that the page changed the form (not the user: their typing and choosing fire input and
   * change events): an 'nform:change' event on the form's element.
   */
  changed() {
    if (!this.quiet) this.el.dispatchEvent(new CustomEvent('nform:change'));
  }

  buildBlocks() {
    const name = `${this.prefix}-block`;
    if (this.options.blockStyle === 'select') {
      this.blockSelect = h('select', { id: name, class: 'input', on: { change: () => this.onBlockChange() } },
        blocks.map((b) => h('option', { value: b.key, text: b.title })));
      this.el.appendChild(h('div', { class: 'field' },
        h('label', { class: 'field__label', for: name, text: this.options.blockLabel || t('choose_block') }), this.blockSelect));
      return;
    }
    this.el.appendChild(h('fieldset', { class: 'nform__blocks' },
      h('legend', { class: 'field__label', text: t('choose_block') }),
      h('div', { class: 'segmented' }, blocks.map((b) => h('label', { class: `segmented__option segmented__option--${b.key}` },
        h('input', { type: 'radio', name, value: b.key, on: { change: () => this.onBlockChange() } }),
        h('span', { text: b.title }))))));
  }

  buildText() {
    const id = `${this.prefix}-text`;
    this.textLabel = h('label', { class: 'field__label', for: id });
    this.text = h('textarea', { id, class: 'input input--text', rows: String(this.options.textRows),
      maxlength: String(limits.text), required: true, autocomplete: 'off' });
    const c = counter(this.text, limits.text);
    this.counters.push(c);
    this.text.setAttribute('aria-describedby', `${id}-count`);
    c.el.id = `${id}-count`;
    this.el.appendChild(h('div', { class: 'field nform__text' }, this.textLabel, this.text, c.el));
  }

  buildCoalition() {
    const wid = `${this.prefix}-werkvorm`;
    this.werkvorm = h('select', { id: wid, class: 'input', required: true },
      h('option', { value: '', text: t('werkvorm_choose') }),
      (method.werkvormen || []).map((w) => h('option', { value: w.key, text: w.title })));
    this.coalitionInputs = {};
    const fields = (method.coalition_fields || []).map((field) => {
      const id = `${this.prefix}-${field.key}`;
      const input = h('textarea', { id, class: 'input', rows: '2', maxlength: String(limits.coalition_field),
        autocomplete: 'off' });
      this.coalitionInputs[field.key] = input;
      const c = counter(input, limits.coalition_field);
      this.counters.push(c);
      return h('div', { class: 'field' }, h('label', { class: 'field__label', for: id, text: field.title }), input, c.el);
    });
    this.coalitionBox = h('div', { class: 'nform__coalition' },
      h('div', { class: 'field' }, h('label', { class: 'field__label', for: wid, text: t('werkvorm') }), this.werkvorm),
      fields, this.buildCommitment());
    this.el.appendChild(this.coalitionBox);
  }

  /** The card's commitment: who leads it (one line), its first step and that step's date. */
  buildCommitment() {
    const titles = new Map((method.commitment_fields || []).map((f) => [f.key, f.title]));
    const field = (key, input, max) => {
      input.id = `${this.prefix}-${key}`;
      this.coalitionInputs[key] = input;
      const c = max ? counter(input, max) : null;
      if (c) this.counters.push(c);
      return h('div', { class: `field nform__${key}` },
        h('label', { class: 'field__label', for: input.id, text: titles.get(key) || key }), input, c ? c.el : null);
    };
    return h('div', { class: 'nform__commitment' },
      field('trekker', h('input', { type: 'text', class: 'input', maxlength: String(limits.trekker),
        autocomplete: 'off' }), limits.trekker),
      field('eerste_stap', h('textarea', { class: 'input', rows: '2', maxlength: String(limits.eerste_stap),
        autocomplete: 'off' }), limits.eerste_stap),
      field('datum', h('input', { type: 'date', class: 'input', maxlength: '10', min: '2000-01-01', max: '2199-12-31' })));
  }

  buildColors() {
    const name = `${this.prefix}-color`;
    this.el.appendChild(h('fieldset', { class: 'nform__colors' },
      h('legend', { class: 'field__label', text: t('color') }),
      h('div', { class: 'swatches' }, colors.map((c) => h('label', { class: 'swatch', title: c.title },
        h('input', { type: 'radio', name, value: c.key, 'aria-label': c.title }),
        h('span', { class: 'swatch__paper', style: { '--paper': c.hex } }))))));
  }

  get block() {
    if (this.blockSelect) return this.blockSelect.value;
    const checked = this.el.querySelector(`input[name="${this.prefix}-block"]:checked`);
    return checked ? checked.value : blocks[0].key;
  }

  get subarea() {
    const checked = this.subareaChoices.querySelector('input:checked');
    return checked && checked.value ? checked.value : null;
  }

  get color() {
    const checked = this.el.querySelector(`input[name="${this.prefix}-color"]:checked`);
    return checked ? checked.value : DEFAULT_COLOR;
  }

  setColor(key) {
    const input = this.el.querySelector(`input[name="${this.prefix}-color"][value="${CSS.escape(key)}"]`)
      || this.el.querySelector(`input[name="${this.prefix}-color"]`);
    if (input) input.checked = true;
    this.changed();
  }

  setBlock(blockKey, subareaKey = null) {
    if (!blockByKey.has(blockKey)) blockKey = blocks[0].key;
    if (this.blockSelect) this.blockSelect.value = blockKey;
    else {
      const input = this.el.querySelector(`input[name="${this.prefix}-block"][value="${CSS.escape(blockKey)}"]`);
      if (input) input.checked = true;
    }
    this.renderSubareas(blockKey, subareaKey);
    this.update();
    this.changed();
  }

  onBlockChange() {
    this.renderSubareas(this.block, null);
    this.update();
    if (this.onChange) this.onChange();
  }

  renderSubareas(blockKey, subareaKey) {
    const block = blockByKey.get(blockKey);
    const name = `${this.prefix}-sub`;
    const options = [{ key: '', title: t('subarea_any') }, ...block.subareas];
    this.subareaChoices.replaceChildren(...options.map((s) => h('label', { class: 'chip' },
      h('input', { type: 'radio', name, value: s.key, checked: (subareaKey || '') === s.key,
        on: { change: () => this.update() } }),
      h('span', { text: s.title }))));
    this.subareaBox.hidden = block.subareas.length === 0;
  }

  update() {
    const blockKey = this.block;
    const block = blockByKey.get(blockKey);
    const isCoalition = blockKey === COALITION_BLOCK;
    this.coalitionBox.hidden = !isCoalition;
    this.werkvorm.required = isCoalition;
    this.textLabel.textContent = isCoalition ? t('coalition_name') : t('note_text');
    this.text.placeholder = isCoalition ? t('coalition_name_placeholder') : t('note_placeholder');
    this.text.rows = isCoalition ? 2 : this.options.textRows;
    this.el.dataset.block = blockKey;
    if (this.help) {
      const questions = guidingQuestions(blockKey, this.subarea);
      this.helpQuestion.textContent = block.question;
      this.helpList.replaceChildren(...questions.map((q) => h('li', { text: q })));
      if (!questions.length) this.helpList.appendChild(h('li', { class: 'is-about', text: block.about }));
      this.helpTitle.hidden = questions.length === 0;
    }
  }

  /** The fields for note:add / note:update (without id). */
  value() {
    const block = this.block;
    const result = { block, subarea: this.subarea, text: this.text.value.trim(), color: this.color };
    if (blockByKey.get(block).subareas.length === 0) result.subarea = null;
    if (block === COALITION_BLOCK) {
      result.coalition = { werkvorm: this.werkvorm.value || null };
      for (const [key, input] of Object.entries(this.coalitionInputs)) result.coalition[key] = input.value.trim();
    }
    return result;
  }

  setValue(note) {
    const quiet = this.quiet;
    this.quiet = true; // one nform:change, once everything is filled in
    this.setBlock(note.block, note.subarea);
    this.setColor(note.color || DEFAULT_COLOR);
    this.text.value = note.text || '';
    const coalition = note.coalition || {};
    this.werkvorm.value = coalition.werkvorm || '';
    for (const [key, input] of Object.entries(this.coalitionInputs)) input.value = coalition[key] || '';
    this.counters.forEach((c) => c.update());
    this.quiet = quiet;
    this.changed();
  }

  /** Empty the text fields; block, sub-area and colour stay. */
  clear() {
    this.text.value = '';
    this.werkvorm.value = '';
    for (const input of Object.values(this.coalitionInputs)) input.value = '';
    this.counters.forEach((c) => c.update());
    this.changed();
  }

  /**
   * Put the cursor in the text field (after joining, after posting). The page moves only as far
   * as needed to show the field, and not at all when it is in view; on a phone the keyboard opens.
   */
  focusText() {
    const field = this.text;
    if (!field.offsetParent) return;
    field.focus({ preventScroll: true });
    const box = field.getBoundingClientRect();
    // scroll-margin-top: what a sticky bar covers at the top of the screen (the page's CSS).
    const covered = parseFloat(window.getComputedStyle(field).scrollMarginTop) || 0;
    if (box.top < covered || box.bottom > window.innerHeight) field.scrollIntoView({ block: 'nearest' });
  }

  /** A message when the form cannot be sent yet (and focus on the field), else null. */
  validate() {
    if (!this.text.value.trim()) {
      this.text.focus();
      return t('error.empty_text');
    }
    if (this.block === COALITION_BLOCK && !this.werkvorm.value) {
      this.werkvorm.focus();
      return t('error.unknown_werkvorm');
    }
    return null;
  }
}
