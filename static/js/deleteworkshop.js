// Deleting a whole workshop (facilitator only), after an explicit question.
import { t } from './boot.js';
import { toastError } from './toast.js';
import { api, paths } from './api.js';
import { confirmDialog } from './confirm.js';

/**
 * Ask, then DELETE the workshop. Resolves true when it is gone. `onStart` runs just before the
 * request (so the page can ignore its own workshop:deleted broadcast), `onFail` when it failed.
 */
export async function deleteWorkshop({ code, key, title, onStart = () => {}, onFail = () => {} }) {
  const sure = await confirmDialog({
    title: t('delete_workshop_confirm_title', { title }),
    text: t('delete_workshop_confirm_text'),
    details: [t('delete_workshop_confirm_everyone'), t('delete_workshop_confirm_export')],
    confirmLabel: t('delete_workshop_confirm_yes'),
    danger: true,
  });
  if (!sure) return false;
  onStart();
  const result = await api(paths.workshop(code), { method: 'DELETE', key });
  if (!result.ok && result.status !== 404) {
    onFail();
    toastError(result);
    return false;
  }
  return true;
}
