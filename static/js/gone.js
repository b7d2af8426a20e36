// When a workshop is deleted, every page in it says so instead of showing a dead board.
import { t } from './boot.js';
import { h } from './dom.js';

let shown = false;

/** Replace the page by a clear message: the workshop no longer exists. */
export function showWorkshopDeleted() {
  if (shown) return;
  shown = true;
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  const title = h('h1', { class: 'gone__title', id: 'gone-title', tabindex: '-1', text: t('workshop_deleted_title') });
  document.body.appendChild(h('main', { class: 'gone', role: 'alert', 'aria-labelledby': 'gone-title' },
    h('section', { class: 'gone__card' },
      h('span', { class: 'brand__mark gone__mark', 'aria-hidden': 'true' }),
      title,
      h('p', { class: 'gone__text', text: t('workshop_deleted_text') }),
      h('a', { class: 'button button--primary', href: '/', text: t('back_home') }))));
  document.body.classList.add('is-gone');
  title.focus();
}
