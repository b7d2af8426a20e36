// Short, polite messages at the bottom of the screen. Errors stay longer and can be dismissed.
import { h } from './dom.js';
import { t } from './boot.js';

function container() {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { class: 'toasts', id: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(box);
  }
  return box;
}

/** Show `message`; kind is 'info', 'success' or 'error'. Returns a function that removes it. */
export function toast(message, kind = 'info', { timeout } = {}) {
  const box = container();
  const close = () => {
    item.classList.add('is-leaving');
    window.setTimeout(() => item.remove(), 200);
  };
  const item = h('div', { class: `toast toast--${kind}`, role: kind === 'error' ? 'alert' : null },
    h('span', { class: 'toast__text', text: message }),
    h('button', { type: 'button', class: 'toast__close', 'aria-label': t('close'), title: t('close'),
      on: { click: close } }, '×'));
  // Do not stack the same message twice.
  for (const old of box.querySelectorAll('.toast')) {
    if (old.querySelector('.toast__text').textContent === message) old.remove();
  }
  box.appendChild(item);
  while (box.children.length > 4) box.firstElementChild.remove();
  const ms = timeout ?? (kind === 'error' ? 9000 : 2600);
  if (ms > 0) window.setTimeout(close, ms);
  return close;
}

/** Show the error of a failed ack or request ({ok:false, error, code}). */
export function toastError(result) {
  const message = (result && result.error) || t(`error.${(result && result.code) || 'internal'}`);
  return toast(message, 'error');
}
