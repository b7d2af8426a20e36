// The pages never send more than the server takes. Every text field has a maxlength from
// boot.rules (canvas/services/rules.py), and a browser cuts a paste that does not fit without a
// word: watchPastes says so, with the limit. messageTooLarge refuses a Socket.IO message over
// the server's size limit before it is sent, with the server's own wording.
import { t, rules } from './boot.js';
import { toast } from './toast.js';

/**
 * How much of `pasted` does not fit in `field` (an input or textarea with a maxlength), as
 * { max, cut }; null if it all fits or the field has no limit.
 */
export function pasteOverflow(field, pasted) {
  const max = field.maxLength;
  if (!(max >= 0) || typeof pasted !== 'string') return null;
  // A textarea stores line breaks as \n; a one-line input drops them.
  const text = field.tagName === 'TEXTAREA' ? pasted.replace(/\r\n?/g, '\n') : pasted.replace(/[\r\n]/g, '');
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const length = field.value.length - (end - start) + text.length;
  return length > max ? { max, cut: length - max } : null;
}

/** Tell the user, in their language, when a paste into any limited field of the page was cut. */
export function watchPastes(root = document) {
  root.addEventListener('paste', (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
    const over = pasteOverflow(field, event.clipboardData && event.clipboardData.getData('text'));
    if (over) toast(t('paste_too_long', over), 'error');
  }, true);
}

/** The refusal (as an ack) of a message over the server's size limit, or null if it fits. */
export function messageTooLarge(event, payload) {
  const max = rules.socket_message_max;
  if (!max) return null;
  // UTF-8 bytes of the frame as Socket.IO sends it (an upper bound: ["event",payload] plus id).
  const size = new TextEncoder().encode(JSON.stringify([event, payload === undefined ? null : payload])).length + 32;
  if (size <= max) return null;
  const kb = Math.floor(max / 1024);
  return { ok: false, code: 'message_too_large', error: t('error.message_too_large', { max: kb }) };
}
