// The name step: the name this device writes under (asked once, kept on the device), and the
// "writing as" line with its button to change it.
import { t, limits } from '../boot.js';
import { $ } from '../dom.js';
import { keys, load, save } from '../storage.js';

export class NameStep {
  /** onDone(changed): a name was given; `changed` when it differs from the one before. */
  constructor({ onDone }) {
    this.name = load(keys.name); // null: never asked on this device
    this.onDone = onDone;
    $('#name-form').addEventListener('submit', (event) => this.submit(event));
    $('#change-name').addEventListener('click', () => this.show({ change: true }));
  }

  /** Whether this device was asked for a name before (an empty name is an answer too). */
  get asked() {
    return this.name !== null;
  }

  /** Ask for the name; `change`: the page runs already, the name is being changed. */
  show({ change = false } = {}) {
    const step = $('#name-step');
    $('#name-input').value = this.name || '';
    step.hidden = false;
    if (change) step.classList.add('is-change');
    $('#name-input').focus();
  }

  showWhoami() {
    $('#whoami-text').textContent = this.name ? t('writing_as', { name: this.name }) : t('writing_anonymously');
  }

  submit(event) {
    event.preventDefault();
    const value = $('#name-input').value.trim().slice(0, limits.name);
    const changed = value !== this.name;
    this.name = value;
    save(keys.name, value);
    $('#name-step').hidden = true;
    this.showWhoami();
    this.onDone(changed);
  }
}
