// Copy buttons: <button data-copy="#input-id"> copies the value or text of its target.
import { t } from './boot.js';
import { toast } from './toast.js';

async function writeClipboard(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) { /* fall through */ }
  }
  // Plain http on a LAN has no Clipboard API: the old way still works on most browsers.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch (error) { ok = false; }
  area.remove();
  return ok;
}

export async function copyText(text, button) {
  const ok = await writeClipboard(text);
  if (ok && button) {
    const label = button.querySelector('.button__label') || button;
    const before = label.textContent;
    label.textContent = t('copied');
    button.classList.add('is-done');
    window.setTimeout(() => { label.textContent = before; button.classList.remove('is-done'); }, 1600);
  }
  if (!ok) toast(t('copy_failed'), 'error');
  return ok;
}

export function bindCopyButtons(root = document) {
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-copy]');
    if (!button || !root.contains(button)) return;
    const target = document.querySelector(button.dataset.copy);
    if (!target) return;
    const text = 'value' in target ? target.value : target.textContent;
    copyText(text, button).then((ok) => {
      if (!ok && typeof target.select === 'function') target.select();
    });
  });
}
