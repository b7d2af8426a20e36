// A modal question with two answers (a <dialog>, as the note editor uses): resolves true or false.
import { h } from './dom.js';
import { t } from './boot.js';

let seq = 0;

/**
 * confirmDialog({title, text, details: [lines], confirmLabel, danger, otherLabel}) → Promise of
 * true (confirmed) or false (cancelled). With `otherLabel` a third answer sits between them and
 * resolves to 'other'. The safe answer (cancel) has the focus; Escape and the backdrop cancel.
 */
export function confirmDialog({ title, text, details = [], confirmLabel, danger = false, otherLabel = null }) {
  seq += 1;
  const titleId = `confirm-title-${seq}`;
  return new Promise((resolve) => {
    let answer = false;
    const close = (value) => { answer = value; dialog.close(); };
    const cancel = h('button', { type: 'button', class: 'button button--quiet', text: t('cancel'),
      on: { click: () => close(false) } });
    const dialog = h('dialog', { class: `dialog confirm${danger ? ' confirm--danger' : ''}${otherLabel ? ' confirm--three' : ''}`,
      'aria-labelledby': titleId },
      h('header', { class: 'dialog__head' },
        h('h2', { class: 'dialog__title', id: titleId, text: title }),
        h('button', { type: 'button', class: 'dialog__close', 'aria-label': t('close'), title: t('close'),
          on: { click: () => close(false) } }, '×')),
      h('div', { class: 'dialog__confirm' },
        h('p', { class: 'dialog__confirm-text', text }),
        details.length ? h('ul', { class: 'confirm__details' }, details.map((line) => h('li', { text: line }))) : null,
        h('div', { class: 'dialog__actions' },
          h('span', { class: 'dialog__spacer' }),
          cancel,
          otherLabel ? h('button', { type: 'button', class: 'button button--secondary', text: otherLabel,
            dataset: { other: '' }, on: { click: () => close('other') } }) : null,
          h('button', { type: 'button', class: `button ${danger ? 'button--danger' : 'button--primary'}`,
            text: confirmLabel, dataset: { confirm: '' }, on: { click: () => close(true) } }))));
    dialog.addEventListener('click', (event) => { if (event.target === dialog) close(false); });
    dialog.addEventListener('close', () => { dialog.remove(); resolve(answer); });
    document.body.appendChild(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
