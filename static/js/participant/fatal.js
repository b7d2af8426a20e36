// When the page cannot go on (the workshop does not exist, this participant was removed): one
// card that says why, with the way back home.
import { t } from '../boot.js';
import { $, h } from '../dom.js';

export function showFatal(message, title = t('error_title')) {
  $('#name-step').hidden = true;
  $('#app').hidden = true;
  const main = $('#main');
  if (main.querySelector('.fatal')) return;
  main.appendChild(h('section', { class: 'card fatal', role: 'alert' },
    h('h2', { class: 'card__title', text: title }),
    h('p', { text: message }),
    h('a', { class: 'button button--primary', href: '/', text: t('back_home') })));
}

/** The facilitator removed this participant: close what is open and say so. */
export function showRemoved() {
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  showFatal(t('removed_text'), t('removed_title'));
}
